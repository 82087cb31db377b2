/**
 * Append-only records in blocks, read back in order once, for what a writer learns entry by entry and
 * needs only at the end: the central directory's records (directory-records.ts) and the manifest's entries
 * (manifest-entry-log.ts). Given a directory, every full block goes to a file there that is unlinked as
 * soon as it is opened, so only the block being filled stays in memory, and a crash leaves nothing behind
 * (the kernel frees the file with its last descriptor; one that died between the open and the unlink
 * leaves a `.tmp-` file, which start-up recovery removes). Without one, the blocks stay in memory.
 *
 * Both kept every block in memory before: on the full-size bench site (27,672 entries) about 3.7 MB of
 * records each, held by a restore's pre-restore snapshot at the restore's peak; per entry, so what grew that
 * peak from the quick to the full size. A record never spans two blocks: a block is read back whole and
 * parsed on its own.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export const SPOOL_BLOCK_BYTES = 64 * 1024;

export class BlockSpool {
	private fd: number | null = null;
	/** Lengths of the blocks in the file, in order. */
	private readonly spilled: number[] = [];
	private spilledBytes = 0;
	/** Full blocks, when there is no directory to spill them to. */
	private readonly kept: Buffer[] = [];
	private block: Buffer;
	private used = 0;
	private closed = false;

	/**
	 * @param directory  where full blocks go (an unlinked file); undefined keeps them in memory
	 * @param blockBytes a block's size (a larger record gets a block of its own size)
	 */
	constructor(
		private readonly directory?: string,
		private readonly blockBytes = SPOOL_BLOCK_BYTES
	) {
		this.block = Buffer.allocUnsafe( blockBytes );
	}

	/**
	 * Room for one record of `size` bytes in the current block (a new block when it does not fit there):
	 * the caller writes it at `at` and then calls commit( size ).
	 * @param size
	 */
	room( size: number ): { block: Buffer; at: number } {
		this.assertOpen();
		if ( size > this.block.length - this.used ) {
			this.endBlock( size );
		}
		return { block: this.block, at: this.used };
	}

	/**
	 * The record written into room( size ) is complete.
	 * @param size
	 */
	commit( size: number ): void {
		this.used += size;
	}

	/** Every block in the order written; each ends with a whole record. */
	*blocks(): IterableIterator< Buffer > {
		this.assertOpen();
		yield* this.kept;
		let position = 0;
		for ( const length of this.spilled ) {
			const block = Buffer.allocUnsafe( length );
			for ( let read = 0; read < length; ) {
				const got = readSync(
					this.fd as number,
					block,
					read,
					length - read,
					position + read
				);
				if ( got === 0 ) {
					throw new Error( 'the spool file ended early' );
				}
				read += got;
			}
			position += length;
			yield block;
		}
		if ( this.used > 0 ) {
			yield this.block.subarray( 0, this.used );
		}
	}

	/** Closes the file (and so frees it); the records are gone. Safe to call more than once. */
	close(): void {
		this.closed = true;
		if ( this.fd !== null ) {
			closeSync( this.fd );
			this.fd = null;
		}
	}

	private endBlock( nextSize: number ): void {
		if ( this.used > 0 ) {
			const full = this.block.subarray( 0, this.used );
			if ( this.directory === undefined ) {
				this.kept.push( full );
			} else {
				this.spill( full );
			}
		}
		// A spilled block's memory is free again; a kept one is held by `kept`.
		if (
			this.directory === undefined ||
			nextSize > this.block.length ||
			this.block.length > this.blockBytes
		) {
			this.block = Buffer.allocUnsafe(
				Math.max( this.blockBytes, nextSize )
			);
		}
		this.used = 0;
	}

	private spill( full: Buffer ): void {
		if ( this.fd === null ) {
			const file = path.join(
				this.directory as string,
				`.tmp-spool-${ randomBytes( 8 ).toString( 'hex' ) }`
			);
			this.fd = openSync( file, 'wx+', 0o600 );
			unlinkSync( file );
		}
		for ( let written = 0; written < full.length; ) {
			written += writeSync(
				this.fd,
				full,
				written,
				full.length - written,
				this.spilledBytes + written
			);
		}
		this.spilled.push( full.length );
		this.spilledBytes += full.length;
	}

	private assertOpen(): void {
		if ( this.closed ) {
			throw new Error( 'the spool is closed' );
		}
	}
}
