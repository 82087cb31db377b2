/**
 * Opens an archive for reading without trusting it. Order matters: the directory is checked in full
 * (names, links, encryption, duplicates, limits, byte layout) before any entry is read, then manifest.json
 * is read and validated, then the manifest and the directory must list the same entries. Only the central
 * directory is used (unzipper's Open.file); nothing here ever extracts to disk.
 */
import { promises as fs } from 'node:fs';

import { Open, type File } from 'unzipper';

import { SyteOpsError } from '../errors';
import { checkDirectory } from './entry-checks';
import { verifiedStream, type VerifiedEntryStream } from './entry-stream';
import { withDefaults, type ArchiveLimits } from './limits';
import {
	MANIFEST_PATH,
	parseManifest,
	type Manifest,
	type ManifestEntry,
} from './manifest';
import { badDirectory, checkLayout, readEndOfDirectory } from './zip-structure';

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

async function readDirectory(
	archivePath: string,
	limits: ArchiveLimits
): Promise< File[] > {
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
		let files: File[];
		try {
			files = ( await Open.file( archivePath ) ).files;
		} catch ( error ) {
			throw badDirectory( ( error as Error ).message );
		}
		checkDirectory( files, limits );
		await checkLayout( handle, files, end );
		return files;
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
		private readonly files: ReadonlyMap< string, File >,
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
		const files = new Map( list.map( ( file ) => [ file.path, file ] ) );
		const manifestFile = files.get( MANIFEST_PATH );
		if ( ! manifestFile ) {
			throw new SyteOpsError( 'syteops_archive_manifest_missing' );
		}
		if ( manifestFile.uncompressedSize > limits.maxManifestBytes ) {
			throw new SyteOpsError( 'syteops_archive_manifest_invalid', {
				field: '$',
				reason: `larger than ${ limits.maxManifestBytes } bytes`,
			} );
		}
		const manifest = parseManifest(
			parseJson( await collect( rawEntry( manifestFile ) ) )
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
		return rawEntry( file, listed );
	}
}

function rawEntry( file: File, listed?: ManifestEntry ): VerifiedEntryStream {
	return verifiedStream( file.stream(), {
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
