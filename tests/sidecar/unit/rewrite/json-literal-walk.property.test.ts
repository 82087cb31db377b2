/**
 * Property: json-rewrite.ts's literal walk (rewriteJson(), which passes over literals without the source host
 * name and answers plain or `\/`-only literals by their first char) gives exactly the answer of the reference
 * that sends every literal through the full decode-and-compare path (rewriteJsonEveryLiteral()): the same
 * bytes, count and unsafe reason, or null for both. Documents are generated from literals mixing needles,
 * near misses, e-mail addresses, escapes of every kind, nested serialized values and nested documents, in
 * keys and values (and contents that only look like a nested value), and some are damaged by a few edits.
 */
import fc from 'fast-check';

import { buildUrlMap } from '../../../../sidecar/src/rewrite';
import type { UrlMap } from '../../../../sidecar/src/rewrite';
import {
	rewriteJson,
	rewriteJsonEveryLiteral,
} from '../../../../sidecar/src/rewrite/json-rewrite';
import { rewriteBytes } from '../../../../sidecar/src/rewrite/value';

const MAPS: UrlMap[] = [
	buildUrlMap( 'http://source.example/wp', 'https://target.example' ),
	buildUrlMap( 'https://www.source.example', 'http://target.example/sub' ),
	buildUrlMap( 'http://source.example:8080', 'https://t.example' ),
	// Two spellings of the host name: `[::1]` and, URL-encoded, `%5B%3A%3A1%5D`.
	buildUrlMap( 'http://[::1]:8080', 'https://t.example' ),
];

const piece = fc.constantFrom(
	'http://source.example/wp/a',
	'HTTPS://WWW.SOURCE.EXAMPLE/x',
	'//source.example:8080/p',
	'http:\\/\\/source.example\\/wp\\/j',
	'http%3A%2F%2Fsource.example%2Fwp',
	'http://[::1]:8080/v6',
	'http%3A%2F%2F%5B%3A%3A1%5D%3A8080%2Fv6',
	'%5b%3a%3a1%5d',
	'[::1]',
	'info@source.example',
	'source.example',
	'source.examples',
	'sub.source.example',
	'\\u0068ttp://source.example',
	'\\"',
	'\\\\',
	'\\n',
	'\\u00e9',
	'\xc3\xa9',
	'/',
	'\\/',
	' ',
	'plain',
	's:1:"',
	'a:1:{',
	'{"k":',
	'[',
	''
);

/** Literal contents as written: pieces joined; some are not valid JSON escapes, which damages the document. */
const content = fc
	.array( piece, { maxLength: 5 } )
	.map( ( pieces ) => pieces.join( '' ) );

/** Contents that are themselves a value: a serialized string or array, or a document, escaped as JSON. */
const nestedContent = fc
	.tuple(
		fc.constantFrom(
			'http://source.example/wp/n',
			'https://www.source.example',
			'x'
		),
		fc.constantFrom(
			'serialized',
			'array',
			'document',
			'broken array',
			'bracketed'
		),
		fc.boolean()
	)
	.map( ( [ url, kind, leadingSpace ] ) => {
		// The last two only look like a value (no quote inside, so no escape but `\/`): an array the
		// serialized reader refuses, and a bracketed URL that is no JSON.
		const inner = {
			serialized: `s:${ url.length }:"${ url }";`,
			array: `a:1:{i:0;s:${ url.length }:"${ url }";}`,
			document: JSON.stringify( { u: url } ),
			'broken array': `a:1:{i:0;d:${ url };}`,
			bracketed: `[${ url }]`,
		}[ kind ];
		// As a JSON string: quotes and backslashes escaped, slashes sometimes as PHP writes them.
		const written = JSON.stringify( ( leadingSpace ? ' ' : '' ) + inner )
			.slice( 1, -1 )
			.replace( /\//g, url === 'x' ? '/' : '\\/' );
		return written;
	} );

const literal = fc
	.oneof( { weight: 3, arbitrary: content }, nestedContent )
	.map( ( text ) => `"${ text }"` );

const documentArb = fc
	.array( fc.tuple( literal, literal, fc.constantFrom( 'value', 'array' ) ), {
		minLength: 1,
		maxLength: 4,
	} )
	.chain( ( members ) =>
		fc
			.boolean()
			.map( ( asArray ) =>
				asArray
					? `[${ members.map( ( [ , v ] ) => v ).join( ',' ) }, 1, true]`
					: `{${ members
							.map( ( [ k, v, shape ] ) =>
								shape === 'array'
									? `${ k }: [${ v }, null]`
									: `${ k }:${ v }`
							)
							.join( ',' ) }}`
			)
	);

/**
 * The document with a few chars replaced, inserted or removed (often no longer JSON: both must say null).
 * @param text
 * @param edits
 */
function damaged( text: string, edits: [ number, number, string ][] ): string {
	let out = text;
	for ( const [ at, kind, char ] of edits ) {
		const i = at % ( out.length + 1 );
		if ( kind === 0 ) {
			out = out.slice( 0, i ) + char + out.slice( i + 1 );
		} else if ( kind === 1 ) {
			out = out.slice( 0, i ) + char + out.slice( i );
		} else {
			out = out.slice( 0, i ) + out.slice( i + 1 );
		}
	}
	return out;
}

const edit = fc.tuple(
	fc.nat(),
	fc.integer( { min: 0, max: 2 } ),
	fc.constantFrom( '"', '\\', '/', '{', ',', 'e', '\x80' )
);

describe( 'the JSON literal walk', () => {
	it.each( MAPS.map( ( map ) => [ map.source, map ] as const ) )(
		'rewrites generated documents exactly as the every-literal reference does (%s)',
		( _source, map ) => {
			const nested = ( bytes: string, depth: number ) =>
				rewriteBytes( bytes, map, depth );
			fc.assert(
				fc.property(
					documentArb,
					fc.array( edit, { maxLength: 2 } ),
					( document, edits ) => {
						const input = damaged( document, edits );
						expect( rewriteJson( input, map, nested, 0 ) ).toEqual(
							rewriteJsonEveryLiteral( input, map, nested, 0 )
						);
					}
				),
				{ numRuns: 3000 }
			);
		}
	);

	it( 'passes over a literal without the host name and still rewrites the ones after it', () => {
		const map = MAPS[ 0 ];
		const nested = ( bytes: string, depth: number ) =>
			rewriteBytes( bytes, map, depth );
		const document =
			'{"digest":"abc","u":"http:\\/\\/source.example\\/wp\\/a","mail":"info@source.example","v":"http://source.example/wp/b"}';
		expect( rewriteJson( document, map, nested, 0 ) ).toEqual( {
			value: '{"digest":"abc","u":"https:\\/\\/target.example\\/a","mail":"info@source.example","v":"https://target.example/b"}',
			count: 2,
		} );
	} );
} );
