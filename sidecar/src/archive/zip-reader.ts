/**
 * Opens an archive for reading without trusting it. Order matters: the directory is checked in full
 * (names, links, encryption, duplicates, limits, byte layout) before any entry is read, then manifest.json
 * is read and validated, then the manifest and the directory must list the same entries. Only the central
 * directory is used (central-directory.ts); nothing here ever extracts to disk.
 */
import { createReadStream, promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

import { SyteOpsError } from '../errors';
import { readCentralDirectory, type CentralRecord } from './central-directory';
import { checkDirectory } from './entry-checks';
import { METHOD_DEFLATED } from './zip-format';
import type { ScanTarget } from './entry-scan';
import { verifiedStream, type VerifiedEntryStream } from './entry-stream';
import { withDefaults, type ArchiveLimits } from './limits';
import {
	MANIFEST_PATH,
	parseManifest,
	type Manifest,
	type ManifestEntry,
} from './manifest';
import { checkLayout, readEndOfDirectory } from './zip-structure';

export interface ReaderOptions {
	limits?: Partial< ArchiveLimits >;
	/** When false, entry-list mismatches are collected in `entryProblems` instead of thrown (verify). */
	strict?: boolean;
}

/**
 * Entries the manifest lists that the ZIP lacks, and ZIP entries the manifest does not list. Pure.
 * @param manifest
 * @param zipPaths
 */
export function compareEntries(
	manifest: Manifest,
	zipPaths: readonly string[]
): SyteOpsError[] {
	const inZip = new Set( zipPaths );
	const listed = new Set( manifest.entries.map( ( entry ) => entry.path ) );
	const problems: SyteOpsError[] = [];
	for ( const entry of manifest.entries ) {
		if ( ! inZip.has( entry.path ) ) {
			problems.push(
				new SyteOpsError( 'syteops_archive_entry_missing', {
					path: entry.path,
				} )
			);
		}
	}
	for ( const zipPath of zipPaths ) {
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

/** A directory record and where its data starts (proven by the layout check). */
interface LocatedFile {
	file: CentralRecord;
	dataStart: number;
}

/** Read size for entry data: large reads keep the syscall and stream overhead per byte low. */
const ENTRY_READ_BYTES = 256 * 1024;

async function readDirectory(
	archivePath: string,
	limits: ArchiveLimits
): Promise< LocatedFile[] > {
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
		const files = readCentralDirectory( handle, end );
		checkDirectory( files, limits );
		const dataStarts = await checkLayout( handle, files, end );
		return files.map( ( file ) => ( {
			file,
			dataStart: dataStarts.get( file.path ) as number,
		} ) );
	} finally {
		await handle.close();
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
	private readonly listed: ReadonlyMap< string, ManifestEntry >;

	private constructor(
		readonly path: string,
		readonly manifest: Manifest,
		private readonly files: ReadonlyMap< string, LocatedFile >,
		readonly entryProblems: readonly SyteOpsError[]
	) {
		this.listed = new Map(
			manifest.entries.map( ( entry ) => [ entry.path, entry ] )
		);
	}

	static async open(
		archivePath: string,
		options: ReaderOptions = {}
	): Promise< ArchiveReader > {
		const limits = withDefaults( options.limits );
		const list = await readDirectory( archivePath, limits );
		const files = new Map(
			list.map( ( located ) => [ located.file.path, located ] )
		);
		const manifestFile = files.get( MANIFEST_PATH );
		if ( ! manifestFile ) {
			throw new SyteOpsError( 'syteops_archive_manifest_missing' );
		}
		if ( manifestFile.file.uncompressedSize > limits.maxManifestBytes ) {
			throw new SyteOpsError( 'syteops_archive_manifest_invalid', {
				field: '$',
				reason: `larger than ${ limits.maxManifestBytes } bytes`,
			} );
		}
		const manifest = parseManifest(
			parseJson( await collect( rawEntry( archivePath, manifestFile ) ) )
		);
		const problems = compareEntries( manifest, [ ...files.keys() ] );
		if ( options.strict !== false && problems.length > 0 ) {
			throw problems[ 0 ];
		}
		return new ArchiveReader( archivePath, manifest, files, problems );
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
			const located = this.files.get( entryPath );
			const listed = this.listed.get( entryPath );
			if ( ! located || ! listed ) {
				continue;
			}
			const { file, dataStart } = located;
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
		return rawEntry( this.path, file, listed );
	}
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
