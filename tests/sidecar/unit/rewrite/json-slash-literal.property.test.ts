/**
 * Property behind json-rewrite.ts's shortcut for a literal whose only escape is `\/`: rewriting such a literal
 * as written is rewriting its decoded text. For texts built from every spelling of the source address, their
 * near misses and noise, written as PHP's json_encode() writes them (each `/` as `\/`), the rewritten literal
 * decodes to the rewritten text with the same count, for maps with and without a sub-path and a port.
 * And a JSON document of such literals is rewritten to exactly that.
 */
import fc from 'fast-check';

import { buildUrlMap, rewriteText } from '../../../../sidecar/src/rewrite';
import type { UrlMap } from '../../../../sidecar/src/rewrite';
import { rewriteBytes } from '../../../../sidecar/src/rewrite/value';

const MAPS: UrlMap[] = [
	buildUrlMap( 'http://source.example/wp', 'https://target.example' ),
	buildUrlMap( 'https://www.source.example', 'http://target.example/sub' ),
	buildUrlMap( 'http://source.example:8080/a/b', 'https://t.example' ),
];

/**
 * Decoded texts: ASCII, no quote or backslash (those would be escaped with more than `\/`).
 * @param map
 */
function textsFor( map: UrlMap ): fc.Arbitrary< string > {
	const needles = map.entries
		.map( ( entry ) => entry.from )
		.filter( ( needle ) => ! needle.includes( '\\' ) );
	const piece = fc.oneof(
		{ weight: 4, arbitrary: fc.constantFrom( ...needles ) },
		fc.constantFrom( ...needles ).map( ( needle ) => needle.toUpperCase() ),
		fc
			.tuple( fc.constantFrom( ...needles ), fc.nat() )
			.map( ( [ needle, cut ] ) => needle.slice( cut % needle.length ) ),
		fc.constantFrom(
			'/',
			'//',
			'.',
			'.x',
			'@',
			':8080',
			':',
			'-',
			'_',
			'~',
			'x',
			'www.',
			'%2F',
			'%2f',
			' ',
			'?p=1',
			'blog',
			'/blogger'
		)
	);
	return fc
		.array( piece, { maxLength: 8 } )
		.map( ( pieces ) => pieces.join( '' ) );
}

const asPhpJsonLiteral = ( text: string ) =>
	`"${ text.replace( /\//g, '\\/' ) }"`;

/**
 * The text with some slashes escaped and some not (valid JSON, but not the shortcut's shape).
 * @param text
 * @param escape one flag per slash, reused in turn
 */
const asMixedLiteral = ( text: string, escape: boolean[] ) => {
	let slash = 0;
	return `"${ text.replace( /\//g, () =>
		escape[ slash++ % escape.length ] ? '\\/' : '/'
	) }"`;
};

describe( 'a JSON literal whose only escape is \\/', () => {
	it.each( MAPS.map( ( map ) => [ map.source, map ] as const ) )(
		'rewritten as written decodes to its rewritten text (%s)',
		( _source, map ) => {
			fc.assert(
				fc.property( textsFor( map ), ( text ) => {
					const literal = asPhpJsonLiteral( text );
					const inPlace = rewriteText( literal, map );
					const decoded = rewriteText( text, map );
					expect( inPlace.count ).toBe( decoded.count );
					expect( JSON.parse( inPlace.value ) ).toBe( decoded.value );
				} ),
				{ numRuns: 2000 }
			);
		}
	);

	it.each( MAPS.map( ( map ) => [ map.source, map ] as const ) )(
		'inside a document, beside a literal with mixed slashes, is rewritten to its rewritten text (%s)',
		( _source, map ) => {
			fc.assert(
				fc.property(
					textsFor( map ),
					textsFor( map ),
					fc.array( fc.boolean(), { minLength: 1, maxLength: 5 } ),
					( a, b, escape ) => {
						const document = `{"a":${ asPhpJsonLiteral(
							a
						) },"b":[${ asMixedLiteral( b, escape ) },1]}`;
						const result = rewriteBytes( document, map, 0 );
						const expected = {
							a: rewriteText( a, map ),
							b: rewriteText( b, map ),
						};
						expect( result.count ).toBe(
							expected.a.count + expected.b.count
						);
						expect( JSON.parse( result.value ) ).toEqual( {
							a: expected.a.value,
							b: [ expected.b.value, 1 ],
						} );
					}
				),
				{ numRuns: 1000 }
			);
		}
	);
} );
