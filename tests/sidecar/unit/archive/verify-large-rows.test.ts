/**
 * Verify checks rows entries larger than one inflate call on a worker thread (rows-check-pool.ts). These
 * tests build such an entry (over 1 MiB deflated) and prove the worker's answers are the main thread's:
 * the same row count, the same single finding for damaged bytes, the same rows finding for a bad row.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SMALL_ENTRY_BYTES } from '../../../../sidecar/src/archive/entry-scan';
import { scanRowsOnWorker } from '../../../../sidecar/src/archive/rows-check-pool';
import { scanWithRows } from '../../../../sidecar/src/archive/rows-scan';
import { verifyArchive } from '../../../../sidecar/src/archive/verify';
import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { ArchiveWriter } from '../../../../sidecar/src/archive/zip-writer';
import type { Row } from '../../../../sidecar/src/archive/row-codec';
import {
	baseManifest,
	flipBitInEntry,
	OPTIONS_HEADER,
	rowsFile,
} from '../../fixtures/archive/archive-builder';

const ROWS_ENTRY = 'db/wp_options.rows.ndjson';
const ROW_COUNT = 3000;

let dir: string;

/** Rows of incompressible text (base64 of random bytes), so the entry deflates to well over 1 MiB. */
function bulkyRows(): Row[] {
	return Array.from( { length: ROW_COUNT }, ( _, i ) => [
		String( i + 1 ),
		`option_${ i }`,
		randomBytes( 900 ).toString( 'base64' ),
	] );
}

async function writeArchive( rows: Buffer, listedRows = ROW_COUNT ) {
	const writer = await ArchiveWriter.open( path.join( dir, 'storage' ) );
	await writer.addBuffer( 'db/wp_options.schema.sql', Buffer.from( 'x' ) );
	await writer.addBuffer( ROWS_ENTRY, rows );
	await writer.addBuffer(
		'files/wp-content/uploads/a.jpg',
		Buffer.from( 'a' )
	);
	const manifest = baseManifest();
	manifest.sections.tables = [ { name: 'wp_options', rows: listedRows } ];
	return ( await writer.finish( manifest ) ).path;
}

beforeAll( async () => {
	dir = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-verify-big-' ) );
} );
afterAll( async () => {
	await fs.rm( dir, { recursive: true, force: true } );
} );

describe( 'verify of a large rows entry (worker thread)', () => {
	it( 'the fixture’s rows entry is large enough to be checked on the worker', async () => {
		const archive = await writeArchive(
			rowsFile( OPTIONS_HEADER, bulkyRows() )
		);
		const reader = await ArchiveReader.open( archive );
		const [ target ] = reader.scanTargets( [ ROWS_ENTRY ] );
		expect( target.deflated ).toBe( true );
		expect( target.compressedSize ).toBeGreaterThan( SMALL_ENTRY_BYTES );
	} );

	it( 'counts every row of the large entry and passes the archive', async () => {
		const archive = await writeArchive(
			rowsFile( OPTIONS_HEADER, bulkyRows() )
		);
		const report = await verifyArchive( archive );
		expect( report.findings ).toEqual( [] );
		expect( report.summary ).toMatchObject( {
			tables: 1,
			rows: ROW_COUNT,
			entries: 3,
			errors: 0,
		} );
	} );

	it( 'the worker returns exactly what the same scan on the main thread returns', async () => {
		const rows = bulkyRows();
		rows[ 1200 ] = [ '1201', 'only two values' ];
		const archive = await writeArchive( rowsFile( OPTIONS_HEADER, rows ) );
		const reader = await ArchiveReader.open( archive );
		const targets = reader.scanTargets( [ ROWS_ENTRY ] );
		const onWorker = await scanRowsOnWorker( archive, targets, 1048576 );
		const here = await scanWithRows( archive, targets, 1048576 );
		expect( onWorker ).toEqual( here );
		const check = onWorker.rows.get( ROWS_ENTRY );
		expect( check?.error?.code ).toBe( 'syteops_archive_rows_invalid' );
		expect( check?.error?.details ).toMatchObject( { line: 1202 } );
	} );

	it( 'reports a bad row inside the large entry as one rows finding naming its line', async () => {
		const rows = bulkyRows();
		rows[ 2000 ] = [ '2001', 'only two values' ];
		const report = await verifyArchive(
			await writeArchive( rowsFile( OPTIONS_HEADER, rows ) )
		);
		expect( report.findings ).toEqual( [
			expect.objectContaining( {
				code: 'syteops_archive_rows_invalid',
				path: ROWS_ENTRY,
				message: expect.stringContaining( '2002' ),
			} ),
		] );
	} );

	it( 'reports a flipped byte inside the large entry as exactly one finding for that entry', async () => {
		const archive = await writeArchive(
			rowsFile( OPTIONS_HEADER, bulkyRows() )
		);
		const damaged = await flipBitInEntry(
			archive,
			ROWS_ENTRY,
			path.join( dir, 'damaged.zip' )
		);
		const report = await verifyArchive( damaged );
		const errors = report.findings.filter(
			( f ) => f.severity === 'error'
		);
		expect( errors ).toHaveLength( 1 );
		expect( errors[ 0 ] ).toMatchObject( { path: ROWS_ENTRY } );
		expect( [
			'syteops_archive_checksum_mismatch',
			'syteops_archive_entry_corrupt',
			'syteops_archive_size_mismatch',
		] ).toContain( errors[ 0 ].code );
	} );

	it( 'reports a row count the manifest disagrees with, counted on the worker', async () => {
		const report = await verifyArchive(
			await writeArchive(
				rowsFile( OPTIONS_HEADER, bulkyRows() ),
				ROW_COUNT + 1
			)
		);
		expect( report.findings ).toEqual( [
			expect.objectContaining( {
				code: 'syteops_archive_section_mismatch',
				path: ROWS_ENTRY,
			} ),
		] );
	} );
} );
