/**
 * The seeder's only source of randomness: mulberry32, seeded per entity and index, so row N of a table
 * is the same whatever the batch size or how many rows came before it (generation can stream).
 */
/* eslint-disable no-bitwise -- a PRNG and hash are bit arithmetic by nature. */

/** A small deterministic PRNG with the helpers the generators need. */
export class Random {
	private state: number;

	constructor( seed: number ) {
		this.state = seed >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		this.state = ( this.state + 0x6d2b79f5 ) >>> 0;
		let t = this.state;
		t = Math.imul( t ^ ( t >>> 15 ), t | 1 );
		t ^= t + Math.imul( t ^ ( t >>> 7 ), t | 61 );
		return ( ( t ^ ( t >>> 14 ) ) >>> 0 ) / 4294967296;
	}

	/**
	 * An integer in [min, max], both inclusive.
	 * @param min
	 * @param max
	 */
	int( min: number, max: number ): number {
		return min + Math.floor( this.next() * ( max - min + 1 ) );
	}

	chance( probability: number ): boolean {
		return this.next() < probability;
	}

	pick< T >( items: readonly T[] ): T {
		return items[ Math.floor( this.next() * items.length ) ];
	}

	/**
	 * `length` lowercase hex characters.
	 * @param length
	 */
	hex( length: number ): string {
		let out = '';
		while ( out.length < length ) {
			out += this.int( 0, 15 ).toString( 16 );
		}
		return out;
	}

	/**
	 * `length` characters from [A-Za-z0-9], for fake tokens.
	 * @param length
	 */
	token( length: number ): string {
		const alphabet =
			'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
		let out = '';
		for ( let i = 0; i < length; i++ ) {
			out += alphabet[ this.int( 0, alphabet.length - 1 ) ];
		}
		return out;
	}
}

/**
 * FNV-1a over a string, to turn (seed, entity, index) into a 32-bit PRNG seed.
 * @param text
 */
function hashString( text: string ): number {
	let hash = 0x811c9dc5;
	for ( let i = 0; i < text.length; i++ ) {
		hash ^= text.charCodeAt( i );
		hash = Math.imul( hash, 0x01000193 );
	}
	return hash >>> 0;
}

/**
 * The generator for one row: independent of every other row.
 * @param seed
 * @param entity
 * @param index
 */
export function rngFor( seed: number, entity: string, index = 0 ): Random {
	return new Random( hashString( `${ seed }:${ entity }:${ index }` ) );
}
