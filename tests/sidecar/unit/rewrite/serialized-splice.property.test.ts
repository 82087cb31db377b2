/**
 * Property: the one-pass serialized rewriter (serialized-splice.ts, what rewriteSerialized() runs first) gives
 * exactly the tree rewriter's answer (rewriteSerializedByTree(), the reference): the same bytes, count and
 * unsafe reason, for generated valid values (URLs in strings, keys, nested serialized and JSON strings,
 * references, custom payloads, enums, leading-zero lengths) and for the same values damaged by a few edits.
 * Every nested value of the reference goes through the tree too.
 */
import fc from 'fast-check';

import {
	buildUrlMap,
	mentionsSource,
	rewriteText,
} from '../../../../sidecar/src/rewrite';
import { looksSerialized } from '../../../../sidecar/src/rewrite/php-serialized/detect';
import { rewriteJson } from '../../../../sidecar/src/rewrite/json-rewrite';
import type { ByteRewrite } from '../../../../sidecar/src/rewrite/result';
import { untouched } from '../../../../sidecar/src/rewrite/result';
import {
	rewriteSerialized,
	rewriteSerializedByTree,
} from '../../../../sidecar/src/rewrite/serialized-rewrite';
import { spliceSerialized } from '../../../../sidecar/src/rewrite/serialized-splice';
import {
	MAX_NESTED_VALUES,
	rewriteBytes,
} from '../../../../sidecar/src/rewrite/value';

const map = buildUrlMap( 'http://source.example/wp', 'https://target.example' );

/**
 * value.ts's dispatch, with the tree rewriter at every level (the reference).
 * @param bytes
 * @param depth
 */
function treeNested( bytes: string, depth: number ): ByteRewrite {
	if ( ! mentionsSource( bytes, map ) ) {
		return { value: bytes, count: 0 };
	}
	if ( depth > MAX_NESTED_VALUES ) {
		return untouched( bytes, 'too_deep' );
	}
	if ( looksSerialized( bytes ) ) {
		return rewriteSerializedByTree( bytes, map, treeNested, depth );
	}
	return (
		rewriteJson( bytes, map, treeNested, depth ) ??
		rewriteText( bytes, map )
	);
}

const fastNested = ( bytes: string, depth: number ) =>
	rewriteBytes( bytes, map, depth );

const textPiece = fc.constantFrom(
	'http://source.example/wp/a',
	'https://www.source.example/wp',
	'//source.example/wp/x?y=1',
	'http:\\/\\/source.example\\/wp\\/j',
	'http%3A%2F%2Fsource.example%2Fwp',
	'info@source.example',
	'plain words',
	'";}',
	's:1:"',
	'\xc3\xa9',
	' ',
	''
);
const textArb = fc
	.array( textPiece, { maxLength: 4 } )
	.map( ( pieces ) => pieces.join( '' ) );

/**
 * A length or count, sometimes spelled with leading zeros.
 * @param n
 * @param padded
 */
const lengthOf = ( n: number, padded: boolean ) =>
	padded ? `0${ n }` : String( n );

const stringToken = ( text: string, padded = false ) =>
	`s:${ lengthOf( text.length, padded ) }:"${ text }";`;

const serializedArb: fc.Arbitrary< string > = fc.letrec( ( tie ) => ( {
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		fc
			.tuple( textArb, fc.nat( 4 ) )
			.map( ( [ t, pad ] ) => stringToken( t, pad === 0 ) ),
		fc.integer().map( ( i ) => `i:${ i };` ),
		fc.constantFrom( 'd:0.5;', 'd:-INF;', 'd:1.0E+25;', 'b:1;', 'N;' ),
		fc.constantFrom( 'r:1;', 'R:2;' ),
		fc.constantFrom( 'E:7:"Foo:Bar";' ),
		fc
			.tuple( fc.constantFrom( 'x;', 'http://source.example/wp' ) )
			.map(
				( [ payload ] ) =>
					`C:3:"Foo":${ payload.length }:{${ payload }}`
			),
		tie( 'container' ),
		// A serialized value inside a string, and JSON holding a URL.
		tie( 'value' ).map( ( inner ) => stringToken( String( inner ) ) ),
		textArb.map( ( t ) => stringToken( JSON.stringify( { u: t, n: 1 } ) ) )
	),
	container: fc
		.tuple(
			fc.array(
				fc.tuple(
					fc.oneof(
						fc.nat( 9 ).map( ( i ) => `i:${ i };` ),
						fc
							.constantFrom(
								'k',
								'url',
								'http://source.example/wp/key',
								'https://target.example/key'
							)
							.map( ( k ) => stringToken( k ) )
					),
					tie( 'value' )
				),
				{ maxLength: 4 }
			),
			fc.boolean(),
			fc.nat( 9 )
		)
		.map( ( [ entries, asObject, pad ] ) => {
			const body = entries
				.map( ( [ k, v ] ) => `${ k }${ v }` )
				.join( '' );
			const count = lengthOf( entries.length, pad === 0 );
			return asObject
				? `O:8:"stdClass":${ count }:{${ body }}`
				: `a:${ count }:{${ body }}`;
		} ),
} ) ).value as fc.Arbitrary< string >;

const editArb = fc.record( {
	at: fc.nat(),
	kind: fc.constantFrom( 'delete', 'insert', 'replace' ),
	char: fc.constantFrom( '"', ':', ';', '{', '}', '0', '9', 's', 'a' ),
} );

function damaged(
	text: string,
	edits: { at: number; kind: string; char: string }[]
): string {
	return edits.reduce( ( current, { at, kind, char } ) => {
		const index = at % ( current.length + 1 );
		if ( kind === 'delete' ) {
			return current.slice( 0, index ) + current.slice( index + 1 );
		}
		return (
			current.slice( 0, index ) +
			char +
			current.slice( index + ( kind === 'replace' ? 1 : 0 ) )
		);
	}, text );
}

describe( 'the one-pass serialized rewriter', () => {
	it( 'gives the tree rewriter’s bytes, count and unsafe reason for generated valid values', () => {
		fc.assert(
			fc.property( serializedArb, ( value ) => {
				expect(
					rewriteSerialized( value, map, fastNested, 0 )
				).toEqual(
					rewriteSerializedByTree( value, map, treeNested, 0 )
				);
			} ),
			{ numRuns: 3000 }
		);
	} );

	it( 'gives the tree rewriter’s answer for damaged values (parse failures included)', () => {
		fc.assert(
			fc.property(
				serializedArb,
				fc.array( editArb, { minLength: 1, maxLength: 3 } ),
				( value, edits ) => {
					const input = damaged( value, edits );
					expect(
						rewriteSerialized( input, map, fastNested, 0 )
					).toEqual(
						rewriteSerializedByTree( input, map, treeNested, 0 )
					);
				}
			),
			{ numRuns: 3000 }
		);
	} );

	it( 'answers a common value itself and hands changed keys and leading-zero lengths to the tree', () => {
		const rewrite = ( bytes: string ) => fastNested( bytes, 1 );
		const mentions = map.mention;
		const common = `a:2:{${ stringToken( 'url' ) }${ stringToken(
			'http://source.example/wp/a.jpg'
		) }i:0;d:0.5;}`;
		expect( spliceSerialized( common, rewrite, mentions ) ).toEqual( {
			value: `a:2:{${ stringToken( 'url' ) }${ stringToken(
				'https://target.example/a.jpg'
			) }i:0;d:0.5;}`,
			count: 1,
			references: false,
		} );
		const changedKey = `a:1:{${ stringToken( 'http://source.example/wp' ) }i:1;}`;
		expect( spliceSerialized( changedKey, rewrite, mentions ) ).toBeNull();
		const padded = `a:01:{i:0;${ stringToken( 'http://source.example/wp' ) }}`;
		expect( spliceSerialized( padded, rewrite, mentions ) ).toBeNull();
		// The tree writes the count canonically; the answer stays the tree's.
		expect( rewriteSerialized( padded, map, fastNested, 0 ).value ).toBe(
			`a:1:{i:0;${ stringToken( 'https://target.example' ) }}`
		);
	} );
} );
