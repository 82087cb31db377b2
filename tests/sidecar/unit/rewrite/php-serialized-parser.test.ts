import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import {
	MAX_SERIALIZED_DEPTH,
	SerializedParseError,
	looksSerialized,
	parseSerialized,
	writeSerialized,
} from '../../../../sidecar/src/rewrite';

const FIXTURES = join( __dirname, '../../fixtures/rewrite' );

/** Byte strings of the serialized golden inputs PHP itself produced (all but the deliberately broken). */
function validSerializedSamples(): string[] {
	return readdirSync( FIXTURES )
		.filter(
			( file ) =>
				/\.(input|expected)$/.test( file ) &&
				! file.startsWith( 'malformed' )
		)
		.map( ( file ) =>
			readFileSync( join( FIXTURES, file ) )
				.toString( 'latin1' )
				.replace( /\n$/, '' )
				.trim()
		)
		.filter( ( bytes ) => /^[aOsC]:\d+:/.test( bytes ) );
}

function parseFailure( bytes: string ): SerializedParseError {
	try {
		parseSerialized( bytes );
	} catch ( error ) {
		if ( error instanceof SerializedParseError ) {
			return error;
		}
		throw error;
	}
	throw new Error(
		`expected a parse failure for ${ JSON.stringify( bytes ) }`
	);
}

describe( 'PHP serialized reader and writer', () => {
	const samples = validSerializedSamples();

	it( 'has PHP-made samples to check against', () => {
		expect( samples.length ).toBeGreaterThanOrEqual( 15 );
	} );

	it( 'writes every PHP-made value back byte for byte', () => {
		for ( const bytes of samples ) {
			expect( writeSerialized( parseSerialized( bytes ) ) ).toBe( bytes );
		}
	} );

	it( 'rejects every truncation of a valid value with a typed failure (split at every byte offset)', () => {
		for ( const bytes of samples ) {
			for ( let end = 0; end < bytes.length; end++ ) {
				expect( parseFailure( bytes.slice( 0, end ) ) ).toBeInstanceOf(
					SerializedParseError
				);
			}
		}
	} );

	it( 'counts string lengths in bytes and lets a string hold quotes, semicolons and braces', () => {
		const text = Buffer.from( 'é";}😀', 'utf8' ).toString( 'latin1' );
		expect( text.length ).toBe( 9 );
		expect( parseSerialized( `s:9:"${ text }";` ) ).toEqual( {
			kind: 'string',
			bytes: text,
		} );
		expect( parseFailure( `s:5:"${ text }";` ).reason ).toBe(
			"expected '\"'"
		);
	} );

	it( 'keeps scalar tokens exactly as written', () => {
		const bytes = 'a:4:{i:0;i:+7;i:1;d:1.0E+25;i:2;d:-INF;i:3;b:1;}';
		expect( writeSerialized( parseSerialized( bytes ) ) ).toBe( bytes );
	} );

	it( 'reads references, custom payloads and enums without interpreting them', () => {
		const bytes = 'a:3:{i:0;C:3:"Foo":5:{x;}{}}i:1;R:2;i:2;E:7:"Suit:Up";}';
		const tree = parseSerialized( bytes );
		expect( tree ).toMatchObject( {
			kind: 'array',
			entries: [
				{
					value: {
						kind: 'custom',
						className: 'Foo',
						payload: 'x;}{}',
					},
				},
				{ value: { kind: 'reference', type: 'R', token: '2' } },
				{ value: { kind: 'enum', name: 'Suit:Up' } },
			],
		} );
		expect( writeSerialized( tree ) ).toBe( bytes );
	} );

	it( 'refuses trailing bytes, unknown types, non-scalar keys and bad class names', () => {
		expect( parseFailure( 'i:1;i:2;' ).reason ).toBe(
			'unexpected bytes after the value'
		);
		expect( parseFailure( 'S:1:"\\61";' ).reason ).toBe(
			'unknown value type'
		);
		expect( parseFailure( 'a:1:{N;i:1;}' ).reason ).toBe(
			'a key must be an integer or a string'
		);
		expect( parseFailure( 'O:3:"a b":0:{}' ).reason ).toBe(
			'invalid class name'
		);
		expect( parseFailure( 'b:2;' ).reason ).toBe( 'expected 0 or 1' );
	} );

	it( 'refuses absurd lengths and counts at once instead of looping or allocating', () => {
		expect( parseFailure( 'a:2147483647:{' ).reason ).toBe(
			'length larger than the input'
		);
		expect( parseFailure( 's:99999999999999999999:"x";' ).reason ).toBe(
			'length larger than the input'
		);
	} );

	it( `refuses nesting deeper than ${ MAX_SERIALIZED_DEPTH } levels`, () => {
		const depth = MAX_SERIALIZED_DEPTH + 1;
		const deep = 'a:1:{i:0;'.repeat( depth ) + 'N;' + '}'.repeat( depth );
		const ok =
			'a:1:{i:0;'.repeat( depth - 1 ) + 'N;' + '}'.repeat( depth - 1 );
		expect( parseFailure( deep ).reason ).toBe( 'nesting too deep' );
		expect( writeSerialized( parseSerialized( ok ) ) ).toBe( ok );
	} );

	it( 'recognises the shapes WordPress would unserialize, around whitespace, and nothing else', () => {
		expect( looksSerialized( ' a:1:{i:0;N;}\n' ) ).toBe( true );
		expect( looksSerialized( 'N;' ) ).toBe( true );
		expect( looksSerialized( 'b:1;' ) ).toBe( true );
		expect( looksSerialized( 's:3:"abc";' ) ).toBe( true );
		expect( looksSerialized( 'a:b;}' ) ).toBe( false );
		expect( looksSerialized( 'b: https://source.example;' ) ).toBe( false );
		expect( looksSerialized( '[caption]x[/caption]' ) ).toBe( false );
	} );
} );
