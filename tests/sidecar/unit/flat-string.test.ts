/**
 * flatString: the same value, and (measured on the heap, forced collections around each count) far less
 * memory held for joined paths than path.join's own results, which is why the writer and the live digests
 * keep their paths through it.
 */
import path from 'node:path';
import { setFlagsFromString, getHeapStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { flatString } from '../../../sidecar/src/flat-string';

setFlagsFromString( '--expose-gc' );
const collect = runInNewContext( 'gc' ) as () => void;

function joinedPath( i: number ): string {
	return path.join(
		'/srv/site/wp-content',
		`uploads/20${ 10 + ( i % 15 ) }/0${ ( i % 9 ) + 1 }`,
		`image-${ i }-ü.jpg`
	);
}

/**
 * Heap bytes per path held in a Map, as the live digests hold them.
 * @param keep what is done to each path before it is kept
 */
function heapPerPath( keep: ( value: string ) => string ): number {
	const count = 20000;
	collect();
	collect();
	const before = getHeapStatistics().used_heap_size;
	const held = new Map< string, number >();
	for ( let i = 0; i < count; i++ ) {
		held.set( keep( joinedPath( i ) ), i );
	}
	collect();
	collect();
	const after = getHeapStatistics().used_heap_size;
	expect( held.size ).toBe( count );
	return ( after - before ) / count;
}

describe( 'flatString', () => {
	it( 'returns the same value, non-ASCII and empty strings included', () => {
		const joined = joinedPath( 7 );
		expect( flatString( joined ) ).toBe(
			'/srv/site/wp-content/uploads/2017/08/image-7-ü.jpg'
		);
		expect( flatString( '' ) ).toBe( '' );
		expect( flatString( 'a' + '\u{1F600}' + 'b' ) ).toBe( 'a😀b' );
		expect( flatString( '12' ) ).toBe( '12' );
		const loneSurrogate = 'a\ud800' + 'b';
		expect( flatString( loneSurrogate ) ).toBe( loneSurrogate );
	} );

	it( 'holds joined paths in less than half the heap path.join leaves them in, also once optimized', () => {
		// Hot first, so the measured calls run as optimized code does in a long backup.
		let length = 0;
		for ( let i = 0; i < 200000; i++ ) {
			length += flatString( joinedPath( i ) ).length;
		}
		expect( length ).toBeGreaterThan( 0 );
		const asJoined = heapPerPath( ( value ) => value );
		const flattened = heapPerPath( flatString );
		expect( flattened ).toBeLessThan( asJoined / 2 );
	} );
} );
