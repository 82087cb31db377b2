/**
 * Fuzzing: random bytes and randomly damaged serialized values must only ever produce a result or a typed
 * SerializedParseError from the reader, and the rewriter must never throw or hand back a serialized value
 * that its own reader rejects when the input parsed.
 */
import fc from 'fast-check';

import {
	SerializedParseError,
	buildUrlMap,
	parseSerialized,
	rewriteValue,
} from '../../../../sidecar/src/rewrite';

const map = buildUrlMap( 'https://source.example', 'https://target.example' );

const VALID = [
	'a:2:{s:3:"url";s:24:"https://source.example/x";i:0;a:1:{s:1:"k";d:0.5;}}',
	'O:8:"stdClass":2:{s:1:"a";b:1;s:1:"b";s:40:"s:24:\"https://source.example/n\";\u00e9";}',
	'a:3:{i:0;R:1;i:1;C:3:"Foo":4:{x;};}i:2;N;}',
	's:22:"https://source.example";',
];

type Edit = { at: number; kind: 'delete' | 'insert' | 'replace'; byte: number };

const editArb = fc.record( {
	at: fc.nat(),
	kind: fc.constantFrom< Edit[ 'kind' ] >( 'delete', 'insert', 'replace' ),
	byte: fc.constantFrom(
		0x22,
		0x3a,
		0x3b,
		0x7b,
		0x7d,
		0x30,
		0x39,
		0x73,
		0x61,
		0x00,
		0xff
	),
} );

function applyEdits( bytes: string, edits: Edit[] ): string {
	return edits.reduce( ( text, { at, kind, byte } ) => {
		const index = at % ( text.length + 1 );
		if ( kind === 'delete' ) {
			return text.slice( 0, index ) + text.slice( index + 1 );
		}
		const skip = kind === 'replace' ? 1 : 0;
		return (
			text.slice( 0, index ) +
			String.fromCharCode( byte ) +
			text.slice( index + skip )
		);
	}, bytes );
}

/**
 * True when the bytes parse; false on a typed failure; anything else thrown fails the test.
 * @param bytes The candidate serialized value.
 */
function parses( bytes: string ): boolean {
	try {
		parseSerialized( bytes );
		return true;
	} catch ( error ) {
		if ( error instanceof SerializedParseError ) {
			return false;
		}
		throw error;
	}
}

describe( 'serialized reader and rewriter under fuzzing', () => {
	it( 'reads random bytes to a tree or a typed failure, never anything else', () => {
		fc.assert(
			fc.property( fc.uint8Array( { maxLength: 80 } ), ( raw ) => {
				parses( Buffer.from( raw ).toString( 'latin1' ) );
			} ),
			{ numRuns: 3000 }
		);
	} );

	it( 'reads damaged serialized values to a tree or a typed failure', () => {
		fc.assert(
			fc.property(
				fc.constantFrom( ...VALID ),
				fc.array( editArb, { minLength: 1, maxLength: 4 } ),
				( valid, edits ) => {
					parses( applyEdits( valid, edits ) );
				}
			),
			{ numRuns: 3000 }
		);
	} );

	it( 'rewrites damaged values without throwing, and never turns a parsing value into one that does not', () => {
		fc.assert(
			fc.property(
				fc.constantFrom( ...VALID ),
				fc.array( editArb, { maxLength: 3 } ),
				( valid, edits ) => {
					const bytes = applyEdits( valid, edits );
					const result = rewriteValue(
						Buffer.from( bytes, 'latin1' ),
						map
					);
					const output = result.value.toString( 'latin1' );
					if ( result.unsafe !== undefined || ! result.changed ) {
						expect( output ).toBe( bytes );
					} else if ( parses( bytes ) ) {
						expect( parses( output ) ).toBe( true );
					}
				}
			),
			{ numRuns: 2000 }
		);
	} );

	it( 'rewrites arbitrary strings, lone surrogates included, without throwing', () => {
		const piece = fc.oneof(
			fc.string( { unit: 'binary', maxLength: 8 } ),
			fc.constantFrom(
				'https://source.example',
				's:5:"',
				'";',
				'{"a":"',
				'\uD800',
				'a:1:{'
			)
		);
		fc.assert(
			fc.property( fc.array( piece, { maxLength: 6 } ), ( pieces ) => {
				const text = pieces.join( '' );
				const result = rewriteValue( text, map );
				expect( result.changed ).toBe( result.value !== text );
			} ),
			{ numRuns: 2000 }
		);
	} );
} );
