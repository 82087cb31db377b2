/* eslint-disable no-bitwise -- permission bits */
/**
 * Restoring a file the live site already holds byte for byte: instead of writing the archive's copy into
 * staging, the live file is hard-linked there. A restore that rolls a site back usually finds most uploads
 * unchanged, and creating a file was the restore's costliest step on these disks (about 200 µs for each
 * open(O_CREAT) of 27,400 uploads, against 24 µs for a link, plus writing the bytes and inflating them).
 *
 * What "the same" means, checked on the open descriptor (opened without following a link), so the staged
 * result is exactly what extracting would have made:
 *   - a regular file with the entry's size and the mode extraction gives (FILE_MODE), not linked elsewhere
 *     (one link: a shared inode would tie the restored file to a path outside the restore);
 *   - its SHA-256 is the manifest's for the entry, and its size and mtime did not change while it was read;
 *   - the link made in staging is that same inode (a path swapped for a link meanwhile is refused).
 * Anything else, or any error, answers "no" and the caller extracts the entry as always.
 *
 * The content is not read again when the restore's pre-restore snapshot has just read the file and it is
 * still in the state it was read in (live-digests.ts): the digest the snapshot computed stands in.
 *
 * Nothing live changes: a link adds a name in staging, and the swap then renames trees as it does for
 * extracted files; a rollback or a crash leaves the live file as it was (cleanup removes the staging name).
 * One difference remains, stated in docs/rest-api.md: a live file written in place between this check and
 * the swap keeps that write.
 */
import { createHash } from 'node:crypto';
import {
	closeSync,
	fstatSync,
	linkSync,
	lstatSync,
	openSync,
	promises as fs,
	readSync,
	unlinkSync,
	type Stats,
} from 'node:fs';

import { bufferChurn } from '../../buffer-churn';
import { FILE_MODE } from './layout';
import type { LiveDigests } from './live-digests';
import { READ_NO_FOLLOW } from './small-files';

/** What the archive says the file holds. */
export interface ExpectedContent {
	size: number;
	sha256: string;
}

/**
 * Whether stats describe a file that can stand for the entry (before its content is compared). Pure.
 * @param stats    fstat of the live file
 * @param expected the entry
 */
export function reusableShape(
	stats: Pick< Stats, 'mode' | 'size' | 'nlink' | 'isFile' >,
	expected: ExpectedContent
): boolean {
	return (
		stats.isFile() &&
		stats.size === expected.size &&
		( stats.mode & 0o7777 ) === FILE_MODE &&
		stats.nlink === 1
	);
}

function unchangedWhileRead( before: Stats, after: Stats ): boolean {
	return after.size === before.size && after.mtimeMs === before.mtimeMs;
}

/**
 * Links live → target and proves the new name is the inode that was read; on any doubt, no link is left.
 * @param live
 * @param target
 * @param read   fstat of the descriptor the content was read from
 */
function linkSameInode( live: string, target: string, read: Stats ): boolean {
	linkSync( live, target ); // throws before anything exists: the caller answers no
	try {
		const linked = lstatSync( target );
		if (
			linked.isFile() &&
			linked.ino === read.ino &&
			linked.dev === read.dev
		) {
			return true;
		}
	} catch {
		// not provable: removed below
	}
	unlinkSync( target );
	return false;
}

/**
 * The answer from a digest remembered for the file in its current state, or undefined when there is none
 * (the caller then reads and hashes the file).
 * @param known    digests of live files read just before, if any
 * @param live
 * @param target
 * @param before   fstat of the open descriptor
 * @param expected
 */
function linkOnRemembered(
	known: LiveDigests | undefined,
	live: string,
	target: string,
	before: Stats,
	expected: ExpectedContent
): boolean | undefined {
	const remembered = known?.sha256Of( live, before );
	if ( remembered === undefined ) {
		return undefined;
	}
	return (
		remembered === expected.sha256 && linkSameInode( live, target, before )
	);
}

/**
 * Synchronous form, for the small files extracted synchronously (small-files.ts says why).
 * @param live     the live file
 * @param target   the staging path (must not exist)
 * @param expected the entry
 * @param scratch  a reusable read buffer
 * @param known    digests of live files read just before, if any
 */
export function linkIfUnchangedSync(
	live: string,
	target: string,
	expected: ExpectedContent,
	scratch: Buffer,
	known?: LiveDigests
): boolean {
	let fd: number;
	try {
		fd = openSync( live, READ_NO_FOLLOW );
	} catch {
		return false;
	}
	try {
		const before = fstatSync( fd );
		if ( ! reusableShape( before, expected ) ) {
			return false;
		}
		const remembered = linkOnRemembered(
			known,
			live,
			target,
			before,
			expected
		);
		if ( remembered !== undefined ) {
			return remembered;
		}
		const hash = createHash( 'sha256' );
		let at = 0;
		while ( at < before.size ) {
			const got = readSync(
				fd,
				scratch,
				0,
				Math.min( scratch.length, before.size - at ),
				at
			);
			if ( got === 0 ) {
				return false;
			}
			hash.update( scratch.subarray( 0, got ) );
			at += got;
		}
		return (
			hash.digest( 'hex' ) === expected.sha256 &&
			unchangedWhileRead( before, fstatSync( fd ) ) &&
			linkSameInode( live, target, before )
		);
	} catch {
		return false;
	} finally {
		closeSync( fd );
	}
}

const LARGE_READ_BYTES = 1024 * 1024;

/**
 * Asynchronous form, for entries large enough to stream: reading them must not hold the event loop.
 * @param live
 * @param target
 * @param expected
 * @param known    digests of live files read just before, if any
 */
export async function linkIfUnchanged(
	live: string,
	target: string,
	expected: ExpectedContent,
	known?: LiveDigests
): Promise< boolean > {
	let handle: fs.FileHandle;
	try {
		handle = await fs.open( live, READ_NO_FOLLOW );
	} catch {
		return false;
	}
	try {
		const before = await handle.stat();
		if ( ! reusableShape( before, expected ) ) {
			return false;
		}
		const remembered = linkOnRemembered(
			known,
			live,
			target,
			before,
			expected
		);
		if ( remembered !== undefined ) {
			return remembered;
		}
		const hash = createHash( 'sha256' );
		const buffer = Buffer.allocUnsafe( LARGE_READ_BYTES );
		bufferChurn.note( buffer.length );
		let at = 0;
		while ( at < before.size ) {
			const { bytesRead } = await handle.read(
				buffer,
				0,
				Math.min( buffer.length, before.size - at ),
				at
			);
			if ( bytesRead === 0 ) {
				return false;
			}
			hash.update( buffer.subarray( 0, bytesRead ) );
			at += bytesRead;
		}
		return (
			hash.digest( 'hex' ) === expected.sha256 &&
			unchangedWhileRead( before, await handle.stat() ) &&
			linkSameInode( live, target, before )
		);
	} catch {
		return false;
	} finally {
		await handle.close();
	}
}
