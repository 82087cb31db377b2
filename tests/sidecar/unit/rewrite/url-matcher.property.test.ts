/**
 * Property: the URL map's matcher (host first, then each needle where its host would sit) finds exactly
 * the matches of the one alternation of every needle run over the whole text: the same starts, the same
 * entry at each, for texts built from every spelling of the source address, its near misses and noise.
 * And the parted shape test of looksSerialized() agrees with the one expression it replaced.
 */
import fc from 'fast-check';

import {
	buildUrlMap,
	looksSerialized,
	rewriteText,
} from '../../../../sidecar/src/rewrite';
import type { UrlMap } from '../../../../sidecar/src/rewrite';
import { mayOpenValue } from '../../../../sidecar/src/rewrite/json-rewrite';
import {
	compileAlternation,
	compileMatcher,
} from '../../../../sidecar/src/rewrite/url-pattern';
import { rewriteBytes } from '../../../../sidecar/src/rewrite/value';

interface Found {
	start: number;
	entry: number;
}

/**
 * Every match of the map's alternation, leftmost first, each after the previous one ends.
 * @param map
 * @param text
 */
function alternationMatches( map: UrlMap, text: string ): Found[] {
	const pattern = compileAlternation( map.entries );
	const found: Found[] = [];
	for ( const match of text.matchAll( pattern ) ) {
		const group = match.findIndex(
			( value, index ) => index > 0 && value !== undefined
		);
		found.push( { start: match.index, entry: group - 1 } );
	}
	return found;
}

function matcherMatches( map: UrlMap, text: string ): Found[] {
	const matcher = compileMatcher( map.entries );
	const found: Found[] = [];
	for (
		let start = matcher.find( text, 0 );
		start >= 0;
		start = matcher.find(
			text,
			start + map.entries[ matcher.entry ].from.length
		)
	) {
		found.push( { start, entry: matcher.entry } );
	}
	return found;
}

/**
 * Texts made of the map's own needles in any case, cut-off and run-together needles, and noise.
 * @param map
 */
function textsFor( map: UrlMap ): fc.Arbitrary< string > {
	const needles = map.entries.map( ( entry ) => entry.from );
	const piece = fc.oneof(
		{ weight: 4, arbitrary: fc.constantFrom( ...needles ) },
		fc.constantFrom( ...needles ).map( ( needle ) => needle.toUpperCase() ),
		fc
			.tuple( fc.constantFrom( ...needles ), fc.nat() )
			.map( ( [ needle, cut ] ) => needle.slice( cut % needle.length ) ),
		fc.constantFrom(
			'/',
			'.',
			'@',
			':8080',
			'-',
			'x',
			'www.',
			'%2F',
			'\\/',
			'"',
			' ',
			'é',
			'blog',
			'/blogger'
		),
		fc.string( { maxLength: 4 } )
	);
	return fc
		.array( piece, { maxLength: 12 } )
		.map( ( pieces ) => pieces.join( '' ) );
}

const MAPS: Array< [ string, string ] > = [
	[ 'http://source.example', 'https://target.example' ],
	[ 'https://www.source.example/blog', 'http://target.example/shop' ],
	[ 'http://localhost:8080', 'http://localhost:8081' ],
	[ 'http://127.0.0.1:8080/wp', 'https://target.example' ],
	// The host name occurs inside the scheme of its own needles (`http://ttp`).
	[ 'http://ttp', 'https://target.example' ],
	// An IPv6 host is escaped in the URL-encoded needles: the matcher falls back to the alternation.
	[ 'http://[::1]:8080', 'https://target.example' ],
];

describe( 'the host-first URL matcher', () => {
	it.each( MAPS )(
		'finds exactly what the one alternation finds, rewriting %s to %s',
		( source, target ) => {
			const map = buildUrlMap( source, target );
			fc.assert(
				fc.property( textsFor( map ), ( text ) => {
					expect( matcherMatches( map, text ) ).toEqual(
						alternationMatches( map, text )
					);
				} ),
				{ numRuns: 400 }
			);
		}
	);

	it( 'finds a needle at the very start and end of a text and between two others with nothing in between', () => {
		const map = buildUrlMap(
			'http://source.example',
			'https://target.example'
		);
		const text =
			'http://source.example//source.example/x https://www.source.example';
		expect( matcherMatches( map, text ) ).toEqual(
			alternationMatches( map, text )
		);
		expect( matcherMatches( map, text ).map( ( f ) => f.start ) ).toEqual( [
			0, 21, 40,
		] );
	} );
} );

describe( 'the mention probe, the pre-check before any needle is looked for', () => {
	it.each( MAPS )(
		'passes every text in which a needle is found, with the host name inside that needle, rewriting %s to %s',
		( source, target ) => {
			const map = buildUrlMap( source, target );
			fc.assert(
				fc.property( textsFor( map ), ( text ) => {
					const found = matcherMatches( map, text );
					if ( found.length === 0 ) {
						return;
					}
					expect( map.mention.test( text ) ).toBe( true );
					for ( const { start, entry } of found ) {
						const name = map.mention.nameAt( text, start );
						expect( name ).toBeGreaterThanOrEqual( start );
						expect(
							name + map.mention.nameLength
						).toBeLessThanOrEqual(
							start + map.entries[ entry ].from.length
						);
					}
				} ),
				{ numRuns: 400 }
			);
		}
	);
} );

describe( 'plain text inside another value, rewritten without the mention probe first', () => {
	it.each( MAPS )(
		'gets the answer the probe-first path gives: unchanged where the probe finds no mention, rewritten as text where it does, rewriting %s to %s',
		( source, target ) => {
			const map = buildUrlMap( source, target );
			// A first char that can open neither a serialized value nor a JSON document: rewriteBytes takes
			// its plain-text path for these.
			const plain = fc
				.tuple(
					fc.constantFrom( 'h', '/', 'x', '%', '.', '"' ),
					textsFor( map )
				)
				.map( ( [ first, rest ] ) => first + rest );
			fc.assert(
				fc.property( fc.oneof( plain, textsFor( map ) ), ( text ) => {
					fc.pre( ! mayOpenValue( text.charCodeAt( 0 ) ) );
					const probed = map.mention.test( text )
						? rewriteText( text, map )
						: { value: text, count: 0 };
					expect( rewriteBytes( text, map, 1 ) ).toEqual( probed );
				} ),
				{ numRuns: 400 }
			);
		}
	);
} );

/** The shape test looksSerialized() used before it was parted (WordPress's is_serialized()). */
const WHOLE_SHAPE =
	/^(?:N;|b:[01];|[id]:[0-9.E+-]+;|[rR]:[0-9]+;|[sE]:[0-9]+:"[\s\S]*";|[aOC]:[0-9]+:[\s\S]*[;}])$/;

describe( 'looksSerialized', () => {
	it( 'agrees with the one shape expression on serialized-looking and random text', () => {
		const piece = fc.constantFrom(
			's',
			'E',
			'a',
			'O',
			'C',
			'N',
			'b',
			'i',
			'd',
			'r',
			'R',
			':',
			'"',
			';',
			'}',
			'{',
			'0',
			'1',
			'12',
			'.',
			'E+',
			' ',
			'\n',
			'x'
		);
		fc.assert(
			fc.property(
				fc.oneof(
					fc
						.array( piece, { maxLength: 10 } )
						.map( ( pieces ) => pieces.join( '' ) ),
					fc.string( { maxLength: 12 } )
				),
				( text ) => {
					const core = text.replace(
						/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g,
						''
					);
					expect( looksSerialized( text ) ).toBe(
						WHOLE_SHAPE.test( core )
					);
				}
			),
			{ numRuns: 3000 }
		);
	} );
} );
