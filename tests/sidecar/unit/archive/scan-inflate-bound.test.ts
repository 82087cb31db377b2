/**
 * verify's pass inflates a small deflated entry in one call, into one buffer of its declared size. An entry
 * small only once deflated (text expands many times, up to the 200-fold limits.ts allows) must stream like a
 * large one instead: otherwise a 1 MiB entry could take a 200 MiB buffer, whatever the read size.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	SMALL_ENTRY_BYTES,
	scanEntries,
} from '../../../../sidecar/src/archive/entry-scan';
import { scanWithRows } from '../../../../sidecar/src/archive/rows-scan';
import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { ArchiveWriter } from '../../../../sidecar/src/archive/zip-writer';
import {
	baseManifest,
	flipBitInEntry,
	OPTIONS_HEADER,
	rowsFile,
} from '../../fixtures/archive/archive-builder';

const READ_BYTES = 64 * 1024;
const TEXT_PATH = 'files/wp-content/uploads/export.csv';
const ROWS_PATH = 'db/wp_options.rows.ndjson';
const ROWS = 100000;

let dir: string;
let archive: string;

/** Repetitive text as a site holds it (exports, logs): several MiB that deflate to far under 1 MiB. */
function compressibleText(): Buffer {
	return Buffer.from(
		Array.from(
			{ length: 80000 },
			( _, i ) => `${ i },order,${ i % 97 },shipped,2026-12-${ i % 28 }\n`
		).join( '' )
	);
}

beforeAll( async () => {
	dir = await fs.mkdtemp(
		path.join( os.tmpdir(), 'syteops-inflate-bound-' )
	);
	const writer = await ArchiveWriter.open( path.join( dir, 'storage' ) );
	await writer.addBuffer( 'db/wp_options.schema.sql', Buffer.from( 'x' ) );
	await writer.addBuffer(
		ROWS_PATH,
		rowsFile(
			OPTIONS_HEADER,
			Array.from( { length: ROWS }, ( _, i ) => [
				String( i + 1 ),
				`option_${ i % 50 }`,
				'yes',
			] )
		)
	);
	await writer.addBuffer( TEXT_PATH, compressibleText() );
	const manifest = baseManifest();
	manifest.sections.tables = [ { name: 'wp_options', rows: ROWS } ];
	manifest.sections.media_files = 1;
	archive = ( await writer.finish( manifest ) ).path;
} );
afterAll( async () => {
	await fs.rm( dir, { recursive: true, force: true } );
} );

async function targetsOf( file: string ) {
	const reader = await ArchiveReader.open( file );
	return reader.scanTargets( reader.manifest.entries.paths() );
}

describe( 'an entry small when deflated but large when inflated', () => {
	it( 'is what this test is about: deflated under the one-call bound, inflated well over it', async () => {
		const targets = await targetsOf( archive );
		for ( const entryPath of [ TEXT_PATH, ROWS_PATH ] ) {
			const target = targets.find( ( t ) => t.path === entryPath );
			expect( target?.deflated ).toBe( true );
			expect( target?.compressedSize ).toBeLessThan( SMALL_ENTRY_BYTES );
			expect( target?.size ).toBeGreaterThan( 2 * SMALL_ENTRY_BYTES );
		}
	} );

	it( 'reaches its checks in chunks no larger than a read, and passes', async () => {
		const largest = new Map< string, number >();
		const result = await scanEntries(
			archive,
			await targetsOf( archive ),
			( target ) => ( chunk ) =>
				largest.set(
					target.path,
					Math.max( largest.get( target.path ) ?? 0, chunk.length )
				),
			{ readBytes: READ_BYTES }
		);
		expect( result.broken.size ).toBe( 0 );
		expect( largest.get( TEXT_PATH ) ).toBeLessThanOrEqual( READ_BYTES );
		expect( largest.get( ROWS_PATH ) ).toBeLessThanOrEqual( READ_BYTES );
	} );

	it( 'still has every row counted', async () => {
		const result = await scanWithRows(
			archive,
			await targetsOf( archive ),
			1048576,
			{ readBytes: READ_BYTES }
		);
		expect( result.broken.size ).toBe( 0 );
		expect( result.rows.get( ROWS_PATH ) ).toEqual( { rows: ROWS } );
	} );

	it( 'is still the one finding when a bit in it is flipped', async () => {
		const damaged = await flipBitInEntry(
			archive,
			TEXT_PATH,
			path.join( dir, 'damaged.zip' )
		);
		const result = await scanEntries(
			damaged,
			await targetsOf( damaged ),
			() => () => undefined,
			{ readBytes: READ_BYTES }
		);
		expect( [ ...result.broken.keys() ] ).toEqual( [ TEXT_PATH ] );
		expect( result.checked ).toBe( 3 );
	} );
} );
