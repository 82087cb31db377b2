/* eslint-disable no-bitwise -- ZIP headers are bit fields; reading them needs bitwise operators. */
/**
 * Byte-level ZIP structure checks beyond the directory's own (entry-checks.ts). A SyteOps archive is canonical: entries
 * sit back to back from offset 0, each local header agrees with its directory record, the directory ends
 * exactly where the end record says, and every record carries the values our writer emits. So any flipped
 * byte outside entry data is a structural finding, and any flipped byte inside it fails CRC/SHA-256.
 */
import type { FileHandle } from 'node:fs/promises';

import { SyteOpsError } from '../errors';
import { badDirectory, RecordReader } from './record-reader';
import {
	CANONICAL_EXTERNAL_ATTRIBUTES,
	CANONICAL_VERSION_MADE_BY,
	CENTRAL_SIGNATURE,
	DESCRIPTOR_SIGNATURE,
	END_SIGNATURE as EOCD_SIGNATURE,
	FLAG_DESCRIPTOR,
	hasZip64Sizes,
	LOCAL_SIGNATURE,
	VERSION_STREAMED,
	ZIP64_END_SIGNATURE as ZIP64_RECORD_SIGNATURE,
	ZIP64_LOCATOR_SIGNATURE,
} from './zip-format';

const EOCD_SIZE = 22;

export interface EndOfDirectory {
	entryCount: number;
	directoryOffset: number;
	directorySize: number;
	/** Where the central directory must end (the end record, or the ZIP64 end record). */
	directoryEnd: number;
}

/** The central directory fields the layout check compares (see central-directory.ts). */
export interface LayoutRecord {
	signature: number;
	path: string;
	pathBuffer: Buffer;
	versionMadeBy: number;
	versionsNeededToExtract: number;
	flags: number;
	compressionMethod: number;
	lastModifiedTime: number;
	lastModifiedDate: number;
	crc32: number;
	compressedSize: number;
	uncompressedSize: number;
	extraFieldLength: number;
	fileCommentLength: number;
	diskNumber: number;
	internalFileAttributes: number;
	externalFileAttributes: number;
	offsetToLocalFileHeader: number;
	extra?: Record< string, unknown >;
}

async function readAt(
	handle: FileHandle,
	position: number,
	length: number
): Promise< Buffer > {
	const buffer = Buffer.alloc( length );
	const { bytesRead } = await handle.read( buffer, 0, length, position );
	if ( bytesRead !== length ) {
		throw badDirectory(
			`a record at byte ${ position } runs past the end of the file`
		);
	}
	return buffer;
}

async function readZip64End(
	handle: FileHandle,
	eocdOffset: number
): Promise< EndOfDirectory > {
	const locator = await readAt( handle, eocdOffset - 20, 20 );
	if ( locator.readUInt32LE( 0 ) !== ZIP64_LOCATOR_SIGNATURE ) {
		throw badDirectory( 'the ZIP64 end locator is missing' );
	}
	const recordOffset = Number( locator.readBigUInt64LE( 8 ) );
	const record = await readAt( handle, recordOffset, 56 );
	if (
		record.readUInt32LE( 0 ) !== ZIP64_RECORD_SIGNATURE ||
		recordOffset + 56 !== eocdOffset - 20
	) {
		throw badDirectory( 'the ZIP64 end record is damaged' );
	}
	return {
		entryCount: Number( record.readBigUInt64LE( 32 ) ),
		directorySize: Number( record.readBigUInt64LE( 40 ) ),
		directoryOffset: Number( record.readBigUInt64LE( 48 ) ),
		directoryEnd: recordOffset,
	};
}

/**
 * Finds the end-of-central-directory record; its absence means the file is truncated (or not a ZIP).
 * @param handle
 * @param fileSize
 */
export async function readEndOfDirectory(
	handle: FileHandle,
	fileSize: number
): Promise< EndOfDirectory > {
	if ( fileSize < EOCD_SIZE ) {
		throw new SyteOpsError( 'syteops_archive_truncated', {
			reason: `only ${ fileSize } bytes`,
		} );
	}
	// Canonical archives carry no ZIP comment, so the end record is the last 22 bytes.
	const eocdOffset = fileSize - EOCD_SIZE;
	const eocd = await readAt( handle, eocdOffset, EOCD_SIZE );
	if ( eocd.readUInt32LE( 0 ) !== EOCD_SIGNATURE ) {
		throw new SyteOpsError( 'syteops_archive_truncated', {
			reason: 'the end-of-central-directory record is missing',
		} );
	}
	if (
		eocd.readUInt16LE( 4 ) !== 0 ||
		eocd.readUInt16LE( 6 ) !== 0 ||
		eocd.readUInt16LE( 20 ) !== 0
	) {
		throw badDirectory( 'the end record names other disks or a comment' );
	}
	const count = eocd.readUInt16LE( 10 );
	if ( eocd.readUInt16LE( 8 ) !== count ) {
		throw badDirectory( 'the end record’s entry counts disagree' );
	}
	const end =
		count === 0xffff || eocd.readUInt32LE( 16 ) === 0xffffffff
			? await readZip64End( handle, eocdOffset )
			: {
					entryCount: count,
					directorySize: eocd.readUInt32LE( 12 ),
					directoryOffset: eocd.readUInt32LE( 16 ),
					directoryEnd: eocdOffset,
				};
	if ( end.directoryOffset + end.directorySize !== end.directoryEnd ) {
		throw badDirectory(
			'the central directory does not end where the end record says'
		);
	}
	return end;
}

/**
 * The fields that are the same in every record a SyteOps archive writes (see entry-checks.ts for names).
 * @param record
 */
export function checkCentralRecord( record: LayoutRecord ): void {
	const canonical =
		record.signature === CENTRAL_SIGNATURE &&
		record.versionMadeBy === CANONICAL_VERSION_MADE_BY &&
		record.externalFileAttributes === CANONICAL_EXTERNAL_ATTRIBUTES &&
		record.fileCommentLength === 0 &&
		record.diskNumber === 0 &&
		record.internalFileAttributes === 0;
	if ( ! canonical ) {
		throw badDirectory(
			`the directory record of ${ record.path } is damaged`
		);
	}
}

function isZip64( record: LayoutRecord ): boolean {
	return Object.keys( record.extra ?? {} ).length > 0;
}

/** Read with a data descriptor: the next local header and a typical name (see RecordReader.at). */
const NEXT_HEADER_LOOKAHEAD = 30 + 226;

/**
 * Reads one local header (and data descriptor) and returns where the entry's bytes end.
 * @param reader
 * @param record
 */
function checkLocalEntry(
	reader: RecordReader,
	record: LayoutRecord
): { dataStart: number; end: number } {
	const at = record.offsetToLocalFileHeader;
	// One read for the fixed header and the name the directory expects; a different name length in the
	// header fails the comparison below, and only then is the name read on its own.
	const expectedName = record.pathBuffer.length;
	const block = reader.at( at, 30 + expectedName );
	const header = block.subarray( 0, 30 );
	const nameLength = header.readUInt16LE( 26 );
	const extraLength = header.readUInt16LE( 28 );
	const name =
		nameLength === expectedName
			? block.subarray( 30 )
			: reader.at( at + 30, nameLength );
	const zip64 = isZip64( record );
	const usesDescriptor = ( record.flags & FLAG_DESCRIPTOR ) !== 0;
	// A streamed entry's local header is written before its size is known, so it names version 2.0 even
	// when the directory record, written at the end, names 4.5 for its ZIP64 extra field.
	const localVersionAgrees =
		header.readUInt16LE( 4 ) === record.versionsNeededToExtract ||
		( zip64 &&
			usesDescriptor &&
			header.readUInt16LE( 4 ) === VERSION_STREAMED );
	const sizesInHeader = usesDescriptor
		? [ 0, 0, 0 ]
		: [ record.crc32, record.compressedSize, record.uncompressedSize ];
	const agrees =
		header.readUInt32LE( 0 ) === LOCAL_SIGNATURE &&
		localVersionAgrees &&
		header.readUInt16LE( 6 ) === record.flags &&
		header.readUInt16LE( 8 ) === record.compressionMethod &&
		header.readUInt16LE( 10 ) === record.lastModifiedTime &&
		header.readUInt16LE( 12 ) === record.lastModifiedDate &&
		name.equals( record.pathBuffer ) &&
		( zip64 ||
			( extraLength === 0 &&
				header.readUInt32LE( 14 ) === sizesInHeader[ 0 ] &&
				header.readUInt32LE( 18 ) === sizesInHeader[ 1 ] &&
				header.readUInt32LE( 22 ) === sizesInHeader[ 2 ] ) );
	if ( ! agrees ) {
		throw badDirectory(
			`the local header of ${ record.path } disagrees with its directory record`
		);
	}
	const dataStart = at + 30 + nameLength + extraLength;
	const dataEnd = dataStart + record.compressedSize;
	if ( ! usesDescriptor ) {
		return { dataStart, end: dataEnd };
	}
	return {
		dataStart,
		end:
			dataEnd +
			checkDescriptor(
				reader,
				record,
				dataEnd,
				hasZip64Sizes( record.compressedSize, record.uncompressedSize )
			),
	};
}

function checkDescriptor(
	reader: RecordReader,
	record: LayoutRecord,
	at: number,
	zip64: boolean
): number {
	const length = zip64 ? 24 : 16;
	const descriptor = reader.at( at, length, NEXT_HEADER_LOOKAHEAD );
	const sizes = zip64
		? [
				Number( descriptor.readBigUInt64LE( 8 ) ),
				Number( descriptor.readBigUInt64LE( 16 ) ),
			]
		: [ descriptor.readUInt32LE( 8 ), descriptor.readUInt32LE( 12 ) ];
	if (
		descriptor.readUInt32LE( 0 ) !== DESCRIPTOR_SIGNATURE ||
		descriptor.readUInt32LE( 4 ) !== record.crc32 ||
		sizes[ 0 ] !== record.compressedSize ||
		sizes[ 1 ] !== record.uncompressedSize
	) {
		throw badDirectory(
			`the data descriptor of ${ record.path } disagrees with its directory record`
		);
	}
	return length;
}

/**
 * Each directory record canonical, one record at a time, then with finish() the records filling the
 * directory exactly (the count is the caller's: it reads exactly the end record's count).
 */
export class DirectoryFill {
	private directoryBytes = 0;

	constructor( private readonly end: EndOfDirectory ) {}

	add( record: LayoutRecord ): void {
		checkCentralRecord( record );
		this.directoryBytes +=
			46 +
			record.pathBuffer.length +
			record.extraFieldLength +
			record.fileCommentLength;
	}

	finish(): void {
		if ( this.directoryBytes !== this.end.directorySize ) {
			throw badDirectory(
				'the directory records do not fill the directory exactly'
			);
		}
	}
}

/**
 * Proves that the entries tile the file from byte 0 to the directory, one record at a time in the order of
 * their local offsets (the records already checked canonical by DirectoryFill): each starts where the
 * previous one ended, and its local header (and data descriptor) agree with its directory record. The reader
 * keeps only part of each record and reads each again for this (see zip-reader.ts), rather than holding
 * every whole record at once.
 */
export class EntryTiling {
	private readonly reader: RecordReader;
	private expected = 0;

	constructor(
		fd: number,
		private readonly end: EndOfDirectory
	) {
		this.reader = new RecordReader( fd );
	}

	/**
	 * Checks the next entry in the file: it starts where the previous one ended and its local header (and
	 * data descriptor) agree with its record. Returns where its data starts.
	 * @param record
	 */
	add( record: LayoutRecord ): number {
		if ( record.offsetToLocalFileHeader !== this.expected ) {
			throw badDirectory(
				`the entry ${ record.path } is not where the previous entry ends`
			);
		}
		const local = checkLocalEntry( this.reader, record );
		this.expected = local.end;
		return local.dataStart;
	}

	/** Yields to the event loop now and then (see RecordReader.breathe). */
	breathe(): Promise< void > {
		return this.reader.breathe();
	}

	finish(): void {
		if ( this.expected !== this.end.directoryOffset ) {
			throw badDirectory(
				'there are bytes between the last entry and the directory'
			);
		}
	}
}

/**
 * One entry's part of the layout check, for a reader that opens only a few entries (preview): its local
 * header (and data descriptor) agree with its directory record and it ends before the directory.
 * Returns where its data starts.
 * @param fd
 * @param record
 * @param directoryOffset
 */
export function locateEntry(
	fd: number,
	record: LayoutRecord,
	directoryOffset: number
): number {
	const local = checkLocalEntry( new RecordReader( fd ), record );
	if ( local.end > directoryOffset ) {
		throw badDirectory(
			`the entry ${ record.path } runs into the directory`
		);
	}
	return local.dataStart;
}
