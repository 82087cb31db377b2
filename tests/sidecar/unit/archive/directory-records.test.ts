/**
 * DirectoryRecords keeps the central directory as bytes: its blocks are exactly the records in the order
 * added (across block ends, and with a record larger than a block), and it counts them.
 */
import { DirectoryRecords } from '../../../../sidecar/src/archive/directory-records';

function record( index: number, length: number ): Buffer {
	return Buffer.alloc( length, index % 251 );
}

test( 'the blocks concatenate to every record in order, across block boundaries', () => {
	const directory = new DirectoryRecords( 100 );
	const records = Array.from( { length: 40 }, ( _, i ) =>
		record( i, 7 + ( ( i * 13 ) % 50 ) )
	);
	records.forEach( ( r ) => directory.add( r ) );
	expect( directory.count ).toBe( 40 );
	expect( directory.blocks().length ).toBeGreaterThan( 1 );
	expect( Buffer.concat( directory.blocks() ) ).toEqual(
		Buffer.concat( records )
	);
} );

test( 'a record larger than a block gets a block of its own and nothing is lost around it', () => {
	const directory = new DirectoryRecords( 16 );
	const records = [ record( 1, 10 ), record( 2, 40 ), record( 3, 10 ) ];
	records.forEach( ( r ) => directory.add( r ) );
	expect( Buffer.concat( directory.blocks() ) ).toEqual(
		Buffer.concat( records )
	);
	expect( directory.count ).toBe( 3 );
} );

test( 'a record is copied: changing the caller’s buffer afterwards changes nothing', () => {
	const directory = new DirectoryRecords();
	const r = record( 5, 20 );
	directory.add( r );
	r.fill( 0 );
	expect( Buffer.concat( directory.blocks() ) ).toEqual( record( 5, 20 ) );
} );

test( 'no records, no bytes', () => {
	const directory = new DirectoryRecords();
	expect( directory.count ).toBe( 0 );
	expect( Buffer.concat( directory.blocks() ) ).toHaveLength( 0 );
} );
