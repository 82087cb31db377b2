/**
 * Opens an archive for reading without trusting it. Order matters: the directory is checked in full
 * (names, links, encryption, duplicates, limits, byte layout; with `layout: 'opened'`, each entry's local
 * header when that entry is opened) before any entry is read, then manifest.json
 * is read and validated, then the manifest and the directory must list the same entries. Only the central
 * directory is used (central-directory.ts); nothing here ever extracts to disk. What the reader keeps of
 * every entry, from the directory and the manifest, is one compact table (entry-table.ts).
 */
import { closeSync, createReadStream, openSync, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

import { SyteOpsError } from '../errors';
import {
	centralRecordReader,
	forEachCentralRecord,
	readCentralRecordAt,
	type CentralRecord,
} from './central-directory';
import { DirectoryTally } from './entry-checks';
import { EntryTable, ListedEntries, type EntryRecord } from './entry-table';
import { METHOD_DEFLATED } from './zip-format';
import type { ScanTarget } from './entry-scan';
import { verifiedStream, type VerifiedEntryStream } from './entry-stream';
import { withDefaults, type ArchiveLimits } from './limits';
import { ManifestStreamReader, readManifestWhole } from './manifest-read';
import { badDirectory } from './record-reader';
import {
	MANIFEST_PATH,
	type Manifest,
	type ManifestEntry,
	type ManifestWithoutEntries,
} from './manifest';
import {
	checkCentralRecord,
	DirectoryFill,
	EntryTiling,
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
 * Entries the manifest lists that the ZIP lacks (in the manifest's order), then ZIP entries the manifest
 * does not list (in the directory's). Pure.
 * @param table the directory and the manifest, read
 */
export function compareEntries( table: EntryTable ): SyteOpsError[] {
	const problems: SyteOpsError[] = [];
	for ( const row of table.listedRowsInOrder() ) {
		const entryPath = table.pathOf( row );
		if ( ! table.isInZip( entryPath ) ) {
			problems.push(
				new SyteOpsError( 'syteops_archive_entry_missing', {
					path: entryPath,
				} )
			);
		}
	}
	for ( const zipPath of table.zipPaths() ) {
		if ( zipPath !== MANIFEST_PATH && ! table.isListed( zipPath ) ) {
			problems.push(
				new SyteOpsError( 'syteops_archive_unexpected_entry', {
					path: zipPath,
				} )
			);
		}
	}
	return problems;
}

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

/** A manifest as a reader keeps it: its entries are a compact list (entry-table.ts), not an array. */
export type ReadManifest = ManifestWithoutEntries & { entries: ListedEntries };

interface Directory {
	table: EntryTable;
	end: EndOfDirectory;
}

/** Read size for entry data: large reads keep the syscall and stream overhead per byte low. */
const ENTRY_READ_BYTES = 256 * 1024;

/**
 * The directory, read one record at a time into the entry table: each record is checked and only what the
 * reader keeps of it stays. A defective directory fails with the same error either way: the first record's
 * own defect, then the totals, then the first record that is not canonical, then the fill; with the whole
 * layout, then the first entry (in file order) out of place.
 * @param archivePath
 * @param limits
 * @param layout
 */
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
		const table = new EntryTable( end.entryCount );
		// The table is the tally's record of names seen: each record is added to it right after its check.
		const names = {
			has: ( entryPath: string ) => table.isInZip( entryPath ),
			add: () => undefined,
		};
		const tally = new FirstFailure( new DirectoryTally( limits, names ) );
		const fill = new FirstFailure( new DirectoryFill( end ) );
		forEachCentralRecord( handle, end, ( record ) => {
			tally.add( record );
			fill.add( record );
			table.addZipEntry( entryRecord( record ), record.directoryAt );
		} );
		tally.finish();
		fill.finish();
		if ( layout === 'whole' ) {
			await proveLayout( handle, table, end );
		}
		return { table, end };
	} finally {
		await handle.close();
	}
}

/**
 * Proves that the entries tile the file (see EntryTiling) and records where each one's data starts.
 * Each directory record is read again, in file order, for its local header's comparison rather than all of
 * them kept from the first read: 27,500 whole records with their name buffers were 12 MB of heap.
 * @param handle
 * @param table
 * @param end
 */
async function proveLayout(
	handle: FileHandle,
	table: EntryTable,
	end: EndOfDirectory
): Promise< void > {
	const readRecord = centralRecordReader( handle.fd, end );
	const tiling = new EntryTiling( handle.fd, end );
	for ( const row of table.zipRowsByOffset() ) {
		const record = readRecord( table.directoryAt( row ) );
		if ( ! sameEntry( record, table.record( row ) ) ) {
			throw changedRecord( table.pathOf( row ) );
		}
		table.setDataStart( row, tiling.add( record ) );
		await tiling.breathe();
	}
	tiling.finish();
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

/**
 * The manifest read as its entry streams out of the archive (ManifestStreamReader): no buffer of its whole
 * text (5.4 MB on the full-size bench archive). Undefined when it must be parsed whole; an error of the
 * entry's own bytes (size, CRC-32) is thrown as collect() throws it.
 * @param stream
 * @param add
 */
async function readManifestStream(
	stream: VerifiedEntryStream,
	add: ( entry: ManifestEntry, i: number ) => void
): Promise< ManifestWithoutEntries | undefined > {
	const reader = new ManifestStreamReader( add );
	for await ( const chunk of stream ) {
		if ( ! reader.feed( chunk as Buffer ) ) {
			return undefined; // leaving the loop destroys the stream
		}
	}
	return reader.end();
}

/**
 * The entry's bytes in one buffer of its declared size, filled as they stream (chunks and their
 * concatenation at once were twice a 5 MB manifest).
 * @param stream
 * @param size   the size the directory declares (the stream fails past it, and short of it at its end)
 */
async function collect(
	stream: VerifiedEntryStream,
	size: number
): Promise< Buffer > {
	const bytes = Buffer.allocUnsafe( size );
	let filled = 0;
	for await ( const chunk of stream ) {
		filled += ( chunk as Buffer ).copy( bytes, filled );
	}
	return bytes.subarray( 0, filled );
}

export class ArchiveReader {
	readonly manifest: ReadManifest;

	private constructor(
		readonly path: string,
		head: ManifestWithoutEntries,
		private readonly table: EntryTable,
		private readonly end: EndOfDirectory,
		readonly entryProblems: readonly SyteOpsError[]
	) {
		this.manifest = { ...head, entries: new ListedEntries( table ) };
	}

	static async open(
		archivePath: string,
		options: ReaderOptions = {}
	): Promise< ArchiveReader > {
		const limits = withDefaults( options.limits );
		const { table, end } = await readDirectory(
			archivePath,
			limits,
			options.layout ?? 'whole'
		);
		const manifestRow = table.zipRow( MANIFEST_PATH );
		if ( manifestRow === undefined ) {
			throw new SyteOpsError( 'syteops_archive_manifest_missing' );
		}
		const manifestFile = provenEntry(
			archivePath,
			table,
			manifestRow,
			end
		);
		if ( manifestFile.file.uncompressedSize > limits.maxManifestBytes ) {
			throw new SyteOpsError( 'syteops_archive_manifest_invalid', {
				field: '$',
				reason: `larger than ${ limits.maxManifestBytes } bytes`,
			} );
		}
		const add = ( entry: ManifestEntry, i: number ) =>
			table.addListedEntry( entry, i );
		let head = await readManifestStream(
			rawEntry( archivePath, manifestFile ),
			add
		);
		if ( head === undefined ) {
			// Not the plain structure, or not JSON: parsed whole, for JSON.parse's own outcome and errors.
			table.forgetListed();
			head = readManifestWhole(
				await collect(
					rawEntry( archivePath, manifestFile ),
					manifestFile.file.uncompressedSize
				),
				add
			);
		}
		const problems = compareEntries( table );
		if ( options.strict !== false && problems.length > 0 ) {
			throw problems[ 0 ];
		}
		return new ArchiveReader( archivePath, head, table, end, problems );
	}

	/** Every entry name in the ZIP directory, manifest.json included, in directory order. */
	entryPaths(): IterableIterator< string > {
		return this.table.zipPaths();
	}

	/**
	 * Whether the ZIP directory holds the entry (listed or not).
	 * @param entryPath
	 */
	hasEntry( entryPath: string ): boolean {
		return this.table.isInZip( entryPath );
	}

	/** The listed entries the ZIP holds, in the manifest's order. */
	*presentPaths(): IterableIterator< string > {
		for ( const entryPath of this.manifest.entries.paths() ) {
			if ( this.table.isInZip( entryPath ) ) {
				yield entryPath;
			}
		}
	}

	/**
	 * Whether the manifest lists the entry and the ZIP holds it.
	 * @param entryPath
	 */
	isPresent( entryPath: string ): boolean {
		return (
			this.table.isInZip( entryPath ) && this.table.isListed( entryPath )
		);
	}

	/**
	 * What scanEntries needs to read the given listed entries in one pass (see entry-scan.ts).
	 * @param paths entries listed in the manifest and present in the ZIP (others are skipped)
	 */
	scanTargets( paths: Iterable< string > ): ScanTarget[] {
		return [ ...this.eachScanTarget( paths ) ];
	}

	/**
	 * scanTargets() one at a time, for packing many (scan-targets.ts) without holding them all as objects.
	 * @param paths
	 */
	*eachScanTarget( paths: Iterable< string > ): Generator< ScanTarget > {
		for ( const entryPath of paths ) {
			const row = this.table.zipRow( entryPath );
			const listedRow = this.table.listedRow( entryPath );
			if ( row === undefined || listedRow === undefined ) {
				continue;
			}
			const { file, dataStart } = this.locate( row );
			yield {
				path: entryPath,
				size: file.uncompressedSize,
				crc32: file.crc32,
				manifest: this.table.listedEntry( listedRow ),
				offset: file.offsetToLocalFileHeader,
				dataStart,
				compressedSize: file.compressedSize,
				deflated: file.compressionMethod === METHOD_DEFLATED,
			};
		}
	}

	/**
	 * Streams one entry; the stream errors with a named error if its bytes differ from the manifest.
	 * @param entryPath
	 */
	openEntry( entryPath: string ): VerifiedEntryStream {
		const row = this.table.zipRow( entryPath );
		const listed = this.manifest.entries.get( entryPath );
		if (
			row === undefined ||
			( ! listed && entryPath !== MANIFEST_PATH )
		) {
			throw new SyteOpsError(
				row === undefined
					? 'syteops_archive_entry_missing'
					: 'syteops_archive_unexpected_entry',
				{
					path: entryPath,
				}
			);
		}
		return rawEntry( this.path, this.locate( row ), listed );
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
			const row = this.table.zipRow( entryPath );
			const listed = this.manifest.entries.get( entryPath );
			if ( row === undefined || ! listed ) {
				throw new SyteOpsError( 'syteops_archive_entry_missing', {
					path: entryPath,
				} );
			}
			entries.push( { located: this.locate( row ), listed } );
		}
		return {
			archivePath: this.path,
			sections: this.manifest.sections,
			entries,
		};
	}

	private locate( row: number ): LocatedFile {
		return provenEntry( this.path, this.table, row, this.end );
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
 * @param table
 * @param row         the entry's row (in the ZIP)
 * @param end         the directory the entry was read from
 */
function provenEntry(
	archivePath: string,
	table: EntryTable,
	row: number,
	end: EndOfDirectory
): LocatedFile {
	const file = table.record( row );
	const known = table.dataStart( row );
	if ( known !== undefined ) {
		return { file, dataStart: known };
	}
	const fd = openSync( archivePath, 'r' );
	try {
		const record = readCentralRecordAt( fd, end, table.directoryAt( row ) );
		if ( ! sameEntry( record, file ) ) {
			throw changedRecord( file.path );
		}
		checkCentralRecord( record );
		const dataStart = locateEntry( fd, record, end.directoryOffset );
		table.setDataStart( row, dataStart );
		return { file, dataStart };
	} finally {
		closeSync( fd );
	}
}

function changedRecord( entryPath: string ): Error {
	return badDirectory(
		`the directory record of ${ entryPath } changed since the archive was opened`
	);
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
