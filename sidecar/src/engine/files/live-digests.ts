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

import { flatString } from '../../flat-string';

/** What identifies one state of a file (fstat of the descriptor its bytes were read from). */
export type FileState = Pick<
	Stats,
	'dev' | 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'
>;

/** How far before the reads began a file's last status change must lie to be remembered. */
export const RACY_MARGIN_MS = 3000;

/**
 * One remembered file, kept for every live file until the restore ends (27,500 on the full-size bench site),
 * so compact: its state as one flat string instead of an object of five numbers (inode and times are
 * boxed doubles in V8: 16 bytes each), its path a flat key. With path.join's tree as the key and the state
 * object, an entry took about 600 bytes of heap.
 */
interface Remembered {
	state: string;
	sha256: string;
}

/**
 * The five values that identify a file's state, as one string: equal exactly when all five are equal
 * (each is printed in full, and `:` cannot occur in a number's text).
 * @param state
 */
function stateKey( state: FileState ): string {
	return `${ state.dev }:${ state.ino }:${ state.size }:${ state.mtimeMs }:${ state.ctimeMs }`;
}

export class LiveDigests {
	private readonly known = new Map< string, Remembered >();
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
		this.known.set( flatString( absolute ), {
			state: flatString( stateKey( after ) ), // kept: flat; a lookup's key is not
			sha256,
		} );
	}

	/**
	 * The remembered digest, when the file is still in the state it was read in; otherwise undefined.
	 * @param absolute the file's absolute path
	 * @param now      fstat of a descriptor open on it now
	 */
	sha256Of( absolute: string, now: FileState ): string | undefined {
		const remembered = this.known.get( absolute );
		return remembered && remembered.state === stateKey( now )
			? remembered.sha256
			: undefined;
	}

	/** No more files will be read; what waits on `done` goes on. Safe to call more than once. */
	close(): void {
		this.settle();
	}
}
