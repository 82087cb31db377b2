/**
 * Parses the ZIP central directory into records, reading it in 1 MB windows (record-reader.ts). It
 * replaces unzipper's Open.file, whose pull parser resolved several promises per record: on a 27,000-entry archive that was
 * 140-220 ms and most of the garbage a preview made, for a directory that is one 2.5 MB read. Parsing
 * only: every check of what the records say (names, flags, canonical values, layout) stays in
 * entry-checks.ts and zip-structure.ts, which compare these records exactly as they compared unzipper's.
 */
import type { FileHandle } from 'node:fs/promises';

import { badDirectory, RecordReader } from './record-reader';
import { MAX_32, ZIP64_EXTRA_ID } from './zip-format';
import type { EndOfDirectory, LayoutRecord } from './zip-structure';

/** A central directory record; `extra` holds the ZIP64 values, empty when the record has none. */
export interface CentralRecord extends LayoutRecord {
	extra: Zip64Extra;
	/** Where the record starts in the file, so it can be read again (readCentralRecordAt). */
	directoryAt: number;
}

export type Zip64Extra = {
	uncompressedSize?: number;
	compressedSize?: number;
	offsetToLocalFileHeader?: number;
};

const RECORD_FIXED_BYTES = 46;
const WINDOW_BYTES = 1024 * 1024;

/**
 * The `extra` of every record without a ZIP64 field: one shared frozen object, not an empty one per record
 * (27,500 of them, 1.5 MB of heap, on the full-size bench archive).
 */
const NO_ZIP64_EXTRA: Zip64Extra = Object.freeze( {} );

/**
 * The ZIP64 extended information field (APPNOTE 4.5.3): its values appear, in this order, only for the
 * fields the record saturated at 0xFFFFFFFF. Other extra fields are skipped, as unzipper skipped them.
 * @param field
 * @param record
 */
function parseZip64Extra(
	field: Buffer,
	record: Pick<
		LayoutRecord,
		'uncompressedSize' | 'compressedSize' | 'offsetToLocalFileHeader'
	>
): Zip64Extra {
	for ( let at = 0; at + 4 <= field.length; ) {
		const id = field.readUInt16LE( at );
		const size = field.readUInt16LE( at + 2 );
		if ( id !== ZIP64_EXTRA_ID ) {
			at += 4 + size;
			continue;
		}
		const values = field.subarray( at + 4, at + 4 + size );
		const extra: Zip64Extra = {};
		let next = 0;
		const take = () => {
			if ( next + 8 > values.length ) {
				throw badDirectory( 'a ZIP64 extra field is too short' );
			}
			const value = Number( values.readBigUInt64LE( next ) );
			next += 8;
			return value;
		};
		if ( record.uncompressedSize === MAX_32 ) {
			extra.uncompressedSize = take();
		}
		if ( record.compressedSize === MAX_32 ) {
			extra.compressedSize = take();
		}
		if ( record.offsetToLocalFileHeader === MAX_32 ) {
			extra.offsetToLocalFileHeader = take();
		}
		return extra;
	}
	return NO_ZIP64_EXTRA;
}

/** Bytes of the directory at a position, or the named error when a record would run past its end. */
type DirectorySlice = ( position: number, length: number ) => Buffer;

function directorySlice(
	fd: number,
	end: EndOfDirectory,
	windowBytes: number
): DirectorySlice {
	const reader = new RecordReader( fd );
	const directoryEnd = end.directoryOffset + end.directorySize;
	return ( position, length ) => {
		if ( position + length > directoryEnd ) {
			throw badDirectory(
				`a directory record at byte ${ position } runs past the end of the directory`
			);
		}
		return reader.at( position, length, windowBytes );
	};
}

/**
 * The record at `at` and where the next one starts.
 * @param slice
 * @param at
 */
function parseRecord(
	slice: DirectorySlice,
	at: number
): { record: CentralRecord; next: number } {
	const fixed = slice( at, RECORD_FIXED_BYTES );
	const nameLength = fixed.readUInt16LE( 28 );
	const extraFieldLength = fixed.readUInt16LE( 30 );
	const fileCommentLength = fixed.readUInt16LE( 32 );
	const variable = slice(
		at + RECORD_FIXED_BYTES,
		nameLength + extraFieldLength + fileCommentLength
	);
	const pathBuffer = Buffer.from( variable.subarray( 0, nameLength ) );
	const record: CentralRecord = {
		signature: fixed.readUInt32LE( 0 ),
		versionMadeBy: fixed.readUInt16LE( 4 ),
		versionsNeededToExtract: fixed.readUInt16LE( 6 ),
		flags: fixed.readUInt16LE( 8 ),
		compressionMethod: fixed.readUInt16LE( 10 ),
		lastModifiedTime: fixed.readUInt16LE( 12 ),
		lastModifiedDate: fixed.readUInt16LE( 14 ),
		crc32: fixed.readUInt32LE( 16 ),
		compressedSize: fixed.readUInt32LE( 20 ),
		uncompressedSize: fixed.readUInt32LE( 24 ),
		extraFieldLength,
		fileCommentLength,
		diskNumber: fixed.readUInt16LE( 34 ),
		internalFileAttributes: fixed.readUInt16LE( 36 ),
		externalFileAttributes: fixed.readUInt32LE( 38 ),
		offsetToLocalFileHeader: fixed.readUInt32LE( 42 ),
		pathBuffer,
		path: pathBuffer.toString( 'utf8' ),
		extra: NO_ZIP64_EXTRA,
		directoryAt: at,
	};
	record.extra = parseZip64Extra(
		variable.subarray( nameLength, nameLength + extraFieldLength ),
		record
	);
	record.uncompressedSize =
		record.extra.uncompressedSize ?? record.uncompressedSize;
	record.compressedSize =
		record.extra.compressedSize ?? record.compressedSize;
	record.offsetToLocalFileHeader =
		record.extra.offsetToLocalFileHeader ?? record.offsetToLocalFileHeader;
	return {
		record,
		next:
			at +
			RECORD_FIXED_BYTES +
			nameLength +
			extraFieldLength +
			fileCommentLength,
	};
}

/**
 * Visits every record of the central directory the end record located, in directory order, one at a time:
 * a caller that keeps only part of each record never holds them all.
 * @param handle
 * @param end    from readEndOfDirectory (offset and size already proven consistent)
 * @param visit
 */
export function forEachCentralRecord(
	handle: FileHandle,
	end: EndOfDirectory,
	visit: ( record: CentralRecord ) => void
): void {
	// Each record from the window of the last 1 MB read; a record past the directory's end is refused.
	const slice = directorySlice( handle.fd, end, WINDOW_BYTES );
	let at = end.directoryOffset;
	for ( let i = 0; i < end.entryCount; i++ ) {
		const { record, next } = parseRecord( slice, at );
		visit( record );
		at = next;
	}
}

/**
 * Every record of the central directory the end record located, in directory order.
 * @param handle
 * @param end    from readEndOfDirectory (offset and size already proven consistent)
 */
export function readCentralDirectory(
	handle: FileHandle,
	end: EndOfDirectory
): CentralRecord[] {
	const records: CentralRecord[] = [];
	forEachCentralRecord( handle, end, ( record ) => records.push( record ) );
	return records;
}

/**
 * Reads records again by their own positions (a CentralRecord's `directoryAt`) through one 1 MB window:
 * records asked for in nearly directory order (the order the writer laid entries out in) cost one read
 * per megabyte of directory.
 * @param fd
 * @param end the directory they belong to
 */
export function centralRecordReader(
	fd: number,
	end: EndOfDirectory
): ( directoryAt: number ) => CentralRecord {
	const ahead = directorySlice( fd, end, WINDOW_BYTES );
	const back = directorySlice( fd, end, 512 );
	let furthest = -1;
	return ( directoryAt ) => {
		// Only forward through the big window, so its reads never overlap: a directory in an order unlike
		// its entries' (which this writer never makes) costs a small read per record, not a megabyte each.
		if ( directoryAt < furthest ) {
			return parseRecord( back, directoryAt ).record;
		}
		furthest = directoryAt;
		return parseRecord( ahead, directoryAt ).record;
	};
}

/**
 * The one record that starts at `directoryAt` (a CentralRecord's own position), read again from the file.
 * @param fd
 * @param end         the directory it belongs to
 * @param directoryAt
 */
export function readCentralRecordAt(
	fd: number,
	end: EndOfDirectory,
	directoryAt: number
): CentralRecord {
	// One read for the fixed part and a typical name.
	return parseRecord( directorySlice( fd, end, 512 ), directoryAt ).record;
}
