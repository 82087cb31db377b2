/**
 * Captures wp-content (uploads, themes, plugins) into an open archive. Every regular file is streamed
 * from an O_NOFOLLOW file handle into `files/wp-content/<rel>`; nothing is ever held whole in memory.
 * Symlinks and directories are not entries (the archive format has none): they are returned for the
 * engine to record in the manifest, and a symlink's target is never opened.
 *
 * Progress: the total comes from a first, cheap pass that only lstats the tree (no file is read), so a
 * progress bar is exact unless files change during the backup; bytesTotal then grows to bytesDone.
 */
import { closeSync, fstatSync, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { pipeline, Readable, Transform } from 'node:stream';

import type { DeflatedSource } from '../../archive/deflated-reuse';
import {
	addReusingStored,
	type StoredSource,
} from '../../archive/stored-reuse';
import type { ManifestEntry } from '../../archive/manifest';
import type { ArchiveWriter, PreparedEntry } from '../../archive/zip-writer';
import { entryPathOf, sectionOf, type FileSection } from './layout';
import type { LiveDigests } from './live-digests';
import { READ_NO_FOLLOW, readWholeFile } from './small-files';
import { walkContent, type ContentItem, type WalkOptions } from './walk';
import { contentWarning, reasonOf, type ContentWarning } from './warnings';

export interface CaptureProgress {
	bytesDone: number;
	bytesTotal: number;
	filesDone: number;
	filesTotal: number;
}

export interface CaptureOptions extends Omit< WalkOptions, 'onWarning' > {
	onProgress?: ( progress: CaptureProgress ) => void;
	/** Told the digest of every file read without a change (a restore's extraction uses them). */
	digests?: LiveDigests;
	/**
	 * Where a file's deflated bytes may already exist (a restore's archive: deflated-reuse.ts for a small
	 * file, stored-reuse.ts for a large one); the capture takes them instead of deflating the file again.
	 */
	reusable?: DeflatedSource;
}

export interface RecordedSymlink {
	/** Path of the link relative to wp-content. */
	path: string;
	/** The link's target as readlink returned it (relative or absolute). */
	target: string;
}

export interface CaptureResult extends Record< FileSection, number > {
	/** Files in top directories other than uploads/themes/plugins (when configured). */
	other_files: number;
	symlinks: RecordedSymlink[];
	/** Every captured directory, relative to wp-content, parents first (so empty ones come back). */
	directories: string[];
	warnings: ContentWarning[];
	/** Uncompressed bytes of all file entries written. */
	bytes: number;
}

/**
 * Streams wp-content into `writer`; see the file comment.
 * @param writer       an open archive writer; capture adds entries, the caller finishes it
 * @param wpContentDir absolute path of the live wp-content directory
 * @param options      walk options and a progress callback
 */
export async function captureContent(
	writer: ArchiveWriter,
	wpContentDir: string,
	options: CaptureOptions = {}
): Promise< CaptureResult > {
	const result = emptyResult();
	const progress = { ...( await measure( wpContentDir, options ) ) };
	const report = () =>
		options.onProgress?.( {
			...progress,
			bytesTotal: Math.max( progress.bytesTotal, progress.bytesDone ),
		} );
	const onWarning = ( warning: ContentWarning ) =>
		result.warnings.push( warning );
	const hooks: FileHooks = {
		onBytes: ( count ) => {
			progress.bytesDone += count;
			report();
		},
		onWarning,
		onUnchanged: ( item, entry, after ) =>
			options.digests?.remember(
				path.join( wpContentDir, item.rel ),
				after,
				entry.sha256
			),
	};
	const take = async ( slot: Slot ) => {
		const { item } = slot;
		if ( item.kind === 'dir' ) {
			result.directories.push( item.rel );
			return;
		}
		if ( item.kind === 'symlink' ) {
			result.symlinks.push( {
				path: item.rel,
				target: item.target ?? '',
			} );
			return;
		}
		const entry = slot.read
			? await addSmallFile( writer, item, slot.read, hooks )
			: await captureFile(
					writer,
					path.join( wpContentDir, item.rel ),
					item,
					hooks,
					options.reusable
				);
		progress.filesDone++;
		report();
		if ( entry ) {
			result.bytes += entry.size;
			result[ sectionOf( item.rel ) ?? 'other_files' ]++;
		}
	};
	// Small files are read ahead (a bounded window) while earlier entries are written, and their deflating
	// starts on the thread pool as soon as they are read, so both cores deflate while this thread reads
	// on. Entries are still written in walk order.
	const window: Slot[] = [];
	let windowBytes = 0;
	const takeOldest = async () => {
		const slot = window.shift() as Slot;
		windowBytes -= slot.read ? slot.item.size : 0;
		await take( slot );
	};
	try {
		for await ( const item of walkContent( wpContentDir, {
			...options,
			onWarning,
		} ) ) {
			const small = item.kind === 'file' && item.size <= READ_AHEAD_FILE;
			const slot: Slot = {
				item,
				read: small
					? readSmallFile(
							path.join( wpContentDir, item.rel ),
							item,
							( bytes ) =>
								writer.prepare(
									entryPathOf( item.rel ),
									bytes,
									options.reusable
								)
						)
					: undefined,
			};
			window.push( slot );
			windowBytes += small ? item.size : 0;
			while (
				window.length > READ_AHEAD_FILES ||
				windowBytes > READ_AHEAD_BYTES
			) {
				await takeOldest();
			}
		}
		while ( window.length ) {
			await takeOldest();
		}
	} finally {
		// After a failure, close the descriptors of reads that never had their turn.
		window.forEach( ( slot ) => discardRead( slot.read ) );
	}
	return result;
}

/** Files up to this size are read whole, ahead of their turn. */
const READ_AHEAD_FILE = 1024 * 1024;
/** Larger files stream in chunks of this size (one deflate block each; 16 times fewer than the default). */
const LARGE_FILE_CHUNK = 1024 * 1024;
/** The read-ahead window: at most this many items, holding at most this many bytes. */
const READ_AHEAD_FILES = 32;
const READ_AHEAD_BYTES = 4 * 1024 * 1024;

interface Slot {
	item: ContentItem;
	read: SmallRead | undefined;
}

/**
 * A small file read whole: its entry (being deflated already) and its still-open descriptor (the change
 * check fstats it at the file's turn, so "changed while read" covers everything from the open to the entry
 * being written), or why it is not captured.
 */
type SmallRead =
	{ entry: PreparedEntry; fd: number } | { warning: ContentWarning };

/**
 * Reads one small file whole with the same guarantees as captureFile: O_NOFOLLOW, a fstat that must
 * show a regular file, at most the size it had when opened, and a second fstat for the change warning.
 * As there, a file that cannot be opened is a warning; a read that fails after opening fails the backup.
 * The reads are synchronous (small-files.ts says why); the deflating starts on the thread pool.
 * @param absolute the file's absolute path
 * @param item     what the walk saw
 * @param prepare  starts the entry of the bytes read (ArchiveWriter.prepare)
 */
function readSmallFile(
	absolute: string,
	item: ContentItem,
	prepare: ( bytes: Buffer ) => PreparedEntry
): SmallRead {
	const read = readWholeFile( absolute );
	if ( 'openError' in read ) {
		return {
			warning: contentWarning(
				'unreadable',
				item.rel,
				reasonOf( read.openError )
			),
		};
	}
	if ( 'notFile' in read ) {
		return {
			warning: contentWarning(
				'vanished',
				item.rel,
				'replaced by something that is not a file'
			),
		};
	}
	try {
		return { entry: prepare( read.data ), fd: read.fd };
	} catch ( error ) {
		closeSync( read.fd );
		throw error;
	}
}

async function addSmallFile(
	writer: ArchiveWriter,
	item: ContentItem,
	read: SmallRead,
	hooks: FileHooks
): Promise< ManifestEntry | undefined > {
	if ( 'warning' in read ) {
		hooks.onWarning( read.warning );
		return undefined;
	}
	try {
		const entry = await writer.addPrepared( read.entry );
		hooks.onBytes( entry.size );
		checkUnchanged( item, entry, fstatSync( read.fd ), hooks );
		return entry;
	} finally {
		closeSync( read.fd );
	}
}

/**
 * Closes the descriptor of a read-ahead that never had its turn (the capture failed before it).
 * @param read
 */
function discardRead( read: SmallRead | undefined ) {
	if ( read && 'fd' in read ) {
		closeSync( read.fd );
	}
}

function emptyResult(): CaptureResult {
	return {
		media_files: 0,
		theme_files: 0,
		plugin_files: 0,
		other_files: 0,
		symlinks: [],
		directories: [],
		warnings: [],
		bytes: 0,
	};
}

/**
 * The first pass: how many files and bytes the walk will capture. Reads no file, reports no warning
 * (the second pass does).
 * @param wpContentDir absolute path of wp-content
 * @param options      the same walk options as the capture
 */
async function measure(
	wpContentDir: string,
	options: WalkOptions
): Promise< CaptureProgress > {
	const total = { bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0 };
	for await ( const item of walkContent( wpContentDir, {
		...options,
		onWarning: undefined,
	} ) ) {
		if ( item.kind === 'file' ) {
			total.filesTotal++;
			total.bytesTotal += item.size;
		}
	}
	return total;
}

interface FileHooks {
	onBytes: ( count: number ) => void;
	onWarning: ( warning: ContentWarning ) => void;
	/** A file read whole with no sign of change since the walk saw it. */
	onUnchanged: (
		item: ContentItem,
		entry: ManifestEntry,
		after: Stats
	) => void;
}

/**
 * Adds one regular file. Opened with O_NOFOLLOW and re-checked with fstat, so a file swapped for a
 * symlink after the walk is refused instead of followed. Reads at most the size the file had when
 * opened; a size or mtime change is a warning and the entry holds exactly the bytes read.
 * @param writer   the archive writer
 * @param absolute the file's absolute path
 * @param item     what the walk saw
 * @param hooks    progress and warning callbacks
 * @param reusable where the file's deflated bytes may already exist (stored-reuse.ts)
 */
async function captureFile(
	writer: ArchiveWriter,
	absolute: string,
	item: ContentItem,
	hooks: FileHooks,
	reusable?: StoredSource
): Promise< ManifestEntry | undefined > {
	let handle: fs.FileHandle;
	try {
		handle = await fs.open( absolute, READ_NO_FOLLOW );
	} catch ( error ) {
		hooks.onWarning(
			contentWarning( 'unreadable', item.rel, reasonOf( error ) )
		);
		return undefined;
	}
	try {
		const before = await handle.stat();
		if ( ! before.isFile() ) {
			hooks.onWarning(
				contentWarning(
					'vanished',
					item.rel,
					'replaced by something that is not a file'
				)
			);
			return undefined;
		}
		const source =
			before.size === 0
				? Readable.from( [] )
				: handle.createReadStream( {
						start: 0,
						end: before.size - 1,
						autoClose: false,
						highWaterMark: LARGE_FILE_CHUNK,
					} );
		const entryPath = entryPathOf( item.rel );
		const entry = await addReusingStored(
			writer,
			entryPath,
			counted( source, hooks.onBytes ),
			reusable?.storedOf( entryPath )
		);
		checkUnchanged( item, entry, await handle.stat(), hooks );
		return entry;
	} finally {
		await handle.close();
	}
}

function counted(
	source: Readable,
	onBytes: ( count: number ) => void
): Readable {
	const counter = new Transform( {
		transform( chunk: Buffer, _encoding, callback ) {
			onBytes( chunk.length );
			callback( null, chunk );
		},
	} );
	// Errors travel both ways: a failed read fails the entry, a failed writer stops the read.
	pipeline( source, counter, () => {} );
	return counter;
}

/**
 * Warns when a file changed while it was read (its entry holds exactly the bytes read); otherwise tells
 * onUnchanged.
 * @param item  what the walk saw
 * @param entry the entry written
 * @param after fstat of the descriptor after the read
 * @param hooks
 */
function checkUnchanged(
	item: ContentItem,
	entry: ManifestEntry,
	after: Stats,
	hooks: FileHooks
): void {
	const { onWarning } = hooks;
	if ( entry.size !== item.size || after.size !== item.size ) {
		onWarning(
			contentWarning(
				'changed_while_read',
				item.rel,
				`size ${ item.size } → ${ after.size } bytes, ${ entry.size } stored`
			)
		);
	} else if ( after.mtimeMs !== item.mtimeMs ) {
		onWarning(
			contentWarning(
				'changed_while_read',
				item.rel,
				'modified during the read'
			)
		);
	} else {
		hooks.onUnchanged( item, entry, after );
	}
}
