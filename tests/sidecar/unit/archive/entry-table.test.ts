/**
 * The reader's compact entry table (entry-table.ts): what goes in comes out the same, by path and in order,
 * and the manifest-side rules it enforces (a path listed twice) hold; with the reader, a valid archive whose
 * directory lists entries in an order unlike the file's still opens and reads.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	EntryTable,
	ListedEntries,
	type EntryRecord,
} from '../../../../sidecar/src/archive/entry-table';
import {
	ArchiveReader,
	compareEntries,
} from '../../../../sidecar/src/archive/zip-reader';
import { buildArchive } from '../../fixtures/archive/archive-builder';

function record( name: string, at: number ): EntryRecord {
	return {
		path: name,
		crc32: 0xfedcba98 - at,
		compressedSize: 5_000_000_000 + at,
		uncompressedSize: 7_000_000_000 + at,
		compressionMethod: at % 2 === 0 ? 8 : 0,
		offsetToLocalFileHeader: 1_000_000 - at * 100,
	};
}

const SHA = ( n: number ) => n.toString( 16 ).padStart( 64, '0' );

describe( 'EntryTable', () => {
	it( 'gives back every directory record and manifest entry as added, past its first capacity, 64-bit sizes included', () => {
		const table = new EntryTable( 3 );
		const names = Array.from( { length: 40 }, ( _, i ) => `files/f${ i }` );
		names.forEach( ( name, i ) =>
			table.addZipEntry( record( name, i ), 10_000 + i )
		);
		names.forEach( ( name, i ) =>
			table.addListedEntry(
				{
					path: name,
					size: 7_000_000_000 + i,
					sha256: SHA( i + 1 ),
					...( i % 3 === 0 ? {} : { compressed: i % 3 === 1 } ),
				},
				i
			)
		);
		expect( table.zipCount ).toBe( 40 );
		expect( table.listedCount ).toBe( 40 );
		names.forEach( ( name, i ) => {
			const row = table.zipRow( name ) as number;
			expect( table.record( row ) ).toEqual( record( name, i ) );
			expect( table.directoryAt( row ) ).toBe( 10_000 + i );
			expect( table.dataStart( row ) ).toBeUndefined();
			table.setDataStart( row, 99 + i );
			expect( table.dataStart( row ) ).toBe( 99 + i );
		} );
		expect( [ ...new ListedEntries( table ) ] ).toEqual(
			names.map( ( name, i ) => ( {
				path: name,
				size: 7_000_000_000 + i,
				sha256: SHA( i + 1 ),
				...( i % 3 === 0 ? {} : { compressed: i % 3 === 1 } ),
			} ) )
		);
		expect( [ ...table.zipPaths() ] ).toEqual( names );
	} );

	it( 'keeps the manifest’s order, not the directory’s, and tells listed from present', () => {
		const table = new EntryTable( 4 );
		[ 'a', 'b', 'c' ].forEach( ( name, i ) =>
			table.addZipEntry( record( name, i ), i )
		);
		[ 'c', 'missing', 'a' ].forEach( ( name, i ) =>
			table.addListedEntry( { path: name, size: i, sha256: SHA( i ) }, i )
		);
		const listed = new ListedEntries( table );
		expect( [ ...listed.paths() ] ).toEqual( [ 'c', 'missing', 'a' ] );
		expect( listed.length ).toBe( 3 );
		expect( listed.has( 'b' ) ).toBe( false );
		expect( listed.get( 'missing' ) ).toEqual( {
			path: 'missing',
			size: 1,
			sha256: SHA( 1 ),
		} );
		expect( table.isInZip( 'missing' ) ).toBe( false );
		expect( table.isInZip( 'b' ) ).toBe( true );
		expect( compareEntries( table ).map( ( e ) => e.code ) ).toEqual( [
			'syteops_archive_entry_missing',
			'syteops_archive_unexpected_entry',
		] );
	} );

	it( 'refuses a path the manifest lists twice, naming the second listing', () => {
		const table = new EntryTable( 2 );
		table.addZipEntry( record( 'a', 0 ), 0 );
		table.addListedEntry( { path: 'a', size: 1, sha256: SHA( 1 ) }, 0 );
		expect( () =>
			table.addListedEntry( { path: 'a', size: 1, sha256: SHA( 1 ) }, 1 )
		).toThrow(
			expect.objectContaining( {
				code: 'syteops_archive_manifest_invalid',
				message: expect.stringContaining( 'entries[1].path' ),
			} )
		);
	} );

	it( 'takes back every listed entry and keeps the directory’s, so the manifest can be read again from the start', () => {
		const table = new EntryTable( 2 );
		table.addZipEntry( record( 'files/a', 0 ), 100 );
		table.addZipEntry( record( 'files/b', 1 ), 200 );
		table.addListedEntry(
			{ path: 'files/a', size: 1, sha256: SHA( 1 ), compressed: true },
			0
		);
		table.addListedEntry(
			{ path: 'files/only-listed', size: 2, sha256: SHA( 2 ) },
			1
		);
		table.forgetListed();
		expect( table.listedCount ).toBe( 0 );
		expect( table.isListed( 'files/a' ) ).toBe( false );
		expect( table.isInZip( 'files/a' ) ).toBe( true );
		expect( table.isInZip( 'files/only-listed' ) ).toBe( false );
		expect( [ ...table.zipPaths() ] ).toEqual( [ 'files/a', 'files/b' ] );
		expect( table.record( table.zipRow( 'files/b' ) as number ) ).toEqual(
			record( 'files/b', 1 )
		);
		// Read again, the same paths are neither listed twice nor kept from the first reading.
		table.addListedEntry(
			{ path: 'files/only-listed', size: 3, sha256: SHA( 3 ) },
			0
		);
		table.addListedEntry(
			{ path: 'files/a', size: 4, sha256: SHA( 4 ) },
			1
		);
		expect( [ ...new ListedEntries( table ) ] ).toEqual( [
			{ path: 'files/only-listed', size: 3, sha256: SHA( 3 ) },
			{ path: 'files/a', size: 4, sha256: SHA( 4 ) },
		] );
	} );

	it( 'orders the directory’s rows by where their entries lie in the file', () => {
		const table = new EntryTable( 8 );
		[ 30, 10, 20 ].forEach( ( offset, i ) =>
			table.addZipEntry(
				{ ...record( `e${ i }`, i ), offsetToLocalFileHeader: offset },
				i
			)
		);
		expect( [ ...table.zipRowsByOffset() ] ).toEqual( [ 1, 2, 0 ] );
	} );
} );

/**
 * The archive with its central directory records in reverse order (the end record unchanged: the same
 * records fill the same bytes).
 * @param bytes a ZIP without ZIP64 records or comment
 */
function withReversedDirectory( bytes: Buffer ): Buffer {
	const endAt = bytes.length - 22;
	const count = bytes.readUInt16LE( endAt + 10 );
	const size = bytes.readUInt32LE( endAt + 12 );
	const offset = bytes.readUInt32LE( endAt + 16 );
	const records: Buffer[] = [];
	for ( let at = offset; at < offset + size; ) {
		const length =
			46 +
			bytes.readUInt16LE( at + 28 ) +
			bytes.readUInt16LE( at + 30 ) +
			bytes.readUInt16LE( at + 32 );
		records.push( bytes.subarray( at, at + length ) );
		at += length;
	}
	expect( records ).toHaveLength( count );
	return Buffer.concat( [
		bytes.subarray( 0, offset ),
		...records.reverse(),
		bytes.subarray( offset + size ),
	] );
}

describe( 'ArchiveReader and the directory’s order', () => {
	let dir: string;
	beforeAll( async () => {
		dir = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-order-' ) );
	} );
	afterAll( async () => {
		await fs.rm( dir, { recursive: true, force: true } );
	} );

	it( 'opens and reads an archive whose directory lists the entries in reverse file order, as the forward one', async () => {
		const forward = path.join( dir, 'forward.zip' );
		const reversed = path.join( dir, 'reversed.zip' );
		const bytes = buildArchive();
		await fs.writeFile( forward, bytes );
		await fs.writeFile( reversed, withReversedDirectory( bytes ) );
		const a = await ArchiveReader.open( forward );
		const b = await ArchiveReader.open( reversed );
		expect( [ ...b.entryPaths() ] ).toEqual(
			[ ...a.entryPaths() ].reverse()
		);
		const listed = [ ...a.manifest.entries.paths() ];
		expect( b.scanTargets( listed ) ).toEqual( a.scanTargets( listed ) );
		expect( listed.length ).toBeGreaterThan( 2 );
	} );
} );
