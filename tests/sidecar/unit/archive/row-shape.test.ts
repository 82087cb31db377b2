import { isUtf8 } from 'node:buffer';

import {
	decodeRow,
	encodeHeader,
	encodeRow,
	type Row,
} from '../../../../sidecar/src/archive/row-codec';
import { RowTally } from '../../../../sidecar/src/archive/rows-reader';
import { rowLineDecodes } from '../../../../sidecar/src/archive/row-shape';
import { BLOBS_HEADER } from '../../fixtures/archive/archive-builder';

const header = BLOBS_HEADER;
const binary = header.columns.map( ( column ) => column.binary );
const at = { path: 'db/wp_blobs.rows.ndjson', line: 2 };

function codecAccepts( line: string ): boolean {
	try {
		decodeRow( line, header, at );
		return true;
	} catch {
		return false;
	}
}

function shapeAccepts( line: string ): boolean {
	return rowLineDecodes( Buffer.from( line, 'utf8' ), binary );
}

/**
 * A line with the codec's verdict and the byte check's, so a failure names the line.
 * @param line
 */
const verdicts = ( line: string ) => [
	line,
	codecAccepts( line ),
	shapeAccepts( line ),
];

/** Rows as the backup writes them: every kind of value each column holds. */
const writtenRows: Row[] = [
	[ '1', Buffer.alloc( 0 ), 'plain' ],
	[ 42, Buffer.from( [ 0 ] ), '' ],
	[ -7, Buffer.from( [ 1, 2 ] ), 'quote " backslash \\ slash /' ],
	[
		0,
		Buffer.from( [ 1, 2, 3 ] ),
		'tab\tnewline\nreturn\r nul\u0000 bell\u0007',
	],
	[ 999999999999999, Buffer.from( [ 255, 254, 253, 252 ] ), 'é😀 中文' ],
	[ -999999999999999, null, 'a:1:{s:3:"url";s:19:"http://example.com";}' ],
	[ '18446744073709551615', Buffer.from( 'hello world' ), null ],
	[ null, null, null ],
	[ '2026-12-07 19:42:54', Buffer.alloc( 1000, 7 ), '\u2028\u2029' ],
];

describe( 'rowLineDecodes', () => {
	it( 'proves every line the backup writes, so verify decodes none of them', () => {
		for ( const row of writtenRows ) {
			const line = encodeRow( row );
			expect( [ line, shapeAccepts( line ) ] ).toEqual( [ line, true ] );
		}
	} );

	it( 'accepts JSON whitespace wherever JSON.parse does, the trailing carriage return included', () => {
		const spaced = [
			' [ "1" , null , "x" ] ',
			'\t["1",{ "b64" : "AAAA" },"x"]\r',
			'[\r"1",\t{"b64":"AA=="\n},"x"]',
		];
		expect( spaced.map( verdicts ) ).toEqual(
			spaced.map( ( line ) => [ line, true, true ] )
		);
	} );

	it( 'leaves valid but unusual lines to the codec instead of accepting or refusing them itself', () => {
		const unusual = [
			'["1",null,1.5]', // a float
			'["1",null,1e3]', // an exponent
			'[1234567890123456,null,"x"]', // 16 digits, still safe
			'["1",{"b64":"AAAA","other":1},"x"]', // extra keys are ignored by the codec
			'["1",{"\\u0062\\u0036\\u0034":"AAAA"},"x"]', // an escaped key
			'["1",{"b64":"\\u0041AAA"},"x"]', // an escaped base64 digit
		];
		expect( unusual.map( verdicts ) ).toEqual(
			unusual.map( ( line ) => [ line, true, false ] )
		);
	} );

	it( 'refuses every line the codec refuses, from broken JSON to values of the wrong kind', () => {
		const broken = [
			'',
			'["1",null,"x"',
			'["1",null,"x"],',
			'["1",null,"x",]',
			'["1",null]',
			'["1",null,"x","y"]',
			'["1",null,"unterminated]',
			'["1",null,"bad escape \\x"]',
			'["1",null,"short unicode \\u12"]',
			'["1",null,"raw tab \t"]',
			'["1",null,true]',
			'["1",null,{}]',
			'["1",null,[]]',
			'[01,null,"x"]',
			'[-,null,"x"]',
			'[9007199254740993,null,"x"]',
			'[nul,null,"x"]',
			'["1","AAAA","x"]',
			'["1",{"b64":"AAA"},"x"]',
			'["1",{"b64":"A==="},"x"]',
			'["1",{"b64":"AA=A"},"x"]',
			'["1",{"b64":"AA*A"},"x"]',
			'["1",{"b6":"AAAA"},"x"]',
			'["1",{"b64":1},"x"]',
			'{"a":1}',
			'["1",null,"x"] x',
		];
		expect( broken.map( verdicts ) ).toEqual(
			broken.map( ( line ) => [ line, false, false ] )
		);
	} );

	it( 'never accepts a line the codec refuses, over 20,000 random byte edits of written rows', () => {
		// A fixed-seed generator, so a failure names a line that fails again.
		let seed = 12345;
		const random = ( below: number ) => {
			seed = ( seed * 1103515245 + 12345 ) % 2147483648;
			return seed % below;
		};
		const alphabet = Buffer.from(
			'[]{},:"\\/ -+.0123456789eEnulbtfr64AZaz=\t\r'
		);
		let proven = 0;
		for ( let round = 0; round < 20000; round++ ) {
			const bytes = [
				...Buffer.from(
					encodeRow( writtenRows[ round % writtenRows.length ] )
				),
			];
			for ( let edit = 0; edit <= random( 3 ); edit++ ) {
				const where = random( bytes.length + 1 );
				const byte = alphabet[ random( alphabet.length ) ];
				const kind = random( 3 );
				if ( kind === 0 ) {
					bytes.splice( where, 1 );
				} else if ( kind === 1 ) {
					bytes.splice( where, 0, byte );
				} else {
					bytes[ Math.min( where, bytes.length - 1 ) ] = byte;
				}
			}
			const line = Buffer.from( bytes );
			if ( ! isUtf8( line ) || ! rowLineDecodes( line, binary ) ) {
				continue;
			}
			proven++;
			const text = line.toString( 'utf8' );
			expect( [ text, codecAccepts( text ) ] ).toEqual( [ text, true ] );
		}
		// The edits must leave many lines provable, or this test would prove nothing.
		expect( proven ).toBeGreaterThan( 2000 );
	} );
} );

describe( 'RowTally with the byte check', () => {
	const rowsFile = ( lines: string[] ) =>
		Buffer.from( [ encodeHeader( header ), ...lines ].join( '\n' ) + '\n' );

	it( 'counts written rows without decoding any, and decodes only the unusual valid rows', () => {
		const tally = new RowTally( at.path );
		tally.feed(
			rowsFile( [
				...writtenRows.map( encodeRow ),
				'["1",null,1.5]',
				// A byte-order mark: the UTF-8 decoder drops it, so the codec accepts the line.
				'\ufeff["1",null,"x"]',
			] )
		);
		tally.end();
		expect( { rows: tally.rows, decoded: tally.decoded } ).toEqual( {
			rows: writtenRows.length + 2,
			decoded: 2,
		} );
	} );

	it( 'reports a broken row with the codec’s own error and line number', () => {
		const tally = new RowTally( at.path );
		const broken = '["1",null,"x",]';
		let codecError: unknown;
		try {
			decodeRow( broken, header, { path: at.path, line: 3 } );
		} catch ( error ) {
			codecError = error;
		}
		expect( codecError ).toBeDefined();
		expect( () =>
			tally.feed( rowsFile( [ encodeRow( writtenRows[ 0 ] ), broken ] ) )
		).toThrow( codecError as Error );
		expect( tally.rows ).toBe( 1 );
	} );

	it( 'refuses a row whose bytes are not UTF-8, as the decoder does', () => {
		const tally = new RowTally( at.path );
		const bad = Buffer.concat( [
			rowsFile( [] ),
			Buffer.from( '["1",null,"' ),
			Buffer.from( [ 0xc3, 0x28 ] ),
			Buffer.from( '"]\n' ),
		] );
		expect( () => tally.feed( bad ) ).toThrow(
			expect.objectContaining( {
				code: 'syteops_archive_rows_invalid',
				details: expect.objectContaining( {
					line: 2,
					reason: 'the line is not valid UTF-8',
				} ),
			} )
		);
	} );
} );
