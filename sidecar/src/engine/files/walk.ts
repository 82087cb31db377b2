/**
 * Lists what a backup captures from wp-content, without ever following a symbolic link. archiver follows
 * links when it is handed a directory (the reason the walk is ours), so a link like `uploads/x -> ../../wp-config.php` would put the
 * site's secrets in the archive; we walk ourselves with lstat and only record where links point.
 *
 * Order is deterministic (top directories as configured, then names sorted), so two backups of the same
 * tree list the same entries in the same order. A directory is yielded before its contents.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

import { isSafeEntryPath } from '../../archive/entry-path';
import {
	assertTopDirName,
	DEFAULT_EXCLUDES,
	DEFAULT_TOP_DIRS,
	entryPathOf,
	isAtOrBelowAny,
	OWN_PLUGIN_DIR,
} from './layout';
import { listDirectory, Yielder, type ListedEntry } from './small-files';
import { contentWarning, reasonOf, type ContentWarning } from './warnings';

export type ContentKind = 'file' | 'symlink' | 'dir';

export interface ContentItem {
	/** Path relative to wp-content, `/`-separated. */
	rel: string;
	kind: ContentKind;
	size: number;
	/** Permission bits (e.g. 0o644). */
	mode: number;
	mtimeMs: number;
	/** Where a symlink points, exactly as readlink returns it. Recorded only, never read. */
	target?: string;
}

export interface WalkOptions {
	/** wp-content directories to walk; default uploads, themes, plugins. */
	topDirs?: readonly string[];
	/** Paths (relative to wp-content) never captured; default SyteOps Backup's own plugin directory. */
	skip?: readonly string[];
	/** More paths left out (scratch and cache directories); default DEFAULT_EXCLUDES. */
	exclude?: readonly string[];
	/** The backup storage directory: left out wherever it appears, even under another name. */
	storageDir?: string;
	/** Receives files that cannot be captured; the walk goes on. */
	onWarning?: ( warning: ContentWarning ) => void;
}

/** What the walk needs of an lstat. */
interface EntryStats {
	mode: number;
	size: number;
	mtimeMs: number;
	dev: number;
	ino: number;
}

interface WalkContext {
	root: string;
	yielder: Yielder;
	leaveOut: readonly string[];
	storage?: { dev: number; ino: number };
	warn: ( warning: ContentWarning ) => void;
}

/**
 * Walks the configured wp-content directories; see the file comment for what is left out.
 * @param wpContentDir absolute path of the live wp-content directory
 * @param options      what to walk and what to leave out
 */
export async function* walkContent(
	wpContentDir: string,
	options: WalkOptions = {}
): AsyncGenerator< ContentItem > {
	const topDirs = options.topDirs ?? DEFAULT_TOP_DIRS;
	topDirs.forEach( assertTopDirName );
	const context: WalkContext = {
		root: path.resolve( wpContentDir ),
		yielder: new Yielder(),
		leaveOut: [
			...( options.skip ?? [ OWN_PLUGIN_DIR ] ),
			...( options.exclude ?? DEFAULT_EXCLUDES ),
		],
		storage: await identify( options.storageDir ),
		warn: options.onWarning ?? ( () => {} ),
	};
	for ( const top of topDirs ) {
		yield* visit( context, top, true );
	}
}

/**
 * The device and inode of the storage directory, so it is recognised however it is reached.
 * @param storageDir absolute path, or undefined
 */
async function identify(
	storageDir: string | undefined
): Promise< { dev: number; ino: number } | undefined > {
	if ( ! storageDir ) {
		return undefined;
	}
	try {
		const { dev, ino } = await fs.stat( storageDir );
		return { dev, ino };
	} catch {
		return undefined; // not created yet, so it cannot be inside wp-content either
	}
}

/**
 * One path: a top directory (lstat'ed here) or an entry its parent's listing already lstat'ed.
 * @param context
 * @param rel
 * @param isTop
 * @param listed  the parent's listing of this entry (absent for a top directory)
 */
async function* visit(
	context: WalkContext,
	rel: string,
	isTop: boolean,
	listed?: ListedEntry
): AsyncGenerator< ContentItem > {
	if ( isAtOrBelowAny( rel, context.leaveOut ) ) {
		return;
	}
	if ( ! isSafeEntryPath( entryPathOf( rel ) ) ) {
		context.warn(
			contentWarning(
				'unsafe_name',
				rel,
				'control character, backslash or too long'
			)
		);
		return;
	}
	const absolute = path.join( context.root, rel );
	let stats: EntryStats;
	try {
		stats = await entryStats( absolute, listed );
	} catch ( error ) {
		// A missing top directory is normal (a site without themes/); anything else is worth a warning.
		if ( ! ( isTop && reasonOf( error ) === 'ENOENT' ) ) {
			context.warn(
				contentWarning( 'vanished', rel, reasonOf( error ) )
			);
		}
		return;
	}
	const item = describe( rel, stats );
	const type = typeOf( stats );
	if ( type === constants.S_IFLNK ) {
		yield* visitSymlink( context, item, absolute, isTop );
	} else if ( type === constants.S_IFREG ) {
		// Whether it can be read is found out when capture opens it (an `unreadable` warning then): an
		// access(2) here as well cost one more system call per file, about a second on 27,000 files.
		yield item;
	} else if ( type === constants.S_IFDIR ) {
		yield* visitDirectory( context, item, absolute, stats );
	} else {
		context.warn( contentWarning( 'special_file', rel, fileType( type ) ) );
	}
}

/**
 * The entry's lstat: from its parent's listing, or (a top directory) asked for here; throws as lstat does.
 * @param absolute
 * @param listed
 */
async function entryStats(
	absolute: string,
	listed: ListedEntry | undefined
): Promise< EntryStats > {
	if ( ! listed ) {
		return fs.lstat( absolute );
	}
	if ( 'error' in listed ) {
		throw Object.assign( new Error( listed.error ), {
			code: listed.error,
		} );
	}
	return listed;
}

function typeOf( stats: EntryStats ): number {
	return stats.mode & constants.S_IFMT; // eslint-disable-line no-bitwise -- the file type bits of st_mode
}

async function* visitSymlink(
	context: WalkContext,
	item: ContentItem,
	absolute: string,
	isTop: boolean
): AsyncGenerator< ContentItem > {
	try {
		item.target = await fs.readlink( absolute );
	} catch ( error ) {
		context.warn(
			contentWarning( 'vanished', item.rel, reasonOf( error ) )
		);
		return;
	}
	if ( isTop ) {
		context.warn(
			contentWarning( 'top_dir_symlink', item.rel, item.target )
		);
	}
	yield item;
}

async function* visitDirectory(
	context: WalkContext,
	item: ContentItem,
	absolute: string,
	stats: EntryStats
): AsyncGenerator< ContentItem > {
	const { storage } = context;
	if ( storage && stats.dev === storage.dev && stats.ino === storage.ino ) {
		return; // the archives themselves are never backed up
	}
	let listing: ListedEntry[];
	try {
		// readdir and an lstat of every entry, synchronously (small-files.ts says why).
		listing = await listDirectory( absolute, context.yielder );
	} catch ( error ) {
		context.warn(
			contentWarning( 'unreadable', item.rel, reasonOf( error ) )
		);
		return;
	}
	yield item;
	// Sorted as Array.prototype.sort sorts strings (by UTF-16 code units), so the order is deterministic.
	const entries = listing.sort( ( a, b ) => {
		if ( a.name === b.name ) {
			return 0;
		}
		return a.name < b.name ? -1 : 1;
	} );
	for ( const entry of entries ) {
		yield* visit( context, `${ item.rel }/${ entry.name }`, false, entry );
	}
}

function describe( rel: string, stats: EntryStats ): ContentItem {
	let kind: ContentKind = 'file';
	if ( typeOf( stats ) === constants.S_IFLNK ) {
		kind = 'symlink';
	} else if ( typeOf( stats ) === constants.S_IFDIR ) {
		kind = 'dir';
	}
	return {
		rel,
		kind,
		size: stats.size,
		mode: stats.mode & 0o7777, // eslint-disable-line no-bitwise -- permission bits of st_mode
		mtimeMs: stats.mtimeMs,
	};
}

function fileType( type: number ): string {
	if ( type === constants.S_IFSOCK ) {
		return 'socket';
	}
	if ( type === constants.S_IFIFO ) {
		return 'named pipe';
	}
	return type === constants.S_IFBLK ? 'block device' : 'character device';
}
