/* eslint-disable no-bitwise -- FNV-1a hashing and a power-of-two table mask. */
/**
 * A set of paths, each numbered in the order it was added (its row), held outside the V8 heap: the paths'
 * bytes in one growing Buffer, an open-addressing hash table of rows in a typed array.
 *
 * A restore keeps one path per archive entry three times over until its staging ends: the archive
 * reader's names (entry-table.ts), the pre-restore snapshot's names (zip-writer.ts) and the live files'
 * digests (live-digests.ts). As strings in a Map or Set they were 120-150 bytes of heap each, 27,500 of
 * them on the full-size bench site, and V8 sizes a heap to what survives (1.6 times it here, see
 * memory-budget.ts), so every megabyte kept there held about 1.6 MB of the peak; that per-entry part is
 * what grew a cross-site restore's peak RSS from the quick to the full size. Here a path takes its UTF-8
 * bytes and 21-29 more, and no collection walks it.
 *
 * Lossless: a well-formed string is kept as UTF-8 (one encoding per string, so equal bytes mean equal
 * strings); a string with a lone surrogate (which UTF-8 cannot carry) as UTF-16, flagged.
 */

const EMPTY = 0;
const UTF8 = 0;
const UTF16 = 1;

/** Rows whose bytes (at 64 each) are allocated at first, at most. */
const INITIAL_BYTES_ROWS = 16384;

/** FNV-1a, 32 bits. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export class PathIndex {
	private count = 0;
	private capacity: number;
	private bytes: Buffer;
	private used = 0;
	/** Where each row's bytes start; starts[ row + 1 ] (or `used` for the last row) is where they end. */
	private starts: Float64Array;
	private hashes: Uint32Array;
	private encodings: Uint8Array;
	/** Row + 1 per slot, EMPTY when free; at most half full. */
	private slots: Uint32Array;
	/** The path being looked up or added, encoded. */
	private scratch = Buffer.allocUnsafeSlow( 1024 );
	private scratchLength = 0;
	private scratchEncoding = UTF8;
	private scratchHash = 0;

	/** @param capacity rows to make room for at first; grows if need be */
	constructor( capacity = 16 ) {
		this.capacity = Math.max( 16, capacity );
		// A capacity may come from an archive's own count: the bytes grow as paths come, not on its word.
		this.bytes = Buffer.allocUnsafeSlow(
			Math.min( this.capacity, INITIAL_BYTES_ROWS ) * 64
		);
		this.starts = new Float64Array( this.capacity );
		this.hashes = new Uint32Array( this.capacity );
		this.encodings = new Uint8Array( this.capacity );
		this.slots = new Uint32Array( slotCountFor( this.capacity ) );
	}

	/** How many paths it holds (rows 0 to size - 1). */
	get size(): number {
		return this.count;
	}

	/**
	 * The path's row, adding it as the next row when it is not held yet.
	 * @param path
	 */
	add( path: string ): number {
		const found = this.find( path );
		if ( found !== undefined ) {
			return found;
		}
		if ( this.count === this.capacity ) {
			this.grow();
		}
		const row = this.count++;
		const length = this.scratchLength;
		if ( this.used + length > this.bytes.length ) {
			const bytes = Buffer.allocUnsafeSlow(
				Math.max(
					Math.ceil( this.bytes.length * 1.5 ),
					this.used + length
				)
			);
			this.bytes.copy( bytes, 0, 0, this.used );
			this.bytes = bytes;
		}
		this.scratch.copy( this.bytes, this.used, 0, length );
		this.starts[ row ] = this.used;
		this.used += length;
		this.hashes[ row ] = this.scratchHash;
		this.encodings[ row ] = this.scratchEncoding;
		this.place( row );
		return row;
	}

	/**
	 * The path's row, or undefined when it is not held.
	 * @param path
	 */
	rowOf( path: string ): number | undefined {
		return this.find( path );
	}

	has( path: string ): boolean {
		return this.find( path ) !== undefined;
	}

	/** @param row a row below size */
	pathOf( row: number ): string {
		if ( ! ( row >= 0 && row < this.count ) ) {
			throw new RangeError( `no path at row ${ row }` );
		}
		return this.bytes.toString(
			this.encodings[ row ] === UTF16 ? 'utf16le' : 'utf8',
			this.starts[ row ],
			this.endOf( row )
		);
	}

	/**
	 * Keeps the first `count` rows and forgets the rest.
	 * @param count
	 */
	truncate( count: number ): void {
		if ( count >= this.count ) {
			return;
		}
		this.count = Math.max( 0, count );
		this.used = this.count === 0 ? 0 : this.starts[ this.count ];
		this.slots.fill( EMPTY );
		for ( let row = 0; row < this.count; row++ ) {
			this.place( row );
		}
	}

	/** Forgets every path and gives back what held them. */
	clear(): void {
		this.count = 0;
		this.used = 0;
		this.capacity = 16;
		this.bytes = Buffer.allocUnsafeSlow( this.capacity * 64 );
		this.starts = new Float64Array( this.capacity );
		this.hashes = new Uint32Array( this.capacity );
		this.encodings = new Uint8Array( this.capacity );
		this.slots = new Uint32Array( slotCountFor( this.capacity ) );
	}

	private endOf( row: number ): number {
		return row + 1 < this.count ? this.starts[ row + 1 ] : this.used;
	}

	/**
	 * Encodes the path into the scratch buffer (with its hash) and finds its row.
	 * @param path
	 */
	private find( path: string ): number | undefined {
		this.encode( path );
		const mask = this.slots.length - 1;
		const length = this.scratchLength;
		for ( let at = this.scratchHash & mask; ; at = ( at + 1 ) & mask ) {
			const slot = this.slots[ at ];
			if ( slot === EMPTY ) {
				return undefined;
			}
			const row = slot - 1;
			const start = this.starts[ row ];
			if (
				this.hashes[ row ] === this.scratchHash &&
				this.encodings[ row ] === this.scratchEncoding &&
				this.endOf( row ) - start === length &&
				this.bytes.compare(
					this.scratch,
					0,
					length,
					start,
					start + length
				) === 0
			) {
				return row;
			}
		}
	}

	private encode( path: string ): void {
		const encoding = isWellFormed( path ) ? UTF8 : UTF16;
		const name = encoding === UTF16 ? 'utf16le' : 'utf8';
		const length = Buffer.byteLength( path, name );
		if ( length > this.scratch.length ) {
			this.scratch = Buffer.allocUnsafeSlow( length * 2 );
		}
		this.scratch.write( path, 0, length, name );
		let hash = FNV_OFFSET;
		for ( let i = 0; i < length; i++ ) {
			hash = Math.imul( hash ^ this.scratch[ i ], FNV_PRIME );
		}
		this.scratchLength = length;
		this.scratchEncoding = encoding;
		this.scratchHash = ( hash ^ encoding ) >>> 0;
	}

	/**
	 * Puts a row in the first free slot from its hash on.
	 * @param row
	 */
	private place( row: number ): void {
		const mask = this.slots.length - 1;
		let at = this.hashes[ row ] & mask;
		while ( this.slots[ at ] !== EMPTY ) {
			at = ( at + 1 ) & mask;
		}
		this.slots[ at ] = row + 1;
	}

	private grow(): void {
		this.capacity *= 2;
		const starts = new Float64Array( this.capacity );
		starts.set( this.starts );
		this.starts = starts;
		const hashes = new Uint32Array( this.capacity );
		hashes.set( this.hashes );
		this.hashes = hashes;
		const encodings = new Uint8Array( this.capacity );
		encodings.set( this.encodings );
		this.encodings = encodings;
		this.slots = new Uint32Array( slotCountFor( this.capacity ) );
		for ( let row = 0; row < this.count; row++ ) {
			this.place( row );
		}
	}
}

/**
 * A power of two at least twice the rows, so the table is at most half full.
 * @param capacity
 */
function slotCountFor( capacity: number ): number {
	let slots = 32;
	while ( slots < capacity * 2 ) {
		slots *= 2;
	}
	return slots;
}

/**
 * True when the string has no lone surrogate (String.prototype.isWellFormed, not in this TypeScript lib).
 * @param value
 */
function isWellFormed( value: string ): boolean {
	for ( let i = 0; i < value.length; i++ ) {
		const unit = value.charCodeAt( i );
		if ( unit < 0xd800 || unit > 0xdfff ) {
			continue;
		}
		const next = value.charCodeAt( i + 1 );
		if ( unit > 0xdbff || ! ( next >= 0xdc00 && next <= 0xdfff ) ) {
			return false;
		}
		i++;
	}
	return true;
}
