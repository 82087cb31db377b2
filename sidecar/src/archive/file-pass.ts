/**
 * One sequential read of a whole archive that computes its SHA-256 (what the catalog records when an archive
 * is written or registered) and, from the same bytes, checks every stored entry (size, SHA-256, CRC-32): a
 * stored entry's data is its content, so verify need not read it a second time. Runs on a worker thread
 * (rows-check-worker.ts) beside verify's main pass; see verify.ts for how the work is shared out.
 *
 * Given the file's SHA-256 as the catalog recorded it, the stored entries' own SHA-256 is not computed: the
 * catalog records a file's hash only over bytes whose entries were proven against the manifest (the writer
 * hashes what it writes; an upload is verified before its hash is taken, from the same read). A file hash
 * equal to that one proves each stored entry's bytes, so hashing them again would only repeat it (on the
 * bench archive 1.4 GB of media, about 1.2 s of one core). Size and CRC-32 are still checked. When the file
 * hash differs, a second pass hashes the stored entries too, so the finding names the damaged entry.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';

import { isSyteOpsError, type SyteOpsError } from '../errors';
import type { ScanTarget } from './entry-scan';
import { DigestCheck, type ContentCheck } from './entry-stream';
import {
	asPacked,
	targetAt,
	targetCount,
	type PackedTargets,
	type Targets,
} from './scan-targets';

/** Two buffers of this size are reused for every read, so the size costs no garbage. */
export const FILE_PASS_READ_BYTES = 1024 * 1024;

export interface FilePass {
	sha256: string;
	/** The stored entries that failed, each with its named error (only failures, as in entry-scan.ts). */
	broken: Map< string, SyteOpsError >;
	/** How many stored entries were checked. */
	checked: number;
}

/**
 * The stored entries a read of `length` bytes at `at` holds, fed to their checks, in file order.
 */
class StoredChecks {
	private next = 0;
	private current: { target: ScanTarget; check: DigestCheck } | undefined;
	readonly broken = new Map< string, SyteOpsError >();
	/** Entries whose outcome is known; each counted once, when its check ended (or failed). */
	checked = 0;

	constructor(
		/** In offset order, which is data order. */
		private readonly targets: PackedTargets,
		private readonly content: ContentCheck
	) {}

	feed( chunk: Buffer, at: number ): void {
		const end = at + chunk.length;
		for (;;) {
			if ( ! this.current ) {
				if ( this.next >= targetCount( this.targets ) ) {
					return;
				}
				const target = targetAt( this.targets, this.next );
				if ( target.dataStart >= end ) {
					return;
				}
				this.next++;
				this.current = {
					target,
					check: new DigestCheck( target, this.content ),
				};
			}
			const { target, check } = this.current;
			const dataEnd = target.dataStart + target.compressedSize;
			const from = Math.max( at, target.dataStart );
			const to = Math.min( end, dataEnd );
			const failed = this.outcome( target, () => {
				if ( to > from ) {
					check.update( chunk.subarray( from - at, to - at ) );
				}
				if ( dataEnd <= end ) {
					check.finish();
				}
			} );
			if ( failed || dataEnd <= end ) {
				this.checked++;
			}
			if ( dataEnd > end && this.current ) {
				return; // the entry goes on in the next read
			}
			this.current = undefined;
		}
	}

	/** Entries the file ended inside (a truncated file) fail as the main pass would call them. */
	end(): void {
		for ( ; this.current || this.next < targetCount( this.targets ); ) {
			const target =
				this.current?.target ?? targetAt( this.targets, this.next++ );
			this.current = undefined;
			this.outcome( target, () =>
				new DigestCheck( target, this.content ).finish()
			);
			this.checked++;
		}
	}

	/**
	 * Runs one step of the target's check; true when it failed (its error is then recorded).
	 * @param target
	 * @param run
	 */
	private outcome( target: ScanTarget, run: () => void ): boolean {
		try {
			run();
			return false;
		} catch ( error ) {
			if ( ! isSyteOpsError( error ) ) {
				throw error;
			}
			this.broken.set( target.path, error );
			this.current = undefined; // the rest of its bytes are not looked at
			return true;
		}
	}
}

export interface FilePassOptions {
	/** The size of each read. */
	readBytes?: number;
	/** The whole file's SHA-256 as the catalog recorded it (see the top of this file). */
	recordedSha256?: string;
}

/**
 * Reads the whole file once, in order (twice only when `recordedSha256` is given and differs).
 * @param archivePath
 * @param stored      stored (not deflated) entries to check, any order
 * @param options
 */
export async function hashFileCheckingStored(
	archivePath: string,
	stored: Targets,
	options: FilePassOptions = {}
): Promise< FilePass > {
	const readBytes = options.readBytes ?? FILE_PASS_READ_BYTES;
	const recorded = options.recordedSha256;
	const packed = asPacked( stored );
	const pass = await readWholeFile(
		archivePath,
		packed,
		readBytes,
		recorded ? 'proven-by-file' : 'hashed'
	);
	if ( ! recorded || pass.sha256 === recorded ) {
		return pass;
	}
	return readWholeFile( archivePath, packed, readBytes, 'hashed' );
}

/**
 * One read of the whole file, in order, with one read ahead.
 * @param archivePath
 * @param stored
 * @param readBytes
 * @param content     whether the stored entries' content is hashed (see DigestCheck)
 */
async function readWholeFile(
	archivePath: string,
	stored: PackedTargets,
	readBytes: number,
	content: ContentCheck
): Promise< FilePass > {
	const checks = new StoredChecks( stored, content );
	const hash = createHash( 'sha256' );
	const handle = await fs.open( archivePath, 'r' );
	const read = ( buffer: Buffer, at: number ) =>
		handle.read( buffer, 0, readBytes, at );
	let buffers = [
		Buffer.allocUnsafe( readBytes ),
		Buffer.allocUnsafe( readBytes ),
	];
	let pending = read( buffers[ 0 ], 0 );
	try {
		let at = 0;
		for (;;) {
			const { bytesRead } = await pending;
			if ( bytesRead === 0 ) {
				break;
			}
			const chunk = buffers[ 0 ].subarray( 0, bytesRead );
			// The next read fills the other buffer while this one is hashed and checked.
			pending = read( buffers[ 1 ], at + bytesRead );
			hash.update( chunk );
			checks.feed( chunk, at );
			at += bytesRead;
			buffers = [ buffers[ 1 ], buffers[ 0 ] ];
		}
	} finally {
		// No read may outlive the handle.
		await pending.catch( () => undefined );
		await handle.close();
	}
	checks.end();
	return {
		sha256: hash.digest( 'hex' ),
		broken: checks.broken,
		checked: checks.checked,
	};
}
