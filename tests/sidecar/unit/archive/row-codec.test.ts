import { Readable } from 'node:stream';

import {
	decodeRow,
	encodeRow,
} from '../../../../sidecar/src/archive/row-codec';
import {
	LineSplitter,
	type NumberedLine,
} from '../../../../sidecar/src/archive/row-lines';
import {
	queryLiteral,
	rowsToSql,
	sqlLiteral,
} from '../../../../sidecar/src/archive/row-sql';
import { BLOBS_HEADER } from '../../fixtures/archive/archive-builder';

const header = BLOBS_HEADER;
const at = { path: 'db/wp_blobs.rows.ndjson', line: 2 };

async function splitInto(
	chunks: Buffer[],
	maxLineBytes?: number
): Promise< NumberedLine[] > {
	const lines: NumberedLine[] = [];
	for await ( const line of Readable.from( chunks ).pipe(
		new LineSplitter( 'x', maxLineBytes )
	) ) {
		lines.push( line as NumberedLine );
	}
	return lines;
}

describe( 'row codec values', () => {
	it( 'keeps every byte value of a binary column through encode and decode', () => {
		const everyByte = Buffer.from(
			Array.from( { length: 256 }, ( _, i ) => i )
		);
		const decoded = decodeRow(
			encodeRow( [ '18446744073709551615', everyByte, null ] ),
			header,
			at
		);
		expect(
			Buffer.isBuffer( decoded[ 1 ] ) && decoded[ 1 ].equals( everyByte )
		).toBe( true );
		expect( decoded[ 0 ] ).toBe( '18446744073709551615' );
		expect( decoded[ 2 ] ).toBeNull();
	} );

	it( 'stores integers beyond 2^53 as strings so no digit is lost', () => {
		expect( encodeRow( [ 2n ** 64n - 1n, null, 'x' ] ) ).toBe(
			'["18446744073709551615",null,"x"]'
		);
	} );

	it( 'rejects a row with the wrong number of values or a bare string in a binary column', () => {
		expect( () => decodeRow( '["1",null]', header, at ) ).toThrow(
			expect.objectContaining( { code: 'syteops_archive_rows_invalid' } )
		);
		expect( () => decodeRow( '["1","raw",null]', header, at ) ).toThrow(
			expect.objectContaining( { code: 'syteops_archive_rows_invalid' } )
		);
		expect( () => decodeRow( '["1",{"b64":"AA=="}', header, at ) ).toThrow(
			expect.objectContaining( { code: 'syteops_archive_rows_invalid' } )
		);
	} );
} );

describe( 'LineSplitter', () => {
	const text = Buffer.from( '{"h":1}\n["é😀",1]\r\n["b"]\n["last"]', 'utf8' );
	const expected = [ '{"h":1}', '["é😀",1]', '["b"]', '["last"]' ];

	it( 'yields the same lines whichever byte offset a chunk boundary falls on', async () => {
		for ( let cut = 0; cut <= text.length; cut++ ) {
			const lines = await splitInto( [
				text.subarray( 0, cut ),
				text.subarray( cut ),
			] );
			expect( lines.map( ( l ) => l.text ) ).toEqual( expected );
		}
	} );

	it( 'yields the same lines when fed one byte at a time', async () => {
		const bytes = [ ...text ].map( ( b ) => Buffer.from( [ b ] ) );
		expect( ( await splitInto( bytes ) ).map( ( l ) => l.text ) ).toEqual(
			expected
		);
	} );

	it( 'rejects a single row longer than the limit with a named error', async () => {
		const huge = Buffer.from( '["' + 'x'.repeat( 5000 ) + '"]\n' );
		await expect( splitInto( [ huge ], 1024 ) ).rejects.toMatchObject( {
			code: 'syteops_archive_row_too_large',
		} );
	} );
} );

describe( 'queryLiteral', () => {
	it( 'escapes only the backslash, the quote, NUL and Ctrl-Z, leaving double quotes and line ends as they are', () => {
		expect( queryLiteral( 'it\'s \\ "q"\n\r\0\x1a' ) ).toBe(
			"'it\\'s \\\\ \"q\"\n\r\\0\\Z'"
		);
		expect( queryLiteral( 'a:1:{s:1:"k";}' ) ).toBe( '\'a:1:{s:1:"k";}\'' );
		expect( queryLiteral( Buffer.from( [ 0x27, 0 ] ) ) ).toBe( '0x2700' );
		expect( queryLiteral( null ) ).toBe( 'NULL' );
		expect( queryLiteral( 12n ) ).toBe( '12' );
	} );
} );

describe( 'rowsToSql', () => {
	it( 'escapes strings MySQL-style and writes binary as hex literals', () => {
		expect( sqlLiteral( 'it\'s \\ "q"\n\0\x1a' ) ).toBe(
			"'it\\'s \\\\ \\\"q\\\"\\n\\0\\Z'"
		);
		expect( sqlLiteral( Buffer.from( [ 0, 0xff ] ) ) ).toBe( '0x00ff' );
		expect( sqlLiteral( 'plain' ) ).toBe( "'plain'" );
		expect( sqlLiteral( Buffer.alloc( 0 ) ) ).toBe( "X''" );
		expect(
			rowsToSql( { ...header, table: 'wp_`odd' }, [
				[ '1', Buffer.from( 'ab' ), null ],
			] )
		).toBe(
			"INSERT INTO `wp_``odd` (`id`, `data`, `note`) VALUES\n('1', 0x6162, NULL);\n"
		);
	} );

	it( 'splits many rows into several INSERT statements', () => {
		const rows = Array.from( { length: 250 }, ( _, i ) => [
			String( i ),
			null,
			'n',
		] );
		expect(
			rowsToSql( header, rows ).match( /^INSERT INTO/gm )
		).toHaveLength( 3 );
	} );
} );
