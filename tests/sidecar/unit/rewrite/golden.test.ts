/**
 * Golden pairs: every `<case>.input` in tests/sidecar/fixtures/rewrite/ must rewrite to `<case>.expected`,
 * with the count and unsafe reason listed for the case in cases.json (see the README there).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { buildUrlMap, rewriteValue } from '../../../../sidecar/src/rewrite';
import type { UnsafeReason } from '../../../../sidecar/src/rewrite';

const FIXTURES = join( __dirname, '../../fixtures/rewrite' );

interface CaseMeta {
	count: number;
	unsafe?: UnsafeReason;
	source?: string;
	target?: string;
}

interface CaseIndex {
	defaults: { source: string; target: string };
	cases: Record< string, CaseMeta >;
}

const index = JSON.parse(
	readFileSync( join( FIXTURES, 'cases.json' ), 'utf8' )
) as CaseIndex;
const pairNames = readdirSync( FIXTURES )
	.filter( ( file ) => file.endsWith( '.input' ) )
	.map( ( file ) => file.slice( 0, -'.input'.length ) )
	.sort();

/**
 * A fixture file holds the value followed by one newline, so files stay friendly to editors.
 * @param name      The case name (file name stem).
 * @param extension `input` or `expected`.
 */
function readValue( name: string, extension: string ): string {
	const text = readFileSync(
		join( FIXTURES, `${ name }.${ extension }` ),
		'utf8'
	);
	return text.endsWith( '\n' ) ? text.slice( 0, -1 ) : text;
}

describe( 'rewrite golden pairs', () => {
	it( 'lists every pair in cases.json and the README, and nothing else', () => {
		const readme = readFileSync( join( FIXTURES, 'README.md' ), 'utf8' );
		expect( Object.keys( index.cases ).sort() ).toEqual( pairNames );
		for ( const name of pairNames ) {
			expect( readme ).toContain( `\`${ name }\`` );
		}
	} );

	describe.each( pairNames )( '%s', ( name ) => {
		const meta = index.cases[ name ];
		const map = buildUrlMap(
			meta.source ?? index.defaults.source,
			meta.target ?? index.defaults.target
		);
		const input = readValue( name, 'input' );
		const expected = readValue( name, 'expected' );

		it( 'rewrites the input to the expected value with the listed count and unsafe reason', () => {
			const result = rewriteValue( input, map );
			expect( result.value ).toBe( expected );
			expect( result.count ).toBe( meta.count );
			expect( result.unsafe ).toBe( meta.unsafe );
			expect( result.changed ).toBe( input !== expected );
		} );

		it( 'gives the same bytes when the value arrives as a Buffer', () => {
			const result = rewriteValue( Buffer.from( input, 'utf8' ), map );
			expect(
				result.value.equals( Buffer.from( expected, 'utf8' ) )
			).toBe( true );
			expect( result.count ).toBe( meta.count );
		} );
	} );
} );
