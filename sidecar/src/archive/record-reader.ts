/**
 * One reader of an archive's records for the directory parser and the layout check (see RecordReader).
 */
import { readSync } from 'node:fs';

import { SyteOpsError } from '../errors';

/**
 * The named error for a directory or record that is not what a SyteOps archive holds.
 * @param reason
 */
export function badDirectory( reason: string ): SyteOpsError {
	return new SyteOpsError( 'syteops_archive_bad_central_directory', {
		reason,
	} );
}

/**
 * Positional reads of ZIP records, synchronous, with the last read kept. The central directory is parsed
 * from 1 MB reads, and a layout check makes two tiny reads per entry (local header, data descriptor); with
 * tens of thousands of entries, a promise round trip to the thread pool for each (about 12 µs of
 * main-thread time, plus the wait) cost more than the reads: preview spent 0.7 s there on a 27,000-entry
 * archive. A synchronous pread of a few bytes from the page cache takes a few microseconds; `breathe()` yields to the event loop every READS_PER_TURN reads so the sidecar keeps
 * answering other requests while it checks a large archive.
 */
export class RecordReader {
	private reads = 0;
	private last: { start: number; bytes: Buffer } | undefined;

	constructor( private readonly fd: number ) {}

	/**
	 * `length` bytes at `position`. With `lookahead`, up to that many more bytes are read in the same call
	 * and kept, so a following request inside them needs no read: an entry's data descriptor is directly
	 * followed by the next local header, so one read serves both.
	 * @param position
	 * @param length
	 * @param lookahead
	 */
	at( position: number, length: number, lookahead = 0 ): Buffer {
		const last = this.last;
		if (
			last &&
			position >= last.start &&
			position + length <= last.start + last.bytes.length
		) {
			const from = position - last.start;
			return last.bytes.subarray( from, from + length );
		}
		const buffer = Buffer.allocUnsafe( length + lookahead );
		const bytesRead = readSync(
			this.fd,
			buffer,
			0,
			buffer.length,
			position
		);
		this.reads++;
		if ( bytesRead < length ) {
			throw badDirectory(
				`a record at byte ${ position } runs past the end of the file`
			);
		}
		this.last = { start: position, bytes: buffer.subarray( 0, bytesRead ) };
		return buffer.subarray( 0, length );
	}

	async breathe(): Promise< void > {
		if ( this.reads >= READS_PER_TURN ) {
			this.reads = 0;
			await new Promise( ( resolve ) => setImmediate( resolve ) );
		}
	}
}

/** Synchronous reads between two turns of the event loop (about 5 ms of work). */
const READS_PER_TURN = 2048;
