/* eslint-disable no-bitwise -- ZIP records are bit fields and little-endian integers. */
/**
 * The bytes of every ZIP record a SyteOps archive holds, as pure functions of the entry's facts. The layout
 * is the canonical one the reader enforces (zip-structure.ts; docs/archive-format.md "Canonical ZIP"), and
 * it is byte for byte what archiver 8 wrote before this writer replaced it, so archives of both agree:
 * - every entry is streamed: its local header names version 2.0, flag 0x0008 (a data descriptor follows
 *   the data, since the sizes are not known when the header is written) and zero CRC and sizes;
 * - names are UTF-8; a name that is not ASCII also sets flag 0x0800;
 * - an entry whose size or compressed size reaches 4 GiB gets a ZIP64 data descriptor (8-byte sizes);
 * - an entry that needs ZIP64 by size, or whose local header starts at or past 4 GiB, gets a ZIP64 extra
 *   field in its directory record (size, compressed size, offset; the 32-bit fields saturated) and
 *   version 4.5 there;
 * - the archive gets a ZIP64 end record and locator when it has over 65,535 entries or its directory
 *   starts at or past 4 GiB or is that long; the classic end record then has its counts and offsets saturated.
 */
import {
	CANONICAL_EXTERNAL_ATTRIBUTES,
	CANONICAL_VERSION_MADE_BY,
	CENTRAL_SIGNATURE,
	DESCRIPTOR_SIGNATURE,
	END_SIGNATURE,
	FLAG_DESCRIPTOR,
	FLAG_UTF8_NAME,
	hasZip64Sizes,
	LOCAL_SIGNATURE,
	MAX_16,
	MAX_32,
	METHOD_DEFLATED,
	METHOD_STORED,
	VERSION_STREAMED,
	VERSION_ZIP64,
	ZIP64_END_SIGNATURE,
	ZIP64_EXTRA_ID,
	ZIP64_LOCATOR_SIGNATURE,
} from './zip-format';

/** What the directory needs to know of one written entry. */
export interface WrittenEntry {
	name: Buffer;
	method: typeof METHOD_STORED | typeof METHOD_DEFLATED;
	/** MS-DOS date (high 16 bits) and time (low 16 bits), as dosDateTime returns. */
	dosTime: number;
	crc32: number;
	compressedSize: number;
	size: number;
	/** Where its local header starts. */
	offset: number;
}

/**
 * MS-DOS date and time in UTC (two-second resolution), clamped to the range the format can hold.
 * @param date
 */
export function dosDateTime( date: Date ): number {
	const year = date.getUTCFullYear();
	if ( year < 1980 ) {
		return 0x00210000; // 1980-01-01 00:00:00
	}
	if ( year >= 2044 ) {
		return 0x7f9fbf7d; // 2043-12-31 23:59:58
	}
	return (
		( ( ( year - 1980 ) << 25 ) |
			( ( date.getUTCMonth() + 1 ) << 21 ) |
			( date.getUTCDate() << 16 ) |
			( date.getUTCHours() << 11 ) |
			( date.getUTCMinutes() << 5 ) |
			( date.getUTCSeconds() >> 1 ) ) >>>
		0
	);
}

function flagsOf( name: Buffer, nameText: string ): number {
	return name.length === nameText.length
		? FLAG_DESCRIPTOR
		: FLAG_DESCRIPTOR | FLAG_UTF8_NAME;
}

/**
 * The entry name as written, with the flags that go with it.
 * @param path the validated entry path
 */
export function encodeName( path: string ): { name: Buffer; flags: number } {
	const name = Buffer.from( path, 'utf8' );
	return { name, flags: flagsOf( name, path ) };
}

function nameFlags( name: Buffer ): number {
	return flagsOf( name, name.toString( 'utf8' ) );
}

function needsZip64Record( entry: WrittenEntry ): boolean {
	return (
		hasZip64Sizes( entry.compressedSize, entry.size ) ||
		entry.offset >= MAX_32
	);
}

/**
 * The local header written before an entry's data (CRC and sizes follow in its data descriptor).
 * @param name
 * @param method
 * @param dosTime
 */
export function localHeader(
	name: Buffer,
	method: WrittenEntry[ 'method' ],
	dosTime: number
): Buffer {
	const header = Buffer.alloc( 30 + name.length );
	header.writeUInt32LE( LOCAL_SIGNATURE, 0 );
	header.writeUInt16LE( VERSION_STREAMED, 4 );
	header.writeUInt16LE( nameFlags( name ), 6 );
	header.writeUInt16LE( method, 8 );
	header.writeUInt32LE( dosTime, 10 );
	// CRC-32 and both sizes (14..25) stay zero: the data descriptor carries them.
	header.writeUInt16LE( name.length, 26 );
	header.writeUInt16LE( 0, 28 );
	name.copy( header, 30 );
	return header;
}

/**
 * The data descriptor written after an entry's data.
 * @param entry
 */
export function dataDescriptor(
	entry: Pick< WrittenEntry, 'crc32' | 'size' | 'compressedSize' >
): Buffer {
	if ( hasZip64Sizes( entry.compressedSize, entry.size ) ) {
		const descriptor = Buffer.alloc( 24 );
		descriptor.writeUInt32LE( DESCRIPTOR_SIGNATURE, 0 );
		descriptor.writeUInt32LE( entry.crc32, 4 );
		descriptor.writeBigUInt64LE( BigInt( entry.compressedSize ), 8 );
		descriptor.writeBigUInt64LE( BigInt( entry.size ), 16 );
		return descriptor;
	}
	const descriptor = Buffer.alloc( 16 );
	descriptor.writeUInt32LE( DESCRIPTOR_SIGNATURE, 0 );
	descriptor.writeUInt32LE( entry.crc32, 4 );
	descriptor.writeUInt32LE( entry.compressedSize, 8 );
	descriptor.writeUInt32LE( entry.size, 12 );
	return descriptor;
}

/**
 * The entry's central directory record.
 * @param entry
 */
export function centralRecord( entry: WrittenEntry ): Buffer {
	const zip64 = needsZip64Record( entry );
	const extraLength = zip64 ? 28 : 0;
	const record = Buffer.alloc( 46 + entry.name.length + extraLength );
	record.writeUInt32LE( CENTRAL_SIGNATURE, 0 );
	record.writeUInt16LE( CANONICAL_VERSION_MADE_BY, 4 );
	record.writeUInt16LE( zip64 ? VERSION_ZIP64 : VERSION_STREAMED, 6 );
	record.writeUInt16LE( nameFlags( entry.name ), 8 );
	record.writeUInt16LE( entry.method, 10 );
	record.writeUInt32LE( entry.dosTime, 12 );
	record.writeUInt32LE( entry.crc32, 16 );
	record.writeUInt32LE( zip64 ? MAX_32 : entry.compressedSize, 20 );
	record.writeUInt32LE( zip64 ? MAX_32 : entry.size, 24 );
	record.writeUInt16LE( entry.name.length, 28 );
	record.writeUInt16LE( extraLength, 30 );
	// Comment length, disk number and internal attributes (32..37) stay zero.
	record.writeUInt32LE( CANONICAL_EXTERNAL_ATTRIBUTES, 38 );
	record.writeUInt32LE( zip64 ? MAX_32 : entry.offset, 42 );
	entry.name.copy( record, 46 );
	if ( zip64 ) {
		const at = 46 + entry.name.length;
		record.writeUInt16LE( ZIP64_EXTRA_ID, at );
		record.writeUInt16LE( 24, at + 2 );
		record.writeBigUInt64LE( BigInt( entry.size ), at + 4 );
		record.writeBigUInt64LE( BigInt( entry.compressedSize ), at + 12 );
		record.writeBigUInt64LE( BigInt( entry.offset ), at + 20 );
	}
	return record;
}

/**
 * The records after the central directory: the ZIP64 end record and its locator when needed, then the
 * classic end record (no comment).
 * @param entryCount
 * @param directoryOffset where the central directory starts
 * @param directorySize   its length in bytes
 */
export function endRecords(
	entryCount: number,
	directoryOffset: number,
	directorySize: number
): Buffer {
	const zip64 =
		entryCount > MAX_16 ||
		directoryOffset >= MAX_32 ||
		directorySize >= MAX_32;
	const end = Buffer.alloc( 22 );
	end.writeUInt32LE( END_SIGNATURE, 0 );
	// Disk numbers (4..7) stay zero.
	end.writeUInt16LE( zip64 ? MAX_16 : entryCount, 8 );
	end.writeUInt16LE( zip64 ? MAX_16 : entryCount, 10 );
	end.writeUInt32LE( zip64 ? MAX_32 : directorySize, 12 );
	end.writeUInt32LE( zip64 ? MAX_32 : directoryOffset, 16 );
	// Comment length (20..21) stays zero.
	if ( ! zip64 ) {
		return end;
	}
	const record = Buffer.alloc( 56 + 20 );
	record.writeUInt32LE( ZIP64_END_SIGNATURE, 0 );
	record.writeBigUInt64LE( 44n, 4 ); // the size of the rest of this record
	record.writeUInt16LE( VERSION_ZIP64, 12 );
	record.writeUInt16LE( VERSION_ZIP64, 14 );
	// This disk and the directory's disk (16..23) stay zero.
	record.writeBigUInt64LE( BigInt( entryCount ), 24 );
	record.writeBigUInt64LE( BigInt( entryCount ), 32 );
	record.writeBigUInt64LE( BigInt( directorySize ), 40 );
	record.writeBigUInt64LE( BigInt( directoryOffset ), 48 );
	// The locator: on disk 0, where the ZIP64 end record starts, of 1 disk in total.
	record.writeUInt32LE( ZIP64_LOCATOR_SIGNATURE, 56 );
	record.writeBigUInt64LE( BigInt( directoryOffset + directorySize ), 64 );
	record.writeUInt32LE( 1, 72 );
	return Buffer.concat( [ record, end ] );
}
