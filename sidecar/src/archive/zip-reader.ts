/**
 * Opens an archive for reading without trusting it. Order matters: the directory is checked in full
 * (names, links, encryption, duplicates, limits, byte layout; with `layout: 'opened'`, each entry's local
 * header when that entry is opened) before any entry is read, then manifest.json
 * is read and validated, then the manifest and the directory must list the same entries. Only the central
 * directory is used (central-directory.ts); nothing here ever extracts to disk.
 */
import { closeSync, createReadStream, openSync, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

import { SyteOpsError } from '../errors';
import {
	forEachCentralRecord,
	readCentralDirectory,
	readCentralRecordAt,
	type CentralRecord,
} from './central-directory';
import { checkDirectory, DirectoryTally } from './entry-checks';
import { METHOD_DEFLATED } from './zip-format';
import type { ScanTarget } from './entry-scan';
import { verifiedStream, type VerifiedEntryStream } from './entry-stream';
import { withDefaults, type ArchiveLimits } from './limits';
import { badDirectory } from './record-reader';
import {
	MANIFEST_PATH,
	parseManifest,
	type Manifest,
	type ManifestEntry,
} from './manifest';
import {
	checkCentralRecord,
	checkLayout,
	DirectoryFill,
	locateEntry,
	readEndOfDirectory,
	type EndOfDirectory,
} from './zip-structure';

export interface ReaderOptions {
	limits?: Partial< ArchiveLimits >;
	/** When false, entry-list mismatches are collected in `entryProblems` instead of thrown (verify). */
	strict?: boolean;
	/**
	 * `whole` (the default) proves the byte layout of every entry before anything is read: what verify,
	 * restore and import need. `opened` checks every directory record but each local header only when its
	 * entry is opened: for a preview, which reads the manifest and a few rows entries, the 27,500 local
	 * header reads of a large site were a third of its time.
	 */
	layout?: 'whole' | 'opened';
}

/**
 * Entries the manifest lists that the ZIP lacks, and ZIP entries the manifest does not list. Pure. Takes the
 * two maps the reader keeps anyway (by path), rather than building two more sets of every path.
 * @param listed the manifest's entries by path
 * @param inZip  the ZIP directory's records by path
 */
export function compareEntries(
	listed: ReadonlyMap< string, ManifestEntry >,
	inZip: ReadonlyMap< string, unknown >
): SyteOpsError[] {
	const problems: SyteOpsError[] = [];
	for ( const entry of listed.values() ) {
		if ( ! inZip.has( entry.path ) ) {
			problems.push(
				new SyteOpsError( 'syteops_archive_entry_missing', {
					path: entry.path,
				} )
			);
		}
	}
	for ( const zipPath of inZip.keys() ) {
		if ( zipPath !== MANIFEST_PATH && ! listed.has( zipPath ) ) {
			problems.push(
				new SyteOpsError( 'syteops_archive_unexpected_entry', {
					path: zipPath,
				} )
			);
		}
	}
	return problems;
}

/**
 * What reading an entry needs of its directory record. A reader keeps only this for each entry once its
 * layout is proven: the whole record (name bytes, times, versions, extra field) held for every one of
 * 27,500 entries through a restore was several megabytes of heap (a heap snapshot at the restore's peak).
 */
type EntryRecord = Pick<
	CentralRecord,
	| 'path'
	| 'crc32'
	| 'compressedSize'
	| 'uncompressedSize'
	| 'compressionMethod'
	| 'offsetToLocalFileHeader'
>;

function entryRecord( record: CentralRecord ): EntryRecord {
	return {
		path: record.path,
		crc32: record.crc32,
		compressedSize: record.compressedSize,
		uncompressedSize: record.uncompressedSize,
		compressionMethod: record.compressionMethod,
		offsetToLocalFileHeader: record.offsetToLocalFileHeader,
	};
}

/** A directory record and where its data starts (proven by the layout check). */
interface LocatedFile {
	file: EntryRecord;
	dataStart: number;
}

/**
 * The directory as read: every record, each with its data start once its local header is proven; until
 * then (`layout: 'opened'`) where its directory record lies. That check compares the whole record, which
 * is read again when the entry is opened rather than kept for every entry: the whole records (with their
 * name buffers) were 12 of a preview's 26 MB of reader heap on the full-size bench archive.
 */
interface DirectoryFile {
	file: EntryRecord;
	dataStart?: number;
	directoryAt?: number;
}

interface Directory {
	files: DirectoryFile[];
	end: EndOfDirectory;
}

/** Read size for entry data: large reads keep the syscall and stream overhead per byte low. */
const ENTRY_READ_BYTES = 256 * 1024;

async function readDirectory(
	archivePath: string,
	limits: ArchiveLimits,
	layout: 'whole' | 'opened'
): Promise< Directory > {
	const handle = await fs.open( archivePath, 'r' );
	try {
		const { size } = await handle.stat();
		const end = await readEndOfDirectory( handle, size );
		if ( end.entryCount > limits.maxEntries ) {
			throw new SyteOpsError( 'syteops_archive_too_many_entries', {
				count: end.entryCount,
				limit: limits.maxEntries,
			} );
		}
		if ( layout === 'opened' ) {
			return { files: readOpenedDirectory( handle, end, limits ), end };
		}
		const files = readCentralDirectory( handle, end );
		checkDirectory( files, limits );
		const dataStarts = await checkLayout( handle, files, end );
		return {
			files: files.map( ( file ) => ( {
				file: entryRecord( file ),
				dataStart: dataStarts.get( file.path ) as number,
			} ) ),
			end,
		};
	} finally {
		await handle.close();
	}
}

/**
 * The `opened` layout's directory, read one record at a time: each record is checked and only what the
 * reader keeps of it stays. All 27,500 whole records at once (with their name buffers) raised a preview's
 * heap to 26 MB before the manifest was even read, on the full-size bench archive. The checks are those of
 * checkDirectory and checkDirectoryRecords, and a defective directory fails with the same error: the first
 * record's own defect, then the totals, then the first record that is not canonical, then the fill.
 * @param handle
 * @param end
 * @param limits
 */
function readOpenedDirectory(
	handle: FileHandle,
	end: EndOfDirectory,
	limits: ArchiveLimits
): DirectoryFile[] {
	const tally = new FirstFailure( new DirectoryTally( limits ) );
	const fill = new FirstFailure( new DirectoryFill( end ) );
	const files: DirectoryFile[] = [];
	forEachCentralRecord( handle, end, ( record ) => {
		tally.add( record );
		fill.add( record );
		files.push( {
			file: entryRecord( record ),
			directoryAt: record.directoryAt,
		} );
	} );
	tally.finish();
	fill.finish();
	return files;
}

/**
 * A record-at-a-time check that keeps going over a defect: the first error it throws is kept and thrown by
 * finish(), before the check's own end-of-directory checks, so the order of errors is the whole-layout
 * reader's while every record is still read.
 */
interface RecordCheck {
	add: ( record: CentralRecord ) => void;
	finish: () => void;
}

class FirstFailure implements RecordCheck {
	private failed = false;
	private failure: unknown;

	constructor( private readonly check: RecordCheck ) {}

	add( record: CentralRecord ): void {
		if ( this.failed ) {
			return;
		}
		try {
			this.check.add( record );
		} catch ( error ) {
			this.failed = true;
			this.failure = error;
		}
	}

	finish(): void {
		if ( this.failed ) {
			throw this.failure;
		}
		this.check.finish();
	}
}

async function collect( stream: VerifiedEntryStream ): Promise< Buffer > {
	const chunks: Buffer[] = [];
	for await ( const chunk of stream ) {
		chunks.push( chunk as Buffer );
	}
	return Buffer.concat( chunks );
}

export class ArchiveReader {
	private constructor(
		readonly path: string,
		readonly manifest: Manifest,
		private readonly listed: ReadonlyMap< string, ManifestEntry >,
		private readonly files: ReadonlyMap< string, DirectoryFile >,
		private readonly end: EndOfDirectory,
		readonly entryProblems: readonly SyteOpsError[]
	) {}

	static async open(
		archivePath: string,
		options: ReaderOptions = {}
	): Promise< ArchiveReader > {
		const limits = withDefaults( options.limits );
		const directory = await readDirectory(
			archivePath,
			limits,
			options.layout ?? 'whole'
		);
		const files = new Map(
			directory.files.map( ( entry ) => [ entry.file.path, entry ] )
		);
		const manifestEntry = files.get( MANIFEST_PATH );
		if ( ! manifestEntry ) {
			throw new SyteOpsError( 'syteops_archive_manifest_missing' );
		}
		const manifestFile = provenEntry(
			archivePath,
			manifestEntry,
			directory.end
		);
		if ( manifestFile.file.uncompressedSize > limits.maxManifestBytes ) {
			throw new SyteOpsError( 'syteops_archive_manifest_invalid', {
				field: '$',
				reason: `larger than ${ limits.maxManifestBytes } bytes`,
			} );
		}
		const manifest = parseManifest(
			parseJson( await collect( rawEntry( archivePath, manifestFile ) ) )
		);
		// One string per name: each manifest entry takes the directory's (equal) copy of its path, and the
		// manifest's own copies become garbage (27,500 names, about 2 MB kept for as long as the reader).
		for ( const entry of manifest.entries ) {
			const file = files.get( entry.path );
			if ( file ) {
				entry.path = file.file.path;
			}
		}
		const listed = new Map(
			manifest.entries.map( ( entry ) => [ entry.path, entry ] )
		);
		const problems = compareEntries( listed, files );
		if ( options.strict !== false && problems.length > 0 ) {
			throw problems[ 0 ];
		}
		return new ArchiveReader(
			archivePath,
			manifest,
			listed,
			files,
			directory.end,
			problems
		);
	}

	/** Every entry name in the ZIP directory, manifest.json included. */
	entryPaths(): string[] {
		return [ ...this.files.keys() ];
	}

	/**
	 * What scanEntries needs to read the given listed entries in one pass (see entry-scan.ts).
	 * @param paths entries listed in the manifest and present in the ZIP
	 */
	scanTargets( paths: Iterable< string > ): ScanTarget[] {
		const targets: ScanTarget[] = [];
		for ( const entryPath of paths ) {
			const entry = this.files.get( entryPath );
			const listed = this.listed.get( entryPath );
			if ( ! entry || ! listed ) {
				continue;
			}
			const { file, dataStart } = this.locate( entry );
			targets.push( {
				path: entryPath,
				size: file.uncompressedSize,
				crc32: file.crc32,
				manifest: listed,
				offset: file.offsetToLocalFileHeader,
				dataStart,
				compressedSize: file.compressedSize,
				deflated: file.compressionMethod === METHOD_DEFLATED,
			} );
		}
		return targets;
	}

	/**
	 * Streams one entry; the stream errors with a named error if its bytes differ from the manifest.
	 * @param entryPath
	 */
	openEntry( entryPath: string ): VerifiedEntryStream {
		const file = this.files.get( entryPath );
		const listed = this.listed.get( entryPath );
		if ( ! file || ( ! listed && entryPath !== MANIFEST_PATH ) ) {
			throw new SyteOpsError(
				file
					? 'syteops_archive_unexpected_entry'
					: 'syteops_archive_entry_missing',
				{
					path: entryPath,
				}
			);
		}
		return rawEntry( this.path, this.locate( file ), listed );
	}

	/**
	 * Some listed entries as plain data, for an EntrySubset on another thread: their proven byte ranges and
	 * manifest records (a structured clone carries them; the thread needs neither the directory nor the
	 * manifest's 27,000 file records, 14-24 MB of heap on a large site).
	 * @param paths entries listed in the manifest and present in the ZIP
	 */
	subset( paths: Iterable< string > ): EntrySubsetData {
		const entries: EntrySubsetData[ 'entries' ] = [];
		for ( const entryPath of paths ) {
			const file = this.files.get( entryPath );
			const listed = this.listed.get( entryPath );
			if ( ! file || ! listed ) {
				throw new SyteOpsError( 'syteops_archive_entry_missing', {
					path: entryPath,
				} );
			}
			entries.push( { located: this.locate( file ), listed } );
		}
		return {
			archivePath: this.path,
			sections: this.manifest.sections,
			entries,
		};
	}

	private locate( entry: DirectoryFile ): LocatedFile {
		return provenEntry( this.path, entry, this.end );
	}
}

/** What ArchiveReader.subset gives: plain data, so it crosses to a worker thread. */
export interface EntrySubsetData {
	archivePath: string;
	sections: Manifest[ 'sections' ];
	entries: Array< { located: LocatedFile; listed: ManifestEntry } >;
}

/**
 * Reads the entries of an ArchiveReader.subset exactly as that reader would (the same byte ranges, inflated
 * and checked against CRC-32, size and SHA-256 as they stream), without reading the archive's directory or
 * manifest again.
 */
export class EntrySubset {
	readonly manifest: { sections: Manifest[ 'sections' ] };
	private readonly entries: ReadonlyMap<
		string,
		EntrySubsetData[ 'entries' ][ number ]
	>;

	constructor( private readonly data: EntrySubsetData ) {
		this.manifest = { sections: data.sections };
		this.entries = new Map(
			data.entries.map( ( entry ) => [ entry.listed.path, entry ] )
		);
	}

	openEntry( entryPath: string ): VerifiedEntryStream {
		const entry = this.entries.get( entryPath );
		if ( ! entry ) {
			throw new SyteOpsError( 'syteops_archive_entry_missing', {
				path: entryPath,
			} );
		}
		return rawEntry( this.data.archivePath, entry.located, entry.listed );
	}
}

/**
 * The entry with its proven data start: from the whole layout check, or its own local header checked now
 * (and remembered) when the reader was opened with `layout: 'opened'`. Its directory record is read again
 * for that check, and must be the one checked at open: the same entry, canonical. (A file changed since
 * it was opened fails here or on its checksums, never reads as something else.)
 * @param archivePath
 * @param entry
 * @param end         the directory the entry was read from
 */
function provenEntry(
	archivePath: string,
	entry: DirectoryFile,
	end: EndOfDirectory
): LocatedFile {
	if ( entry.dataStart === undefined && entry.directoryAt !== undefined ) {
		const fd = openSync( archivePath, 'r' );
		try {
			const record = readCentralRecordAt( fd, end, entry.directoryAt );
			if ( ! sameEntry( record, entry.file ) ) {
				throw badDirectory(
					`the directory record of ${ entry.file.path } changed since the archive was opened`
				);
			}
			checkCentralRecord( record );
			entry.dataStart = locateEntry( fd, record, end.directoryOffset );
			entry.directoryAt = undefined;
		} finally {
			closeSync( fd );
		}
	}
	if ( entry.dataStart === undefined ) {
		throw new Error( `no proven data start for ${ entry.file.path }` );
	}
	return { file: entry.file, dataStart: entry.dataStart };
}

function sameEntry( record: CentralRecord, file: EntryRecord ): boolean {
	const kept = entryRecord( record );
	return ( Object.keys( kept ) as Array< keyof EntryRecord > ).every(
		( field ) => kept[ field ] === file[ field ]
	);
}

/**
 * The entry's stored bytes, read straight from its proven byte range, inflated when deflated (the layout
 * check has already compared every local header with its directory record).
 * @param archivePath
 * @param located
 */
function entrySource( archivePath: string, located: LocatedFile ): Readable {
	const { file, dataStart } = located;
	const stored =
		file.compressedSize === 0
			? Readable.from( [] )
			: createReadStream( archivePath, {
					start: dataStart,
					end: dataStart + file.compressedSize - 1,
					highWaterMark: ENTRY_READ_BYTES,
				} );
	if ( file.compressionMethod !== METHOD_DEFLATED ) {
		return stored;
	}
	const inflate = createInflateRaw( { chunkSize: ENTRY_READ_BYTES } );
	stored.on( 'error', ( error: Error ) => inflate.destroy( error ) );
	inflate.on( 'close', () => stored.destroy() );
	return stored.pipe( inflate );
}

function rawEntry(
	archivePath: string,
	located: LocatedFile,
	listed?: ManifestEntry
): VerifiedEntryStream {
	const { file } = located;
	return verifiedStream( entrySource( archivePath, located ), {
		path: file.path,
		size: file.uncompressedSize,
		crc32: file.crc32,
		manifest: listed,
	} );
}

function parseJson( bytes: Buffer ): unknown {
	try {
		return JSON.parse(
			new TextDecoder( 'utf-8', { fatal: true } ).decode( bytes )
		);
	} catch ( error ) {
		throw new SyteOpsError( 'syteops_archive_manifest_invalid_json', {
			reason: ( error as Error ).message,
		} );
	}
}
