/**
 * Property: rewriting a valid PHP-serialized value never yields something PHP's own unserialize() rejects,
 * and what PHP reads back is the original structure with every string rewritten as a value of its own
 * (nested serialized strings and JSON included). Values are built and judged by the real `php` binary,
 * in batches; ~300 values per run.
 */
import fc from 'fast-check';

import { buildUrlMap, rewriteValue } from '../../../../sidecar/src/rewrite';
import type { UrlMap } from '../../../../sidecar/src/rewrite';
import {
	assertPhpAvailable,
	phpCheckAll,
	phpSerializeAll,
	type PhpSpec,
} from './php-oracle';

const BATCH = 60;
const RUNS = 5;

const map = buildUrlMap( 'http://source.example/wp', 'https://target.example' );

const textPiece = fc.oneof(
	{
		weight: 3,
		arbitrary: fc.constantFrom(
			'https://source.example/wp/a',
			'http://www.source.example/wp',
			'//source.example/wp/x?y=1',
			'https:\\/\\/source.example\\/wp\\/j',
			'http%3A%2F%2Fsource.example%2Fwp%2Fe',
			'https://source.example/other',
			'info@source.example',
			'https://source.example.org/',
			'https://target.example/t'
		),
	},
	fc.constantFrom(
		'"',
		';',
		'";',
		'";}',
		'\\',
		'{',
		'}',
		'a:b;}',
		's:1:"',
		'é',
		'😀',
		'日本',
		'\n',
		'\0',
		' '
	),
	fc.string( { unit: 'grapheme', maxLength: 6 } )
);
const textArb = fc
	.array( textPiece, { minLength: 1, maxLength: 6 } )
	.map( ( pieces ) => pieces.join( '' ) );
const nameArb = fc.string( { unit: 'grapheme-ascii', maxLength: 6 } );

const specArb = fc.letrec< {
	value: PhpSpec;
	array: PhpSpec;
	object: PhpSpec;
} >( ( tie ) => ( {
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		fc.oneof(
			textArb.map( ( v ): PhpSpec => ( { t: 's', v } ) ),
			fc.integer().map( ( v ): PhpSpec => ( { t: 'i', v } ) ),
			fc
				.double( { noNaN: true, noDefaultInfinity: true } )
				.map( ( v ): PhpSpec => ( { t: 'd', v } ) ),
			fc.boolean().map( ( v ): PhpSpec => ( { t: 'b', v } ) ),
			fc.constant< PhpSpec >( { t: 'n' } )
		),
		tie( 'array' ),
		tie( 'object' ),
		tie( 'value' ).map( ( v ): PhpSpec => ( { t: 'ser', v } ) ),
		fc
			.oneof( tie( 'array' ), tie( 'object' ) )
			.map( ( v ): PhpSpec => ( { t: 'json', v } ) )
	),
	array: fc
		.uniqueArray(
			fc.tuple(
				fc.oneof(
					fc.nat( 1000 ),
					nameArb.map( ( name ) => `k${ name }` )
				),
				tie( 'value' )
			),
			{
				maxLength: 4,
				selector: ( [ key ] ) => `${ typeof key }:${ key }`,
			}
		)
		.map( ( e ): PhpSpec => ( { t: 'a', e } ) ),
	object: fc
		.uniqueArray(
			fc.tuple(
				nameArb.map( ( name ) => `p${ name }` ),
				tie( 'value' )
			),
			{ maxLength: 3, selector: ( [ key ] ) => key }
		)
		.map( ( e ): PhpSpec => ( { t: 'o', e } ) ),
} ) ).value;

/**
 * Every string of the spec rewritten on its own; null when one of them is unsafe to rewrite.
 * @param spec The PHP value spec.
 * @param urls The URL map.
 */
function expectedAfterRewrite( spec: PhpSpec, urls: UrlMap ): PhpSpec | null {
	switch ( spec.t ) {
		case 's': {
			const result = rewriteValue( spec.v, urls );
			return result.unsafe ? null : { t: 's', v: result.value };
		}
		case 'a':
		case 'o': {
			const entries = spec.e.map(
				( [ key, value ] ) =>
					[ key, expectedAfterRewrite( value, urls ) ] as const
			);
			if ( entries.some( ( [ , value ] ) => value === null ) ) {
				return null;
			}
			return { t: spec.t, e: entries as Array< [ string, PhpSpec ] > };
		}
		case 'ser':
		case 'json': {
			const inner = expectedAfterRewrite( spec.v, urls );
			return inner === null ? null : { t: spec.t, v: inner };
		}
	}
	return spec;
}

describe( 'rewriting against PHP unserialize()', () => {
	beforeAll( () => {
		assertPhpAvailable();
	} );

	it( 'never produces serialized data PHP rejects, and PHP reads back the rewritten structure', () => {
		let rewritten = 0;
		fc.assert(
			fc.property(
				fc.array( specArb, { minLength: BATCH, maxLength: BATCH } ),
				( specs ) => {
					const serialized = phpSerializeAll( specs );
					const items = specs.map( ( spec, index ) => {
						const result = rewriteValue( serialized[ index ], map );
						const expected = expectedAfterRewrite( spec, map );
						if ( expected === null ) {
							// Unsafe somewhere inside: the whole value must come back as it was.
							expect( result.unsafe ).toBeDefined();
							expect( result.value ).toBe( serialized[ index ] );
						}
						rewritten += result.changed ? 1 : 0;
						return {
							serialized: result.value,
							expected: expected ?? spec,
						};
					} );
					expect( phpCheckAll( items ) ).toEqual( [] );
				}
			),
			{ numRuns: RUNS }
		);
		// Guards against a generator that stops producing URLs: a good share of values must change.
		expect( rewritten ).toBeGreaterThan( ( BATCH * RUNS ) / 6 );
	}, 30000 );
} );
