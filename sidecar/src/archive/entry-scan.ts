/**
 * Reads every entry of an archive in one sequential pass over the file (1 MB reads), for verify. Opening
 * each entry on its own costs an open, reads and a close per entry, each a round trip to the thread pool;
 * with thousands of small entries that waiting, not the checking, was most of verify's time.
 *
 * Only for an archive whose layout check passed: entries tile the file from byte 0, so after the previous
 * entry the next one starts exactly at its directory offset. Every entry is checked exactly as a single
 * openEntry() stream checks it (size never beyond the directory's, then size, SHA-256 and CRC-32), with the
 * same named errors. Deflated entries up to SMALL_ENTRY_BYTES are inflated in one synchronous call (bounded
 * by the declared size, so a lying size cannot inflate a bomb); larger ones stream through zlib in chunks,
 * read apart from the main pass (their own cursor) so their seconds of inflating on the thread pool overlap
 * the checks of every entry after them (verify of the full-size bench archive: 13.9 s -> 11.1-11.8 s).
 */
import { promises as fs } from 'node:fs';
import {
	constants as zlibConstants,
	createInflateRaw,
	inflateRawSync,
} from 'node:zlib';

import { bufferChurn } from '../buffer-churn';
import { SyteOpsError, isSyteOpsError } from '../errors';
import {
	DigestCheck,
	sizeMismatch,
	type ContentCheck,
	type EntryExpectation,
} from './entry-stream';
import { asPacked, eachTarget, type Targets } from './scan-targets';

export const SCAN_READ_BYTES = 1024 * 1024;
/**
 * Deflated entries up to this size, compressed and inflated, are inflated in one call; larger ones stream.
 * Both bounds: a compressed size alone let a 1 MiB entry that expands 200-fold (the ratio limits.ts allows)
 * inflate into one 200 MiB buffer, and the bench site's 5.7 MB table of posts, deflated to under 1 MiB,
 * took 14 MB at once (two 4 MiB zlib chunks and their concatenation) on verify's main thread.
 */
export const SMALL_ENTRY_BYTES = 1024 * 1024;

export interface ScanTarget extends EntryExpectation {
	/** Where the local header starts, and where the data starts (both proven by the layout check). */
	offset: number;
	dataStart: number;
	compressedSize: number;
	deflated: boolean;
}

/** Called with each inflated chunk of an entry, in order; must not keep the chunk past the call. */
export type ChunkSink = ( chunk: Buffer ) => void;

/** One read: the buffer it filled and the bytes read into it. */
interface Read {
	buffer: Buffer;
	bytes: Buffer;
}

/**
 * Sequential reads of one file with a forward-only cursor. One read ahead is always in flight, so the
 * disk (or page cache) works on the next megabyte while the main thread checks this one.
 *
 * A recycling cursor reuses two buffers (the one being checked and the one being read ahead), so a piece it
 * returns is valid only until the next take(). Without reuse every read allocated a new megabyte outside the
 * V8 heap, and that churn (2 GB over the full-size bench archive) forced 90 full collections of a heap
 * holding the whole directory: seconds of verify's main thread. Large entries read apart recycle too, their
 * loop taking the next piece only once zlib has consumed the last: a new 256 KiB buffer per read of the
 * rows worker lived through its scavenges (the rows it parses meanwhile fill the young generation) and
 * waited for a full collection, 24-30 MB of them at the peak of a full-size verify (heaptrack). Peak RSS,
 * six runs each, alternated: 152-158 MB against 154-163 MB, wall time the same.
 */
class Cursor {
	private chunk: Buffer = Buffer.alloc( 0 );
	private chunkBuffer: Buffer | undefined;
	private chunkStart = 0;
	private ahead: { at: number; read: Promise< Read > } | undefined;
	private readonly spare: Buffer[] = [];

	constructor(
		private readonly handle: fs.FileHandle,
		private readonly fileSize: number,
		private position = 0,
		readonly readBytes = SCAN_READ_BYTES,
		private readonly recycle = false
	) {}

	/**
	 * Moves forward to `to` (never back: the layout is in offset order).
	 * @param to
	 */
	seek( to: number ): void {
		if ( to < this.position ) {
			throw new Error( `scan cursor cannot move back to ${ to }` );
		}
		this.position = to;
	}

	/**
	 * Up to `max` bytes at the cursor (a view into the current read), advancing it. From a recycling cursor
	 * the view is valid only until the next take().
	 * @param max
	 */
	async take( max: number ): Promise< Buffer > {
		const end = this.chunkStart + this.chunk.length;
		if ( this.position < this.chunkStart || this.position >= end ) {
			this.release( this.chunkBuffer );
			const read = await this.readAt( this.position );
			this.chunk = read.bytes;
			this.chunkBuffer = read.buffer;
			this.chunkStart = this.position;
			if ( this.chunk.length === 0 ) {
				throw new SyteOpsError( 'syteops_archive_truncated', {
					reason: `the file ends at byte ${ this.position }`,
				} );
			}
			const next = this.chunkStart + this.chunk.length;
			if ( next < this.fileSize ) {
				this.ahead = { at: next, read: this.read( next ) };
				this.ahead.read.catch( () => undefined ); // awaited when reached
			}
		}
		const from = this.position - this.chunkStart;
		const piece = this.chunk.subarray(
			from,
			Math.min( this.chunk.length, from + max )
		);
		this.position += piece.length;
		return piece;
	}

	/** Waits for a read ahead still in flight, so none outlives the file handle. */
	async settle(): Promise< void > {
		await this.ahead?.read.catch( () => undefined );
	}

	private release( buffer: Buffer | undefined ): void {
		if ( this.recycle && buffer ) {
			this.spare.push( buffer );
		}
	}

	private readAt( at: number ): Promise< Read > {
		const ahead = this.ahead;
		this.ahead = undefined;
		if ( ahead?.at === at ) {
			return ahead.read;
		}
		// A read ahead of the wrong place (the cursor skipped): its buffer comes back once it has landed.
		return (
			ahead?.read.then(
				( read ) => this.release( read.buffer ),
				() => undefined
			) ?? Promise.resolve()
		).then( () => this.read( at ) );
	}

	private async read( at: number ): Promise< Read > {
		let buffer = this.spare.pop();
		if ( ! buffer ) {
			buffer = Buffer.allocUnsafe( this.readBytes );
			bufferChurn.note( this.readBytes );
		}
		const { bytesRead } = await this.handle.read(
			buffer,
			0,
			this.readBytes,
			at
		);
		return { buffer, bytes: buffer.subarray( 0, bytesRead ) };
	}
}

function corrupt( path: string, error: unknown ): SyteOpsError {
	if ( isSyteOpsError( error ) ) {
		return error;
	}
	return new SyteOpsError( 'syteops_archive_entry_corrupt', {
		path,
		reason: ( error as Error ).message,
	} );
}

/**
 * A small deflated entry inflated whole, in one call on this thread: a thread-pool round trip per small
 * entry cost more than it saved (measured on 25,000 entries). One byte over the declared size is enough to
 * prove "more than declared" without inflating a bomb; a damaged stream is the entry's corruption.
 * @param stored the entry's deflated bytes
 * @param target its path and declared size
 */
export function inflateSmallEntry(
	stored: Buffer,
	target: Pick< ScanTarget, 'path' | 'size' >
): Buffer {
	try {
		const inflated = inflateRawSync( stored, {
			maxOutputLength: target.size + 1,
			// One output buffer the declared size (plus the byte that tells a longer entry): zlib's 16 KiB default
			// made a buffer per 16 KiB and a copy to join them, for each of thousands of small files. Callers
			// bound that size (isSmallDeflated here; restore's small files are at most 8 MiB).
			chunkSize: Math.max( zlibConstants.Z_MIN_CHUNK, target.size + 1 ),
		} );
		bufferChurn.note( inflated.buffer.byteLength );
		return inflated;
	} catch ( error ) {
		if (
			( error as NodeJS.ErrnoException ).code === 'ERR_BUFFER_TOO_LARGE'
		) {
			throw sizeMismatch(
				target.path,
				`more than ${ target.size }`,
				target.size
			);
		}
		throw corrupt( target.path, error );
	}
}

async function readStored(
	cursor: Cursor,
	target: ScanTarget,
	check: DigestCheck,
	sink: ChunkSink
): Promise< void > {
	let left = target.compressedSize;
	while ( left > 0 ) {
		const piece = await cursor.take( left );
		left -= piece.length;
		check.update( piece );
		sink( piece );
	}
}

/**
 * Whether a deflated entry is inflated in one call (see SMALL_ENTRY_BYTES).
 * @param target
 */
function isSmallDeflated(
	target: Pick< ScanTarget, 'size' | 'compressedSize' >
): boolean {
	return (
		target.compressedSize <= SMALL_ENTRY_BYTES &&
		target.size <= SMALL_ENTRY_BYTES
	);
}

async function readSmallDeflated(
	cursor: Cursor,
	target: ScanTarget,
	check: DigestCheck,
	sink: ChunkSink
): Promise< void > {
	// One piece is inflated where it lies; an entry split across two reads is gathered first (a piece is
	// valid only until the next take).
	let stored = await cursor.take( target.compressedSize );
	if ( stored.length < target.compressedSize ) {
		const whole = Buffer.allocUnsafe( target.compressedSize );
		let filled = stored.copy( whole );
		while ( filled < whole.length ) {
			filled += ( await cursor.take( whole.length - filled ) ).copy(
				whole,
				filled
			);
		}
		stored = whole;
	}
	const inflated = inflateSmallEntry( stored, target );
	check.update( inflated );
	sink( inflated );
}

async function readLargeDeflated(
	cursor: Cursor,
	target: ScanTarget,
	check: DigestCheck,
	sink: ChunkSink
): Promise< void > {
	const inflate = createInflateRaw( { chunkSize: cursor.readBytes } );
	let failure: unknown;
	inflate.on( 'data', ( chunk: Buffer ) => {
		if ( failure !== undefined ) {
			return;
		}
		bufferChurn.note( chunk.length );
		try {
			check.update( chunk );
			sink( chunk );
		} catch ( error ) {
			failure = error;
			inflate.destroy();
		}
	} );
	const finished = new Promise< void >( ( resolve, reject ) => {
		inflate.once( 'end', resolve );
		inflate.once( 'error', reject );
		inflate.once( 'close', () => resolve() );
	} );
	finished.catch( () => undefined );
	let left = target.compressedSize;
	while ( left > 0 && failure === undefined && ! inflate.destroyed ) {
		const piece = await cursor.take( left );
		left -= piece.length;
		// Zlib inflates a view of the cursor's read, and the next take() may hand that read's buffer to the
		// read after next (a recycling cursor): so the next piece is taken only once zlib has consumed this
		// one (its write callback) or the stream is gone. A piece is a whole read, larger than the stream's
		// buffer, so this is the wait for 'drain' the loop had before, and nothing is inflated later.
		await new Promise< void >( ( resolve ) => {
			const done = () => {
				inflate.off( 'close', done );
				resolve();
			};
			inflate.on( 'close', done );
			inflate.write( piece, done );
		} );
	}
	if ( ! inflate.destroyed ) {
		inflate.end();
	}
	try {
		await finished;
	} catch ( error ) {
		throw corrupt( target.path, error );
	}
	if ( failure !== undefined ) {
		throw failure;
	}
}

/** How one pass reads and checks. */
export interface ScanOptions {
	/** The size of each read (and of each inflated chunk of a large entry). */
	readBytes?: number;
	/**
	 * Whether each entry's content is hashed (the default) or left to a file hash (see DigestCheck; verify.ts
	 * says when that is sound). Size and CRC-32 are checked either way.
	 */
	content?: ContentCheck;
}

/** What one pass found: the entries that failed, each with its named error, and how many were checked. */
export interface ScanOutcome {
	broken: Map< string, SyteOpsError >;
	checked: number;
}

/**
 * Reads the targets (sorted by offset, as the layout check proved them) in one pass. For each target,
 * `open` gives the sink for its inflated bytes; the result names each entry that failed a check, with its
 * error (only failures: a map of every path held as many keys as the archive has entries, on each thread
 * and in each message between them). An I/O error reading the file is thrown.
 * @param archivePath
 * @param targets
 * @param open
 * @param options
 */
export async function scanEntries(
	archivePath: string,
	targets: Targets,
	open: ( target: ScanTarget ) => ChunkSink,
	options: ScanOptions = {}
): Promise< ScanOutcome > {
	const readBytes = options.readBytes ?? SCAN_READ_BYTES;
	const content = options.content ?? 'hashed';
	const results: ScanOutcome = { broken: new Map(), checked: 0 };
	const handle = await fs.open( archivePath, 'r' );
	const fileSize = ( await handle.stat() ).size;
	const cursor = new Cursor( handle, fileSize, 0, readBytes, true );
	const apart: Promise< void >[] = [];
	try {
		for ( const target of eachTarget( asPacked( targets ) ) ) {
			if (
				target.deflated &&
				target.compressedSize > SMALL_ENTRY_BYTES
			) {
				// A large deflated entry inflates on the thread pool for seconds; read apart (its own cursor
				// over the same handle), it runs on the second core while this loop checks the entries after it.
				const own = new Cursor(
					handle,
					fileSize,
					target.dataStart,
					readBytes,
					true
				);
				const task = checkEntry(
					own,
					target,
					open,
					results,
					content
				).finally( () => own.settle() );
				// Observed now: an I/O error may come while the loop is elsewhere (awaited below).
				task.catch( () => undefined );
				apart.push( task );
				if ( apart.length > LARGE_ENTRIES_APART ) {
					await apart.shift();
				}
				continue;
			}
			cursor.seek( target.dataStart );
			await checkEntry( cursor, target, open, results, content );
			// A failed entry may stop part-way: skip the rest of its data.
			cursor.seek( target.dataStart + target.compressedSize );
		}
		await Promise.all( apart );
	} finally {
		await Promise.allSettled( apart );
		await cursor.settle();
		await handle.close();
	}
	return results;
}

/** Large deflated entries read and inflated beside the main pass at once (see scanEntries). */
const LARGE_ENTRIES_APART = 2;

/**
 * Reads one entry at the cursor and records its outcome: checked, and the named error it failed with, if
 * any. Any other error (an I/O error reading the file) is thrown.
 * @param cursor
 * @param target
 * @param open
 * @param results
 * @param content whether its content is hashed (ScanOptions)
 */
async function checkEntry(
	cursor: Cursor,
	target: ScanTarget,
	open: ( target: ScanTarget ) => ChunkSink,
	results: ScanOutcome,
	content: ContentCheck
): Promise< void > {
	const check = new DigestCheck( target, content );
	const sink = open( target );
	try {
		if ( ! target.deflated ) {
			await readStored( cursor, target, check, sink );
		} else if ( isSmallDeflated( target ) ) {
			await readSmallDeflated( cursor, target, check, sink );
		} else {
			await readLargeDeflated( cursor, target, check, sink );
		}
		check.finish();
		results.checked++;
	} catch ( error ) {
		if ( ! isSyteOpsError( error ) ) {
			throw error;
		}
		results.checked++;
		results.broken.set( target.path, error );
	}
}
