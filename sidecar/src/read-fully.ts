/**
 * A positional read that fills its buffer unless the file ends first: readSync may return fewer bytes than
 * asked for a regular file, so callers that need all of them loop, and this is that loop once.
 */
import { readSync } from 'node:fs';

/**
 * Reads into `into` from `at` until it is full or the file ends; returns the bytes read.
 * @param fd   an open descriptor
 * @param into the buffer to fill
 * @param at   the file position of its first byte
 */
export function readFully( fd: number, into: Buffer, at: number ): number {
	let filled = 0;
	while ( filled < into.length ) {
		const got = readSync(
			fd,
			into,
			filled,
			into.length - filled,
			at + filled
		);
		if ( got === 0 ) {
			break;
		}
		filled += got;
	}
	return filled;
}
