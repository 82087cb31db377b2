/* eslint-disable no-bitwise -- the test flips a single bit. */
/**
 * A large deflated entry is read apart from the main pass with its own cursor (entry-scan.ts), and that
 * cursor reuses its read buffers too: zlib inflates a view of a read, so the scan may take the next piece
 * only once zlib has consumed the last one. With reads far smaller than the stream's buffer (each write
 * returns true at once), a loop that moved on before zlib was done would inflate bytes already overwritten
 * by a later read: these tests would then find the entry corrupt or count the wrong rows.
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
	OPTIONS_HEADER,
	rowsFile,
} from '../../fixtures/archive/archive-builder';

/** Far below zlib's 16 KiB stream buffer, so a write never waits for 'drain'. */
const READ_BYTES = 4093;
const ROWS = 12000;
const ROWS_ENTRY = 'db/wp_options.rows.ndjson';

let dir: string;
let archive: string;

beforeAll( async () => {
	dir = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-scan-large-' ) );
	const writer = await ArchiveWriter.open( path.join( dir, 'storage' ) );
	await writer.addBuffer( 'db/wp_options.schema.sql', Buffer.from( 'x' ) );
	// Random hex barely compresses, so the deflated entry stays over the size read apart.
	await writer.addBuffer(
		ROWS_ENTRY,
		rowsFile(
			OPTIONS_HEADER,
			Array.from( { length: ROWS }, ( _, i ) => [
				String( i + 1 ),
				`name_${ i }`,
				randomBytes( 128 ).toString( 'hex' ),
			] )
		)
	);
	const manifest = baseManifest();
	manifest.sections.tables = [ { name: 'wp_options', rows: ROWS } ];
	archive = ( await writer.finish( manifest ) ).path;
} );
afterAll( async () => {
	await fs.rm( dir, { recursive: true, force: true } );
} );

async function scan( file: string ) {
	const reader = await ArchiveReader.open( file );
	const targets = reader.scanTargets( reader.manifest.entries.paths() );
	return scanWithRows( file, targets, 1048576, { readBytes: READ_BYTES } );
}

describe( 'a large deflated entry read apart with reused buffers', () => {
	it( 'is deflated and large enough to be read apart (the premise of the other tests)', async () => {
		const reader = await ArchiveReader.open( archive );
		const [ target ] = reader.scanTargets( [ ROWS_ENTRY ] );
		expect( target.deflated ).toBe( true );
		expect( target.compressedSize ).toBeGreaterThan( SMALL_ENTRY_BYTES );
	} );

	it( 'passes and counts every row though it spans hundreds of reads', async () => {
		const result = await scan( archive );
		expect( result.broken.size ).toBe( 0 );
		expect( result.checked ).toBe( 2 );
		expect( result.rows.get( ROWS_ENTRY ) ).toEqual( { rows: ROWS } );
	} );

	it( 'names that entry alone when one byte in its middle is flipped', async () => {
		const reader = await ArchiveReader.open( archive );
		const [ target ] = reader.scanTargets( [ ROWS_ENTRY ] );
		const bytes = await fs.readFile( archive );
		bytes[ target.dataStart + Math.floor( target.compressedSize / 2 ) ] ^=
			0x10;
		const damaged = path.join( dir, 'damaged.zip' );
		await fs.writeFile( damaged, bytes );
		const result = await scan( damaged );
		expect( [ ...result.broken.keys() ] ).toEqual( [ ROWS_ENTRY ] );
		expect( result.checked ).toBe( 2 );
	} );
} );
