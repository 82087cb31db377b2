/**
 * The central directory as it grows: each entry's directory record is appended, as bytes, to 64 KiB blocks
 * when the entry ends. Keeping one object and one name Buffer per entry until the archive ends instead held,
 * in a restore's pre-restore snapshot of the full-size bench site (27,672 entries), about 3 MB of record
 * objects, 2.6 MB of Buffer objects and the 8 KiB pool slabs their small name Buffers pinned (7-9 MB in
 * 881 ArrayBuffers at a heap snapshot); the records themselves are about 3 MB of bytes.
 */
export const DIRECTORY_BLOCK_BYTES = 64 * 1024;

export class DirectoryRecords {
	private readonly full: Buffer[] = [];
	private block: Buffer;
	private used = 0;
	private records = 0;

	constructor( private readonly blockBytes = DIRECTORY_BLOCK_BYTES ) {
		this.block = Buffer.allocUnsafe( blockBytes );
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
		if ( record.length > this.block.length - this.used ) {
			if ( this.used > 0 ) {
				this.full.push( this.block.subarray( 0, this.used ) );
			}
			this.block = Buffer.allocUnsafe(
				Math.max( this.blockBytes, record.length )
			);
			this.used = 0;
		}
		record.copy( this.block, this.used );
		this.used += record.length;
		this.records++;
	}

	/** Every record's bytes in the order added, as a few large buffers. */
	blocks(): Buffer[] {
		return this.used > 0
			? [ ...this.full, this.block.subarray( 0, this.used ) ]
			: [ ...this.full ];
	}
}
