/**
 * flatString: the same value, and (measured on the heap, forced collections around each count) far less
 * memory held for joined paths than path.join's own results, which is why the writer and the live digests
 * keep their paths through it. The heap is measured in a child process of its own running this function's
 * code: inside jest's worker, other suites' garbage is freed during the count and makes it meaningless.
 */
import { execFileSync } from 'node:child_process';

import { flatString } from '../../../sidecar/src/flat-string';

/**
 * Heap bytes per path held in a Map, as the live digests hold them, in a fresh process.
 * @param keep the source of a function applied to each path before it is kept
 */
function heapPerPath( keep: string ): number {
	const script = `
		const path = require( 'node:path' );
		const { getHeapStatistics } = require( 'node:v8' );
		const keep = ${ keep };
		const joined = ( i ) => path.join( '/srv/site/wp-content', 'uploads/20' + ( 10 + ( i % 15 ) ) + '/0' + ( ( i % 9 ) + 1 ), 'image-' + i + '-ü.jpg' );
		let length = 0; // hot first, so the counted calls run as optimized code does in a long backup
		for ( let i = 0; i < 200000; i++ ) length += keep( joined( i ) ).length;
		gc(); gc();
		const before = getHeapStatistics().used_heap_size;
		const held = new Map();
		for ( let i = 0; i < 20000; i++ ) held.set( keep( joined( i ) ), i );
		gc(); gc();
		const after = getHeapStatistics().used_heap_size;
		process.stdout.write( String( held.size === 20000 && length > 0 ? ( after - before ) / 20000 : -1 ) );
	`;
	return Number(
		execFileSync( process.execPath, [ '--expose-gc', '-e', script ], {
			encoding: 'utf8',
		} )
	);
}

describe( 'flatString', () => {
	it( 'returns the same value, non-ASCII and empty strings included', () => {
		expect(
			flatString( '/srv/site/wp-content' + '/uploads/' + 'image-7-ü.jpg' )
		).toBe( '/srv/site/wp-content/uploads/image-7-ü.jpg' );
		expect( flatString( '' ) ).toBe( '' );
		expect( flatString( 'a' + '\u{1F600}' + 'b' ) ).toBe( 'a😀b' );
		expect( flatString( '12' ) ).toBe( '12' );
		const loneSurrogate = 'a\ud800' + 'b';
		expect( flatString( loneSurrogate ) ).toBe( loneSurrogate );
	} );

	it( 'holds joined paths in less than half the heap path.join leaves them in, also once optimized', () => {
		const asJoined = heapPerPath( '( value ) => value' );
		const flattened = heapPerPath( flatString.toString() );
		expect( asJoined ).toBeGreaterThan( 200 );
		expect( flattened ).toBeGreaterThan( 0 );
		expect( flattened ).toBeLessThan( asJoined / 2 );
	} );
} );
