/**
 * DirectoryRecords keeps the central directory as bytes: its blocks are exactly the records in the order
 * added (across block ends, and with a record larger than a block), in memory and spooled to an unlinked
 * file alike, and it counts them.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DirectoryRecords } from '../../../../sidecar/src/archive/directory-records';

function record( index: number, length: number ): Buffer {
	return Buffer.alloc( length, index % 251 );
}

let spoolDir: string;
beforeEach( () => {
	spoolDir = mkdtempSync( path.join( tmpdir(), 'syteops-directory-' ) );
} );
afterEach( () => rmSync( spoolDir, { recursive: true, force: true } ) );

const allOf = ( directory: DirectoryRecords ) => [ ...directory.blocks() ];

describe.each( [
	[ 'in memory', () => undefined ],
	[ 'spooled to a file', () => spoolDir ],
] )( 'DirectoryRecords %s', ( _, dirOf ) => {
	test( 'the blocks concatenate to every record in order, across block boundaries', () => {
		const directory = new DirectoryRecords( 100, dirOf() );
		const records = Array.from( { length: 40 }, ( __, i ) =>
			record( i, 7 + ( ( i * 13 ) % 50 ) )
		);
		records.forEach( ( r ) => directory.add( r ) );
		expect( directory.count ).toBe( 40 );
		expect( allOf( directory ).length ).toBeGreaterThan( 1 );
		expect( Buffer.concat( allOf( directory ) ) ).toEqual(
			Buffer.concat( records )
		);
		// Read back twice: the renderer counts, then writes.
		expect( Buffer.concat( allOf( directory ) ) ).toEqual(
			Buffer.concat( records )
		);
		directory.close();
	} );

	test( 'a record larger than a block gets a block of its own and nothing is lost around it', () => {
		const directory = new DirectoryRecords( 16, dirOf() );
		const records = [
			record( 1, 10 ),
			record( 2, 40 ),
			record( 3, 10 ),
			record( 4, 12 ),
		];
		records.forEach( ( r ) => directory.add( r ) );
		expect( Buffer.concat( allOf( directory ) ) ).toEqual(
			Buffer.concat( records )
		);
		expect( directory.count ).toBe( 4 );
		directory.close();
	} );

	test( 'a record is copied: changing the caller’s buffer afterwards changes nothing', () => {
		const directory = new DirectoryRecords( 16, dirOf() );
		const r = record( 5, 20 );
		directory.add( r );
		directory.add( record( 6, 3 ) );
		r.fill( 0 );
		expect( Buffer.concat( allOf( directory ) ) ).toEqual(
			Buffer.concat( [ record( 5, 20 ), record( 6, 3 ) ] )
		);
		directory.close();
	} );

	test( 'no records, no bytes', () => {
		const directory = new DirectoryRecords( undefined, dirOf() );
		expect( directory.count ).toBe( 0 );
		expect( Buffer.concat( allOf( directory ) ) ).toHaveLength( 0 );
		directory.close();
	} );
} );

test( 'a spooled directory leaves no file behind, even before it is closed, and refuses reads once closed', () => {
	const directory = new DirectoryRecords( 16, spoolDir );
	for ( let i = 0; i < 10; i++ ) {
		directory.add( record( i, 12 ) );
	}
	expect( readdirSync( spoolDir ) ).toEqual( [] );
	expect( Buffer.concat( allOf( directory ) ) ).toHaveLength( 120 );
	directory.close();
	directory.close();
	expect( () => allOf( directory ) ).toThrow( 'the spool is closed' );
} );
