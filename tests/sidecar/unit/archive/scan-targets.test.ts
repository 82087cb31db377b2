/**
 * Packed scan targets (scan-targets.ts): verify's passes and workers receive every entry in this form, so
 * each target must come back exactly as the reader made it (sizes, CRC-32, offsets, the manifest's record),
 * in file order, through a structured clone and through picking a group.
 */
import type { ScanTarget } from '../../../../sidecar/src/archive/entry-scan';
import {
	asPacked,
	eachTarget,
	packTargets,
	pickTargets,
	targetAt,
	targetCount,
	targetSizes,
} from '../../../../sidecar/src/archive/scan-targets';

const digest = ( byte: string ) => byte.repeat( 32 );

function target( i: number, extra: Partial< ScanTarget > = {} ): ScanTarget {
	return {
		path: `files/wp-content/uploads/${ i }.jpg`,
		size: 1000 + i,
		crc32: 0xfffffff0 + i,
		offset: i * 5000,
		dataStart: i * 5000 + 70,
		compressedSize: 900 + i,
		deflated: i % 2 === 0,
		manifest: {
			path: `files/wp-content/uploads/${ i }.jpg`,
			size: 1000 + i,
			sha256: digest( ( i % 16 ).toString( 16 ).padStart( 2, 'a' ) ),
		},
		...extra,
	};
}

describe( 'packed scan targets', () => {
	it( 'give back every target exactly, sorted by offset, whatever order they came in', () => {
		const targets = [ 3, 0, 2, 1 ].map( ( i ) => target( i ) );
		const packed = packTargets( targets );
		expect( targetCount( packed ) ).toBe( 4 );
		expect( [ ...eachTarget( packed ) ] ).toEqual(
			[ 0, 1, 2, 3 ].map( ( i ) => target( i ) )
		);
	} );

	it( 'keep an unlisted target unlisted and the manifest’s compressed flag as it was (true, false or absent)', () => {
		const unlisted = target( 1 );
		delete unlisted.manifest;
		const compressed = target( 2 );
		const stored = target( 3 );
		compressed.manifest = { ...compressed.manifest!, compressed: true };
		stored.manifest = { ...stored.manifest!, compressed: false };
		const targets = [ target( 0 ), unlisted, compressed, stored ];
		expect( [ ...eachTarget( packTargets( targets ) ) ] ).toEqual(
			targets
		);
	} );

	it( 'survive a structured clone (what a worker receives) and grow past their first digest capacity', () => {
		const targets = Array.from( { length: 3000 }, ( _, i ) => target( i ) );
		const cloned = structuredClone( packTargets( targets ) );
		expect( targetAt( cloned, 2999 ) ).toEqual( target( 2999 ) );
		expect( [ ...eachTarget( cloned ) ] ).toEqual( targets );
	} );

	it( 'pick a group in file order, with the sizes planning looks at', () => {
		const packed = packTargets(
			[ 0, 1, 2, 3, 4 ].map( ( i ) => target( i ) )
		);
		const sizes = targetSizes( packed );
		expect( sizes[ 3 ] ).toEqual( {
			path: 'files/wp-content/uploads/3.jpg',
			compressedSize: 903,
			deflated: false,
			index: 3,
		} );
		const group = pickTargets( packed, [ sizes[ 4 ], sizes[ 1 ] ] );
		expect( [ ...eachTarget( group ) ] ).toEqual( [
			target( 1 ),
			target( 4 ),
		] );
	} );

	it( 'pack an array once and leave packed targets as they are', () => {
		const packed = packTargets( [ target( 0 ) ] );
		expect( asPacked( packed ) ).toBe( packed );
		expect( asPacked( [ target( 0 ) ] ) ).toEqual( packed );
	} );
} );
