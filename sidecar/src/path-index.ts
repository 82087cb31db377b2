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
	private scratchAscii = true;
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
		this.encode( path );
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

	private endOf( row: number ): number {
		return row + 1 < this.count ? this.starts[ row + 1 ] : this.used;
	}

	/**
	 * Finds the path's row. Its hash and kind are taken from its UTF-16 code units, and an ASCII path (nearly
	 * every one) is compared with a row's bytes directly: no encoding, no native call, for a lookup.
	 * @param path
	 */
	private find( path: string ): number | undefined {
		this.inspect( path );
		const hash = this.scratchHash;
		const encoding = this.scratchEncoding;
		let encoded = false;
		const mask = this.slots.length - 1;
		for ( let at = hash & mask; ; at = ( at + 1 ) & mask ) {
			const slot = this.slots[ at ];
			if ( slot === EMPTY ) {
				return undefined;
			}
			const row = slot - 1;
			if (
				this.hashes[ row ] !== hash ||
				this.encodings[ row ] !== encoding
			) {
				continue;
			}
			const start = this.starts[ row ];
			const length = this.endOf( row ) - start;
			if ( this.scratchAscii ) {
				if ( length === path.length && this.sameAscii( path, start ) ) {
					return row;
				}
				continue;
			}
			if ( ! encoded ) {
				this.encode( path );
				encoded = true;
			}
			if (
				length === this.scratchLength &&
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

	/**
	 * The path's hash (FNV-1a over its UTF-16 code units, and its kind), whether it is ASCII, and how it is
	 * kept: UTF-8 when well-formed, UTF-16 when it has a lone surrogate.
	 * @param path
	 */
	private inspect( path: string ): void {
		let hash = FNV_OFFSET;
		let ascii = true;
		let wellFormed = true;
		for ( let i = 0; i < path.length; i++ ) {
			const unit = path.charCodeAt( i );
			hash = Math.imul( hash ^ unit, FNV_PRIME );
			if ( unit < 0x80 ) {
				continue;
			}
			ascii = false;
			if ( unit < 0xd800 || unit > 0xdfff ) {
				continue;
			}
			const next = path.charCodeAt( i + 1 );
			if ( unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ) {
				hash = Math.imul( hash ^ next, FNV_PRIME );
				i++;
			} else {
				wellFormed = false;
			}
		}
		const encoding = wellFormed ? UTF8 : UTF16;
		this.scratchAscii = ascii;
		this.scratchEncoding = encoding;
		this.scratchHash = ( hash ^ encoding ) >>> 0;
	}

	/**
	 * True when the row's bytes, starting at `start` and as long as the path, are the ASCII path's.
	 * @param path
	 * @param start
	 */
	private sameAscii( path: string, start: number ): boolean {
		const bytes = this.bytes;
		for ( let i = 0; i < path.length; i++ ) {
			if ( bytes[ start + i ] !== path.charCodeAt( i ) ) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Writes the inspected path's bytes into the scratch buffer.
	 * @param path
	 */
	private encode( path: string ): void {
		let name: BufferEncoding = 'utf8';
		if ( this.scratchEncoding === UTF16 ) {
			name = 'utf16le';
		} else if ( this.scratchAscii ) {
			name = 'latin1'; // the same bytes as UTF-8 for ASCII, written without decoding
		}
		const length = this.scratchAscii
			? path.length
			: Buffer.byteLength( path, name );
		if ( length > this.scratch.length ) {
			this.scratch = Buffer.allocUnsafeSlow( length * 2 );
		}
		this.scratch.write( path, 0, length, name );
		this.scratchLength = length;
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
