/**
 * An entry over 4 GiB needs ZIP64 records (8-byte sizes in the data descriptor, a ZIP64 extra field in the
 * directory). A site with one large video or a multi-gigabyte table gets one; this writes such an entry
 * (zeros, so it is small on disk) and proves verify accepts the archive and reads the entry back whole.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';

import { verifyArchive } from '../../sidecar/src/archive/verify';
import { ArchiveWriter } from '../../sidecar/src/archive/zip-writer';
import { baseManifest } from '../sidecar/fixtures/archive/archive-builder';

const CHUNK = randomBytes( 4 * 1024 * 1024 );
const OVER_4_GIB = 4 * 1024 ** 3 + 3 * CHUNK.length;

function zeros( total: number ): Readable {
	let left = total;
	return new Readable( {
		read() {
			if ( left <= 0 ) {
				this.push( null );
				return;
			}
			const n = Math.min( left, CHUNK.length );
			left -= n;
			this.push( CHUNK.subarray( 0, n ) );
		},
	} );
}

let dir: string;
beforeAll( async () => {
	dir = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-zip64-' ) );
} );
afterAll( async () => {
	await fs.rm( dir, { recursive: true, force: true } );
} );

it( 'writes an entry over 4 GiB with ZIP64 records that verify accepts and reads back whole', async () => {
	const writer = await ArchiveWriter.open( path.join( dir, 'storage' ) );
	await writer.addBuffer(
		'db/wp_options.schema.sql',
		Buffer.from( 'CREATE TABLE `wp_options` (x int);\n' )
	);
	const big = await writer.addStream(
		'files/wp-content/uploads/huge.mp4',
		zeros( OVER_4_GIB )
	);
	expect( big.size ).toBe( OVER_4_GIB );
	await writer.addBuffer(
		'files/wp-content/uploads/after.txt',
		Buffer.from( 'an entry whose local header is past 4 GiB\n' )
	);
	const done = await writer.finish( {
		...baseManifest(),
		sections: {
			...baseManifest().sections,
			tables: [],
			media_files: 2,
		},
	} );
	const report = await verifyArchive( done.path );
	expect( report.findings ).toEqual( [] );
	expect( report.ok ).toBe( true );
} );
