/**
 * Unpacks an archive's wp-content files into a staging directory; nothing live is touched here (the swap
 * is swap.ts). Every entry goes through resolveInside (defence in depth beyond the reader's own checks)
 * and is streamed through the reader's verified stream, so a corrupt entry fails before it is trusted.
 * Files are created exclusively ('wx') and links last, so no write can ever pass through a link.
 * If anything fails, the staging directory is removed before the error is thrown.
 */
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

import { resolveInside } from '../../archive/entry-path';
import type { ManifestEntry } from '../../archive/manifest';
import type { ArchiveReader } from '../../archive/zip-reader';
import { SyteOpsError, isSyteOpsError } from '../../errors';
import type { RecordedSymlink } from './capture';
import {
	DEFAULT_TOP_DIRS,
	DIR_MODE,
	FILE_MODE,
	isAtOrBelowAny,
	OWN_PLUGIN_DIR,
	relOfEntry,
	topDirOf,
} from './layout';
import { SmallEntryExtractor, Yielder } from './small-files';
import { judgeSymlinks } from './symlink-policy';
import type { LiveDigests } from './live-digests';
import { linkIfUnchanged, linkIfUnchangedSync } from './unchanged-live';
import { reasonOf } from './warnings';

export interface ExtractOptions {
	/** Links recorded at capture (from the manifest); recreated only when they stay inside wp-content. */
	symlinks?: readonly RecordedSymlink[];
	/** Directories recorded at capture, so empty ones come back. */
	directories?: readonly string[];
	/** Top directories to unpack; default uploads, themes, plugins. */
	topDirs?: readonly string[];
	/** Paths never written (they stay as they are on the live site); default our own plugin. */
	preserve?: readonly string[];
	/** Destination wp-content, to accept absolute link targets that point inside it. */
	wpContentDir?: string;
	/**
	 * The live wp-content: a file it already holds byte for byte (and with the mode extraction gives) is
	 * hard-linked into staging instead of written (unchanged-live.ts). Must be on staging's filesystem,
	 * as createStagingDir makes it; a link that cannot be made falls back to extracting.
	 */
	reuseUnchangedFrom?: string;
	/**
	 * Digests of the live files that a pre-restore snapshot is reading: the extraction waits for those
	 * reads to end, then links a file still as it was read without reading it again.
	 */
	knownDigests?: LiveDigests;
	onProgress?: ( progress: { bytesDone: number; filesDone: number } ) => void;
}

export interface SkippedSymlink extends RecordedSymlink {
	reason: 'absolute' | 'outside' | 'loop' | 'conflict';
}

export interface ExtractResult {
	files: number;
	bytes: number;
	directories: number;
	symlinks: RecordedSymlink[];
	skippedSymlinks: SkippedSymlink[];
	/** Content entries not unpacked: under a preserved path or outside the top directories. */
	skippedEntries: number;
	/** Of `files`, those the live site already held unchanged, linked instead of written. */
	unchanged: number;
}

interface Scope {
	topDirs: readonly string[];
	preserve: readonly string[];
}

/**
 * Unpacks `files/wp-content/...` into `stagingDir`; see the file comment.
 * @param reader     an opened (validated) archive
 * @param stagingDir from createStagingDir(wpContentDir); removed if extraction fails
 * @param options    recorded links and directories, scope, progress
 */
export async function extractContentToStaging(
	reader: ArchiveReader,
	stagingDir: string,
	options: ExtractOptions = {}
): Promise< ExtractResult > {
	const scope: Scope = {
		topDirs: options.topDirs ?? DEFAULT_TOP_DIRS,
		preserve: options.preserve ?? [ OWN_PLUGIN_DIR ],
	};
	const inScope = ( rel: string ) =>
		scope.topDirs.includes( topDirOf( rel ) ) &&
		! isAtOrBelowAny( rel, scope.preserve );
	const result: ExtractResult = {
		files: 0,
		bytes: 0,
		directories: 0,
		symlinks: [],
		skippedSymlinks: [],
		skippedEntries: 0,
		unchanged: 0,
	};
	// The snapshot's reads first: then most live files need only an fstat here, not a second read.
	await options.knownDigests?.done;
	let small: SmallEntries | undefined;
	try {
		small = {
			extractor: new SmallEntryExtractor( reader.path ),
			yielder: new Yielder(),
			scratch: Buffer.allocUnsafeSlow( REUSE_READ_BYTES ),
		};
		const dirs = new DirectoryMaker( stagingDir );
		for ( const rel of ( options.directories ?? [] ).filter( inScope ) ) {
			await dirs.ensure( resolveInside( stagingDir, rel ) );
			result.directories++;
		}
		const modes = new ModeKeeper();
		// Several entries at once: a large entry streams through the thread pool, and one at a time the
		// pool would sit waiting on each in turn while small ones could go on.
		const running = new Set< Promise< void > >();
		let failure: { error: unknown } | undefined;
		for ( const entry of reader.manifest.entries ) {
			const rel = relOfEntry( entry.path );
			if ( rel === undefined ) {
				continue; // database entries are the db layer's
			}
			if ( ! inScope( rel ) ) {
				result.skippedEntries++;
				continue;
			}
			const live =
				options.reuseUnchangedFrom === undefined
					? undefined
					: resolveInside( options.reuseUnchangedFrom, rel );
			const task = extractEntry(
				reader,
				entry,
				{
					target: resolveInside( stagingDir, rel ),
					live,
					known: options.knownDigests,
				},
				dirs,
				modes,
				small
			).then(
				( reused ) => {
					result.files++;
					if ( reused ) {
						result.unchanged++;
					}
					result.bytes += entry.size;
					options.onProgress?.( {
						bytesDone: result.bytes,
						filesDone: result.files,
					} );
				},
				( error: unknown ) => {
					failure ??= { error };
				}
			);
			running.add( task );
			task.finally( () => running.delete( task ) );
			if ( running.size >= ENTRIES_AT_ONCE ) {
				await Promise.race( running );
			}
			if ( failure ) {
				break;
			}
		}
		// Every extraction settles before the staging directory may be removed.
		await Promise.all( running );
		if ( failure ) {
			throw failure.error;
		}
		const links = ( options.symlinks ?? [] ).filter( ( link ) =>
			inScope( link.path )
		);
		await recreateSymlinks(
			stagingDir,
			links,
			dirs,
			options.wpContentDir,
			result
		);
		return result;
	} catch ( error ) {
		await fs.rm( stagingDir, { recursive: true, force: true } );
		throw isSyteOpsError( error )
			? error
			: new SyteOpsError( 'syteops_files_extract_failed', {
					reason: reasonOf( error ),
				} );
	} finally {
		small?.extractor.close();
	}
}

/** Entries extracted at once (see extractContentToStaging). */
const ENTRIES_AT_ONCE = 8;
/**
 * Entries up to these sizes are read, inflated, checked and written in one go with synchronous calls
 * (small-files.ts says why); larger ones stream, so memory stays bounded whatever an entry holds.
 */
const SMALL_STORED_BYTES = 1024 * 1024;
const SMALL_ENTRY_BYTES = 8 * 1024 * 1024;

/** The read buffer for comparing small live files with their entries. */
const REUSE_READ_BYTES = 1024 * 1024;

/** What extracts the small entries of one extraction, and the event loop's turns between them. */
interface SmallEntries {
	extractor: SmallEntryExtractor;
	yielder: Yielder;
	scratch: Buffer;
}

/** Where an entry goes in staging, and the live file that may already hold it. */
interface EntryPlace {
	target: string;
	live?: string;
	known?: LiveDigests;
}

/**
 * Resolves true when the live file was linked in unchanged, false when the entry was extracted.
 * @param reader
 * @param entry
 * @param place
 * @param dirs
 * @param modes
 * @param small
 */
async function extractEntry(
	reader: ArchiveReader,
	entry: ManifestEntry,
	place: EntryPlace,
	dirs: DirectoryMaker,
	modes: ModeKeeper,
	small: SmallEntries
): Promise< boolean > {
	const { target, live, known } = place;
	await dirs.ensure( path.dirname( target ) );
	const [ located ] = reader.scanTargets( [ entry.path ] );
	const isSmall =
		located !== undefined &&
		located.compressedSize <= SMALL_STORED_BYTES &&
		located.size <= SMALL_ENTRY_BYTES;
	if ( live !== undefined ) {
		const reused = isSmall
			? linkIfUnchangedSync( live, target, entry, small.scratch, known )
			: await linkIfUnchanged( live, target, entry, known );
		if ( reused ) {
			await small.yielder.maybe();
			return true;
		}
	}
	if ( isSmall ) {
		small.extractor.extract( located, target, FILE_MODE );
		await small.yielder.maybe();
	} else {
		await pipeline(
			reader.openEntry( entry.path ),
			createWriteStream( target, { flags: 'wx', mode: FILE_MODE } )
		);
	}
	await modes.settle( target );
	return false;
}

/**
 * Files are created with FILE_MODE, but the process umask may narrow it, so the first file is checked and
 * set right; when the umask left it whole, later files (created the same way) need no chmod of their own,
 * one system call less per file. The umask is the process's, and nothing in the sidecar changes it.
 */
class ModeKeeper {
	private umaskNarrows: Promise< boolean > | undefined;

	async settle( target: string ): Promise< void > {
		if ( ! this.umaskNarrows ) {
			this.umaskNarrows = fs
				.stat( target )
				// eslint-disable-next-line no-bitwise -- permission bits
				.then( ( stats ) => ( stats.mode & 0o7777 ) !== FILE_MODE )
				.catch( () => true ); // unknown: chmod every file, as before
		}
		if ( await this.umaskNarrows ) {
			await fs.chmod( target, FILE_MODE );
		}
	}
}

async function recreateSymlinks(
	stagingDir: string,
	links: readonly RecordedSymlink[],
	dirs: DirectoryMaker,
	wpContentDir: string | undefined,
	result: ExtractResult
): Promise< void > {
	const verdicts = judgeSymlinks( links, wpContentDir );
	const stagingReal = await fs.realpath( stagingDir );
	for ( const link of links ) {
		const verdict = verdicts.get( link.path );
		if ( ! verdict?.ok ) {
			result.skippedSymlinks.push( {
				...link,
				reason: verdict?.ok === false ? verdict.reason : 'outside',
			} );
			continue;
		}
		const linkPath = resolveInside( stagingDir, link.path );
		await dirs.ensure( path.dirname( linkPath ) );
		// A parent reached through an earlier link must still be inside staging.
		const parentReal = await fs.realpath( path.dirname( linkPath ) );
		const fromRoot = path.relative( stagingReal, parentReal );
		if ( fromRoot.startsWith( '..' ) || path.isAbsolute( fromRoot ) ) {
			result.skippedSymlinks.push( { ...link, reason: 'outside' } );
			continue;
		}
		try {
			await fs.symlink( link.target, linkPath );
			result.symlinks.push( link );
		} catch ( error ) {
			if ( reasonOf( error ) !== 'EEXIST' ) {
				throw error;
			}
			result.skippedSymlinks.push( { ...link, reason: 'conflict' } );
		}
	}
}

/** mkdir -p with 0755 on every directory it creates (whatever the umask), remembering what exists. */
class DirectoryMaker {
	private readonly known = new Set< string >();

	constructor( private readonly root: string ) {
		this.known.add( path.resolve( root ) );
	}

	async ensure( directory: string ): Promise< void > {
		if ( this.known.has( directory ) ) {
			return;
		}
		const first = await fs.mkdir( directory, {
			recursive: true,
			mode: DIR_MODE,
		} );
		if ( first !== undefined ) {
			let current = directory;
			while ( current.length >= first.length ) {
				await fs.chmod( current, DIR_MODE );
				current = path.dirname( current );
			}
		}
		this.known.add( directory );
	}
}
