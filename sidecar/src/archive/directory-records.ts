/**
 * The central directory as it grows: each entry's directory record is appended, as bytes, to blocks when
 * the entry ends, spilled to an unlinked file in the archive's directory when one is given (block-spool.ts).
 * Keeping one object and one name Buffer per entry until the archive ends instead held, in a restore's
 * pre-restore snapshot of the full-size bench site (27,672 entries), about 3 MB of record objects, 2.6 MB
 * of Buffer objects and the 8 KiB pool slabs their small name Buffers pinned (7-9 MB in 881 ArrayBuffers
 * at a heap snapshot); the records themselves are about 3 MB of bytes.
 */
import { BlockSpool, SPOOL_BLOCK_BYTES } from './block-spool';

export const DIRECTORY_BLOCK_BYTES = SPOOL_BLOCK_BYTES;

export class DirectoryRecords {
	private readonly spool: BlockSpool;
	private records = 0;

	/**
	 * @param blockBytes a block's size
	 * @param spoolDir   where full blocks go; undefined keeps them in memory
	 */
	constructor( blockBytes = DIRECTORY_BLOCK_BYTES, spoolDir?: string ) {
		this.spool = new BlockSpool( spoolDir, blockBytes );
	}

	/** How many records were added. */
	get count(): number {
		return this.records;
	}

	/**
	 * Copies one record in (the caller may reuse or drop its buffer).
	 * @param record
	 */
	add( record: Buffer ): void {
		const { block, at } = this.spool.room( record.length );
		record.copy( block, at );
		this.spool.commit( record.length );
		this.records++;
	}

	/** Every record's bytes in the order added, block by block. */
	blocks(): IterableIterator< Buffer > {
		return this.spool.blocks();
	}

	/** Frees the records (and closes their spool file). */
	close(): void {
		this.spool.close();
	}
}
