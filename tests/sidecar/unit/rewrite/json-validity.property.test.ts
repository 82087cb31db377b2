/**
 * Property: isValidJsonText() accepts exactly what JSON.parse() accepts, on documents fast-check generates
 * (every kind of value, white space, escapes, numbers), on those documents damaged by a few edits, and on
 * texts made of JSON's own tokens in any order.
 */
import fc from 'fast-check';

import { isValidJsonText } from '../../../../sidecar/src/rewrite/json-validity';

function parses( text: string ): boolean {
	try {
		JSON.parse( text );
		return true;
	} catch {
		return false;
	}
}

/** A generated value, written compactly or with random white space between its tokens. */
const documents = fc
	.tuple(
		fc.jsonValue(),
		fc.constantFrom( undefined, 1, '\t', ' \n\r' ),
		fc.constantFrom( '', ' ', '\n\t' )
	)
	.map(
		( [ value, indent, around ] ) =>
			around + JSON.stringify( value, null, indent ) + around
	);

/** A document with a few chars deleted, replaced or inserted. */
const damaged = fc
	.tuple(
		documents,
		fc.array(
			fc.tuple(
				fc.nat(),
				fc.constantFrom( 'delete', 'replace', 'insert' ),
				fc.constantFrom(
					'"',
					'\\',
					',',
					':',
					'{',
					'}',
					'[',
					']',
					'0',
					'-',
					'.',
					'e',
					'+',
					' ',
					'\u0001',
					'u',
					'x',
					'\u00e9'
				)
			),
			{ minLength: 1, maxLength: 3 }
		)
	)
	.map( ( [ text, edits ] ) =>
		edits.reduce( ( current, [ at, kind, char ] ) => {
			const index = current.length === 0 ? 0 : at % current.length;
			if ( kind === 'delete' ) {
				return current.slice( 0, index ) + current.slice( index + 1 );
			}
			const keep = kind === 'replace' ? index + 1 : index;
			return current.slice( 0, index ) + char + current.slice( keep );
		}, text )
	);

/** JSON's tokens, and near misses, in any order. */
const tokenSoup = fc
	.array(
		fc.constantFrom(
			'{',
			'}',
			'[',
			']',
			',',
			':',
			'"a"',
			'"\\u00e9"',
			'"\\u12"',
			'"\\x"',
			'"\\/"',
			'"',
			'0',
			'01',
			'-0',
			'-',
			'1.5',
			'1.',
			'.5',
			'1e5',
			'1E+5',
			'1e',
			'true',
			'tru',
			'false',
			'null',
			'nul',
			' ',
			'\n',
			'\u00a0',
			'\ufeff'
		),
		{ maxLength: 12 }
	)
	.map( ( tokens ) => tokens.join( '' ) );

describe( 'isValidJsonText, the JSON validity check that builds nothing', () => {
	it( 'accepts every generated document, compact or spaced, as JSON.parse does', () => {
		fc.assert(
			fc.property( documents, ( text ) => {
				expect( isValidJsonText( text ) ).toBe( true );
			} ),
			{ numRuns: 500 }
		);
	} );

	it( 'answers as JSON.parse does on damaged documents and on token soup', () => {
		fc.assert(
			fc.property( fc.oneof( damaged, tokenSoup ), ( text ) => {
				expect( isValidJsonText( text ) ).toBe( parses( text ) );
			} ),
			{ numRuns: 3000 }
		);
	} );

	it.each( [
		[ '{"a":1}', true ],
		[ '[]', true ],
		[ ' {} ', true ],
		[ '{"a":1,}', false ],
		[ '[1,]', false ],
		[ '{"a" 1}', false ],
		[ '{"a":1}x', false ],
		[ '"\u0001"', false ],
		[ '"\\ud800"', true ],
		[ '[01]', false ],
		[ '[-]', false ],
		[ '[1.e5]', false ],
		[ '{"a":{"b":[true,false,null]}}', true ],
		[ '', false ],
		[ '\u00a0{}', false ],
	] )( 'judges %j as valid: %s', ( text, valid ) => {
		expect( isValidJsonText( text ) ).toBe( valid );
		expect( parses( text ) ).toBe( valid );
	} );
} );
