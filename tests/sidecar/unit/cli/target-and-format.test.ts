import {
	formatBytes,
	formatCount,
	formatTable,
} from '../../../../sidecar/src/cli/format';
import { classifyTarget } from '../../../../sidecar/src/cli/target';
import { isSyteOpsError } from '../../../../sidecar/src/errors';

describe( 'classifyTarget', () => {
	it( 'treats 32 lowercase hex digits as a snapshot id', () => {
		expect( classifyTarget( '0af83cd8a0e039ff31abcfb497cf628d' ) ).toEqual(
			{
				kind: 'snapshot',
				id: '0af83cd8a0e039ff31abcfb497cf628d',
			}
		);
	} );

	it( 'treats a .zip name or a path as an archive file', () => {
		expect( classifyTarget( 'backup.ZIP' ) ).toEqual( {
			kind: 'file',
			path: 'backup.ZIP',
		} );
		expect(
			classifyTarget( './0af83cd8a0e039ff31abcfb497cf628d' )
		).toEqual( {
			kind: 'file',
			path: './0af83cd8a0e039ff31abcfb497cf628d',
		} );
	} );

	it( 'refuses anything else as a usage error', () => {
		for ( const arg of [
			'latest',
			'0AF83CD8A0E039FF31ABCFB497CF628D',
			'',
		] ) {
			let caught: unknown;
			try {
				classifyTarget( arg );
			} catch ( error ) {
				caught = error;
			}
			expect( isSyteOpsError( caught ) && caught.code ).toBe(
				'syteops_invalid_param'
			);
		}
	} );
} );

describe( 'formatBytes', () => {
	it( 'keeps bytes exact and scales larger sizes by 1024', () => {
		expect( formatBytes( 0 ) ).toBe( '0 B' );
		expect( formatBytes( 1023 ) ).toBe( '1023 B' );
		expect( formatBytes( 1536 ) ).toBe( '1.5 KiB' );
		expect( formatBytes( 2443415 ) ).toBe( '2.3 MiB' );
		expect( formatBytes( 50 * 1024 ** 3 ) ).toBe( '50 GiB' );
	} );
} );

describe( 'formatCount', () => {
	it( 'groups digits by three with commas, as en-US toLocaleString does', () => {
		expect( formatCount( 0 ) ).toBe( '0' );
		expect( formatCount( 999 ) ).toBe( '999' );
		expect( formatCount( 1000 ) ).toBe( '1,000' );
		expect( formatCount( 1204868 ) ).toBe( '1,204,868' );
		expect( formatCount( -123456 ) ).toBe( '-123,456' );
	} );

	it( 'writes every whole number of every digit count exactly as toLocaleString( en-US ) does', () => {
		const samples: number[] = [ Number.MAX_SAFE_INTEGER ];
		for ( let digits = 1; digits <= 16; digits++ ) {
			const low = 10 ** ( digits - 1 );
			samples.push( low, low * 2 - 1, Math.floor( low * 9.87654321 ) );
		}
		for ( const n of [ ...samples, ...samples.map( ( s ) => -s ) ] ) {
			expect( formatCount( n ) ).toBe( n.toLocaleString( 'en-US' ) );
		}
	} );

	it( 'leaves a fraction to toLocaleString', () => {
		expect( formatCount( 1234.5678 ) ).toBe( '1,234.568' );
	} );
} );

describe( 'formatTable', () => {
	it( 'pads every column but the last to its widest cell', () => {
		expect(
			formatTable(
				[ 'ID', 'LABEL' ],
				[
					[ 'abc', 'first' ],
					[ 'a', '' ],
				]
			)
		).toBe( 'ID   LABEL\nabc  first\na\n' );
	} );
} );
