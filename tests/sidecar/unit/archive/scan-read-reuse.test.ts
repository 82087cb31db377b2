/* eslint-disable no-bitwise -- the tests flip single bits. */
/**
 * verify's main pass reuses its read buffers (entry-scan.ts): a piece is valid only until the next read.
 * With reads far smaller than the entries, every entry spans many reads, so these tests prove nothing
 * relied on an old piece: entries spanning reads still pass, rows split across reads still parse, and a
 * flipped byte is still the one finding of its entry.
 *
 * A large deflated entry is read apart from the main pass with its own cursor, which reuses its buffers
 * too: zlib inflates a view of a read, so the scan may take the next piece only once zlib has consumed the
 * last. With reads far below the stream's 16 KiB buffer (each write returns true at once), a loop that moved
 * on before zlib was done would inflate bytes already overwritten by a later read: the second group of tests
 * would then find the entry corrupt, count the wrong rows, or never finish.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SMALL_ENTRY_BYTES } from '../../../../sidecar/src/archive/entry-scan';
import { scanWithRows } from '../../../../sidecar/src/archive/rows-scan';
import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { ArchiveWriter } from '../../../../sidecar/src/archive/zip-writer';
import {
	baseManifest,
	buildArchive,
	flipBitInEntry,
	manifestEntry,
	manifestFor,
	OPTIONS_HEADER,
	rowsFile,
} from '../../fixtures/archive/archive-builder';

const READ_BYTES = 97; // smaller than any entry below, and odd so reads split lines and records anywhere

let dir: string;
let archive: string;

beforeAll( async () => {
	dir = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-scan-reuse-' ) );
	const writer = await ArchiveWriter.open( path.join( dir, 'storage' ) );
	await writer.addBuffer( 'db/wp_options.schema.sql', Buffer.from( 'x' ) );
	await writer.addBuffer(
		'db/wp_options.rows.ndjson',
		rowsFile(
			OPTIONS_HEADER,
			Array.from( { length: 40 }, ( _, i ) => [
				String( i + 1 ),
				`name_${ i }`,
				`value ${ 'é'.repeat( i ) } ${ i }`,
			] )
		)
	);
	await writer.addBuffer(
		'files/wp-content/uploads/photo.jpg',
		randomBytes( 5000 )
	);
	await writer.addBuffer(
		'files/wp-content/uploads/notes.txt',
		Buffer.from( 'compressible text, '.repeat( 400 ) )
	);
	const manifest = baseManifest();
	manifest.sections.tables = [ { name: 'wp_options', rows: 40 } ];
	manifest.sections.media_files = 2;
	archive = ( await writer.finish( manifest ) ).path;
} );
afterAll( async () => {
	await fs.rm( dir, { recursive: true, force: true } );
} );

async function scan( file: string, readBytes = READ_BYTES ) {
	const reader = await ArchiveReader.open( file );
	const targets = reader.scanTargets( reader.manifest.entries.paths() );
	return scanWithRows( file, targets, 1048576, { readBytes } );
}

describe( 'the scan with reused read buffers', () => {
	it( 'passes every entry and counts every row when each entry spans many reads', async () => {
		const result = await scan( archive );
		expect( result.broken.size ).toBe( 0 );
		expect( result.checked ).toBe( 4 );
		expect( result.rows.get( 'db/wp_options.rows.ndjson' ) ).toEqual( {
			rows: 40,
		} );
	} );

	it( 'parses a stored (not deflated) rows entry whose lines cross reads, where rows see the reused buffers themselves', async () => {
		const rows = rowsFile(
			OPTIONS_HEADER,
			Array.from( { length: 30 }, ( _, i ) => [
				String( i + 1 ),
				`stored_${ i }`,
				`line ${ i } ${ 'x'.repeat( 50 + i ) }`,
			] )
		);
		const bytes = buildArchive( ( { entries } ) => {
			entries[ 1 ] = {
				name: 'db/wp_options.rows.ndjson',
				data: rows,
				deflate: false,
			};
			const manifest = manifestFor( entries );
			manifest.sections.tables = [ { name: 'wp_options', rows: 30 } ];
			return [ ...entries, manifestEntry( manifest ) ];
		} );
		const file = path.join( dir, 'stored-rows.zip' );
		await fs.writeFile( file, bytes );
		const result = await scan( file );
		expect( result.rows.get( 'db/wp_options.rows.ndjson' ) ).toEqual( {
			rows: 30,
		} );
	} );

	it( 'still names the one entry whose byte was flipped', async () => {
		const reader = await ArchiveReader.open( archive );
		const [ target ] = reader.scanTargets( [
			'files/wp-content/uploads/notes.txt',
		] );
		const bytes = await fs.readFile( archive );
		bytes[ target.dataStart + 20 ] ^= 0x04;
		const damaged = path.join( dir, 'damaged.zip' );
		await fs.writeFile( damaged, bytes );
		const result = await scan( damaged );
		expect( [ ...result.broken.keys() ] ).toEqual( [
			'files/wp-content/uploads/notes.txt',
		] );
		expect( result.checked ).toBe( 4 );
	} );
} );

/** Far below zlib's 16 KiB stream buffer, so a write never waits for 'drain'. */
const LARGE_READ_BYTES = 4093;
const LARGE_ROWS = 12000;
const LARGE_ENTRY = 'db/wp_options.rows.ndjson';

describe( 'a large deflated entry read apart with reused buffers', () => {
	let large: string;
	beforeAll( async () => {
		const writer = await ArchiveWriter.open( path.join( dir, 'storage' ) );
		await writer.addBuffer(
			'db/wp_options.schema.sql',
			Buffer.from( 'x' )
		);
		// Random hex barely compresses, so the deflated entry stays over the size read apart.
		await writer.addBuffer(
			LARGE_ENTRY,
			rowsFile(
				OPTIONS_HEADER,
				Array.from( { length: LARGE_ROWS }, ( _, i ) => [
					String( i + 1 ),
					`name_${ i }`,
					randomBytes( 128 ).toString( 'hex' ),
				] )
			)
		);
		const manifest = baseManifest();
		manifest.sections.tables = [ { name: 'wp_options', rows: LARGE_ROWS } ];
		manifest.sections.media_files = 0;
		large = ( await writer.finish( manifest ) ).path;
	} );

	it( 'is deflated and large enough to be read apart (the premise of the other tests)', async () => {
		const reader = await ArchiveReader.open( large );
		const [ target ] = reader.scanTargets( [ LARGE_ENTRY ] );
		expect( target.deflated ).toBe( true );
		expect( target.compressedSize ).toBeGreaterThan( SMALL_ENTRY_BYTES );
	} );

	it( 'passes and counts every row though it spans hundreds of reads', async () => {
		const result = await scan( large, LARGE_READ_BYTES );
		expect( result.broken.size ).toBe( 0 );
		expect( result.checked ).toBe( 2 );
		expect( result.rows.get( LARGE_ENTRY ) ).toEqual( {
			rows: LARGE_ROWS,
		} );
	} );

	it( 'names that entry alone when one byte in its middle is flipped', async () => {
		const damaged = await flipBitInEntry(
			large,
			LARGE_ENTRY,
			path.join( dir, 'large-damaged.zip' )
		);
		const result = await scan( damaged, LARGE_READ_BYTES );
		expect( [ ...result.broken.keys() ] ).toEqual( [ LARGE_ENTRY ] );
		expect( result.checked ).toBe( 2 );
	} );
} );
