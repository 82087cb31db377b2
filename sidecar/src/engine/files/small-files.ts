/* eslint-disable no-bitwise -- open(2) flags are a bit set */
/**
 * The per-file system calls of the walk, the capture and the extraction, made synchronously. On these VMs a
 * `fs.promises` call costs the main thread a thread-pool round trip of its own (a futex wake, then an event
 * loop wake-up), and a small file took five of them to read (open, fstat, read, fstat, close) and as many to
 * write: measured on 1,000 of the bench site's 24-40 KB files, 480 µs of CPU per file read that way against
 * 16-44 µs for the same system calls made directly. At 27,000 files per backup, and a restore that both
 * extracts them and backs up the live ones, that was the largest single cost of the main thread.
 *
 * (Worker threads doing the same calls were measured too: as fast, but each worker and the buffers handed
 * across cost 20-70 MB of RSS, which a restore does not have under its 256 MB budget.)
 *
 * A synchronous call on a file in the page cache returns in tens of microseconds; one that must wait for a
 * disk blocks the event loop for that read. Callers bound how long they run without yielding (Yielder), so
 * the sidecar keeps answering while a backup or restore runs.
 */
import {
	closeSync,
	constants,
	fstatSync,
	lstatSync,
	openSync,
	readdirSync,
	writeSync,
} from 'node:fs';

import { digestOf, type Digest } from '../../archive/digest';
import { checkDigest, sizeMismatch } from '../../archive/entry-stream';
import { inflateSmallEntry, type ScanTarget } from '../../archive/entry-scan';
import { readFully } from '../../read-fully';

/** open(2) flags: read only, and fail (ELOOP) if the path is a symlink instead of following it. */
export const READ_NO_FOLLOW = constants.O_RDONLY | constants.O_NOFOLLOW;
/** Create exclusively and never through a link: a staged file is always new. */
const CREATE_NEW =
	constants.O_WRONLY |
	constants.O_CREAT |
	constants.O_EXCL |
	constants.O_NOFOLLOW;

/**
 * Lets the event loop run once this much time has passed since it last did: synchronous calls between
 * awaits that resolve at once (a loop of microtasks) would otherwise hold it for the whole loop.
 */
export class Yielder {
	private last = performance.now();

	constructor( private readonly everyMs = 10 ) {}

	async maybe(): Promise< void > {
		if ( performance.now() - this.last >= this.everyMs ) {
			await new Promise( ( resolve ) => setImmediate( resolve ) );
			this.last = performance.now();
		}
	}
}

/** One directory entry as lstat saw it, or the error code lstat gave. */
export type ListedEntry =
	| {
			name: string;
			mode: number;
			size: number;
			mtimeMs: number;
			dev: number;
			ino: number;
	  }
	| { name: string; error: string };

/**
 * The directory's entries, each lstat'ed (never followed), in readdir's order; throws as readdir does.
 * @param absolute the directory
 * @param yielder  lets the event loop run between entries of a large directory
 */
export async function listDirectory(
	absolute: string,
	yielder: Yielder
): Promise< ListedEntry[] > {
	const entries: ListedEntry[] = [];
	for ( const name of readdirSync( absolute ) ) {
		try {
			const { mode, size, mtimeMs, dev, ino } = lstatSync(
				`${ absolute }/${ name }`
			);
			entries.push( { name, mode, size, mtimeMs, dev, ino } );
		} catch ( error ) {
			entries.push( {
				name,
				error: ( error as NodeJS.ErrnoException ).code ?? 'EIO',
			} );
		}
		await yielder.maybe();
	}
	return entries;
}

/** A small file read whole, its descriptor still open; or why it was not. */
export type WholeFile =
	{ fd: number; data: Buffer } | { openError: unknown } | { notFile: true };

/**
 * Opens with O_NOFOLLOW, checks with fstat that it is a regular file, and reads at most the size fstat gave
 * (a file that shrank gives what was there). The descriptor stays open for the caller's change check; it
 * must close it. A read that fails after the open throws (the descriptor closed).
 * @param absolute
 */
export function readWholeFile( absolute: string ): WholeFile {
	let fd: number;
	try {
		fd = openSync( absolute, READ_NO_FOLLOW );
	} catch ( error ) {
		return { openError: error };
	}
	try {
		const before = fstatSync( fd );
		if ( ! before.isFile() ) {
			closeSync( fd );
			return { notFile: true };
		}
		const data = Buffer.allocUnsafe( before.size );
		return { fd, data: data.subarray( 0, readFully( fd, data, 0 ) ) };
	} catch ( error ) {
		closeSync( fd );
		throw error;
	}
}

/**
 * Extracts small entries of one archive with the checks of the reader's verified stream (size, CRC-32,
 * manifest SHA-256, named the same way), all made before the file exists: it is created exclusively and
 * written only once every check held. The archive stays open until close(), and stored bytes are read
 * into one reused buffer, so thousands of media files allocate nothing (a new buffer each raised a
 * restore's RSS by tens of megabytes).
 */
export class SmallEntryExtractor {
	private readonly fd: number;
	private scratch = Buffer.allocUnsafeSlow( 1024 * 1024 );

	constructor( archivePath: string ) {
		this.fd = openSync( archivePath, 'r' );
	}

	/**
	 * @param located the entry's proven byte range and what it must hold
	 * @param target  the staging file to create
	 * @param mode    its permission bits
	 */
	extract( located: ScanTarget, target: string, mode: number ): void {
		if ( this.scratch.length < located.compressedSize ) {
			this.scratch = Buffer.allocUnsafeSlow( located.compressedSize );
		}
		const stored = this.scratch.subarray( 0, located.compressedSize );
		if (
			readFully( this.fd, stored, located.dataStart ) !== stored.length
		) {
			throw sizeMismatch( located.path, 'cut short', located.size );
		}
		const bytes = located.deflated
			? inflateSmallEntry( stored, located )
			: stored;
		if ( bytes.length > located.size ) {
			throw sizeMismatch(
				located.path,
				`more than ${ located.size }`,
				located.size
			);
		}
		const digest: Digest = digestOf( bytes );
		checkDigest( located, digest );
		const fd = openSync( target, CREATE_NEW, mode );
		try {
			let done = 0;
			while ( done < bytes.length ) {
				done += writeSync( fd, bytes, done, bytes.length - done );
			}
		} finally {
			closeSync( fd );
		}
	}

	close(): void {
		closeSync( this.fd );
	}
}
