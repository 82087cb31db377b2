/**
 * The SHA-256 of each live file a restore's pre-restore snapshot has just read, handed to the same restore's
 * extraction (unchanged-live.ts), so a file the archive holds unchanged is read and hashed once, not twice.
 * On the full-size bench site that second pass was 2 GB read and hashed on the main thread of a restore.
 *
 * A remembered digest stands for the file only while the file is provably the one that was read: the same
 * device, inode, size, mtime and ctime. Every write to a file sets its ctime, and no call can set it back;
 * but timestamps can be coarse (1 s on ext3, 2 s on FAT), so a write in the same tick as the read could
 * leave all five equal. Hence the rule git applies to its index ("racily clean" entries): a file whose
 * ctime is not well before the reads began is not remembered at all, and the extraction reads it itself.
 */
import type { Stats } from 'node:fs';

import { PathIndex } from '../../path-index';
import {
	readDigest,
	SHA256_BYTES,
	writeDigest,
} from '../../archive/digest-slots';

/** What identifies one state of a file (fstat of the descriptor its bytes were read from). */
export type FileState = Pick<
	Stats,
	'dev' | 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'
>;

/** How far before the reads began a file's last status change must lie to be remembered. */
export const RACY_MARGIN_MS = 3000;

/**
 * The five values that identify a file's state: equal exactly when all five are equal. (Every value is a
 * double; a file's times and inode are never NaN.)
 */
const STATE_FIELDS = [ 'dev', 'ino', 'size', 'mtimeMs', 'ctimeMs' ] as const;

export class LiveDigests {
	/**
	 * One remembered file, kept for every live file until the extraction ends (27,500 on the full-size bench
	 * site), so compact: a row of typed arrays outside the heap (the five state values and the digest's 32
	 * bytes), found by its path in a PathIndex, outside the heap too (path-index.ts). An object with the
	 * state as one string and the hex digest took about 200 bytes of heap per file (8 MB at a restore's
	 * peak, heap snapshot); with path.join's tree as the key and the state as an object of boxed doubles,
	 * about 600; a flat path string as a Map key, about 150.
	 */
	private rows = new PathIndex();
	private capacity = 0;
	private states = new Float64Array( 0 );
	private digests = new Uint8Array( 0 );
	private settle: () => void = () => undefined;
	/** Settles once the reads are over (close), whether the snapshot succeeded or not. */
	readonly done: Promise< void > = new Promise( ( resolve ) => {
		this.settle = resolve;
	} );

	/**
	 * @param readsStartedMs wall-clock time (Date.now()) at or before the first read; file times are wall-clock times
	 */
	constructor( private readonly readsStartedMs: number ) {}

	/**
	 * Remembers what a file held when it was read whole.
	 * @param absolute the file's absolute path
	 * @param after    fstat of the descriptor, taken after the read (and showing no change since the walk)
	 * @param sha256   the digest of the bytes read
	 */
	remember( absolute: string, after: FileState, sha256: string ): void {
		if ( after.ctimeMs >= this.readsStartedMs - RACY_MARGIN_MS ) {
			return; // changed too recently to rule out a write in the same timestamp tick
		}
		const row = this.rows.add( absolute );
		if ( row === this.capacity ) {
			this.grow();
		}
		STATE_FIELDS.forEach( ( field, i ) => {
			this.states[ row * STATE_FIELDS.length + i ] = after[ field ];
		} );
		writeDigest( this.digests, row, sha256 );
	}

	/**
	 * The remembered digest, when the file is still in the state it was read in; otherwise undefined.
	 * @param absolute the file's absolute path
	 * @param now      fstat of a descriptor open on it now
	 */
	sha256Of( absolute: string, now: FileState ): string | undefined {
		const row = this.rows.rowOf( absolute );
		if (
			row === undefined ||
			! STATE_FIELDS.every(
				( field, i ) =>
					this.states[ row * STATE_FIELDS.length + i ] ===
					now[ field ]
			)
		) {
			return undefined;
		}
		return readDigest( this.digests, row );
	}

	/**
	 * Drops every remembered file, once nothing will ask again (the extraction is over): on the full-size
	 * bench site 27,500 paths, their index and 2 MB of rows, which a restore held until its end. Asked after
	 * this, every file is unknown, and is read and hashed by whoever asks.
	 */
	forget(): void {
		this.rows = new PathIndex();
		this.capacity = 0;
		this.states = new Float64Array( 0 );
		this.digests = new Uint8Array( 0 );
	}

	/** No more files will be read; what waits on `done` goes on. Safe to call more than once. */
	close(): void {
		this.settle();
	}

	private grow(): void {
		this.capacity = Math.max( 1024, this.capacity * 2 );
		const states = new Float64Array( this.capacity * STATE_FIELDS.length );
		states.set( this.states );
		this.states = states;
		const digests = new Uint8Array( this.capacity * SHA256_BYTES );
		digests.set( this.digests );
		this.digests = digests;
	}
}
