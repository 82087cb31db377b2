/**
 * Lists what a backup captures from wp-content, without ever following a symbolic link. archiver follows
 * links when it is handed a directory (the reason the walk is ours), so a link like `uploads/x -> ../../wp-config.php` would put the
 * site's secrets in the archive; we walk ourselves with lstat and only record where links point.
 *
 * Order is deterministic (top directories as configured, then names sorted), so two backups of the same
 * tree list the same entries in the same order. A directory is yielded before its contents.
 */
import { promises as fs, type Stats } from 'node:fs';
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

interface WalkContext {
	root: string;
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

async function* visit(
	context: WalkContext,
	rel: string,
	isTop: boolean
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
	let stats: Stats;
	try {
		stats = await fs.lstat( absolute );
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
	if ( stats.isSymbolicLink() ) {
		yield* visitSymlink( context, item, absolute, isTop );
	} else if ( stats.isFile() ) {
		// Whether it can be read is found out when capture opens it (an `unreadable` warning then): an
		// access(2) here as well cost one more system call per file, about a second on 27,000 files.
		yield item;
	} else if ( stats.isDirectory() ) {
		yield* visitDirectory( context, item, absolute, stats );
	} else {
		context.warn(
			contentWarning( 'special_file', rel, fileType( stats ) )
		);
	}
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
	stats: Stats
): AsyncGenerator< ContentItem > {
	const { storage } = context;
	if ( storage && stats.dev === storage.dev && stats.ino === storage.ino ) {
		return; // the archives themselves are never backed up
	}
	let names: string[];
	try {
		names = await fs.readdir( absolute );
	} catch ( error ) {
		context.warn(
			contentWarning( 'unreadable', item.rel, reasonOf( error ) )
		);
		return;
	}
	yield item;
	for ( const name of names.sort() ) {
		yield* visit( context, `${ item.rel }/${ name }`, false );
	}
}

function describe( rel: string, stats: Stats ): ContentItem {
	let kind: ContentKind = 'file';
	if ( stats.isSymbolicLink() ) {
		kind = 'symlink';
	} else if ( stats.isDirectory() ) {
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

function fileType( stats: Stats ): string {
	if ( stats.isSocket() ) {
		return 'socket';
	}
	if ( stats.isFIFO() ) {
		return 'named pipe';
	}
	return stats.isBlockDevice() ? 'block device' : 'character device';
}
