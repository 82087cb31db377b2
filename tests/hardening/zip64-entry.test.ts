/**
 * Archives over 4 GiB need ZIP64 records: an entry over 4 GiB gets 8-byte sizes in its data descriptor,
 * and every entry whose local header starts past 4 GiB gets a ZIP64 extra field in the directory. A site
 * with one large video, a multi-gigabyte table or just a lot of media has them. These write such an
 * archive (4.3 GiB, one stored entry over 4 GiB and one entry after it) and prove that verify accepts it
 * and that Info-ZIP's `unzip -t`, an independent reader, finds every entry intact. The second test does
 * the same for an archive written by archiver, the writer earlier versions used, so their backups over
 * 4 GiB stay readable.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';

import { MANIFEST_PATH } from '../../sidecar/src/archive/manifest';
import { verifyArchive } from '../../sidecar/src/archive/verify';
import { ArchiveWriter } from '../../sidecar/src/archive/zip-writer';
import { baseManifest } from '../sidecar/fixtures/archive/archive-builder';
import { loadArchiver } from '../sidecar/fixtures/archive/archiver-reference';

const run = promisify( execFile );
const CHUNK = randomBytes( 4 * 1024 * 1024 );
const OVER_4_GIB = 4 * 1024 ** 3 + 3 * CHUNK.length;
const BIG = 'files/wp-content/uploads/huge.mp4'; // stored: incompressible, as real video is
const AFTER = 'files/wp-content/uploads/after.txt';
const AFTER_BYTES = Buffer.from(
	'an entry whose local header is past 4 GiB\n'
);

function incompressible( total: number ): Readable {
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

function manifestBase() {
	return {
		...baseManifest(),
		sections: { ...baseManifest().sections, tables: [], media_files: 2 },
	};
}

async function expectReadable( file: string ): Promise< void > {
	const report = await verifyArchive( file );
	expect( report.findings ).toEqual( [] );
	expect( report.ok ).toBe( true );
	const { stdout } = await run( 'unzip', [ '-tq', file ], {
		maxBuffer: 1024 * 1024,
	} );
	expect( stdout ).toMatch( /^No errors detected/ );
}

let dir: string;
beforeEach( async () => {
	dir = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-zip64-' ) );
} );
afterEach( async () => {
	await fs.rm( dir, { recursive: true, force: true } );
} );

it( 'writes a 4.3 GiB archive with ZIP64 records that verify and unzip -t read whole', async () => {
	const writer = await ArchiveWriter.open( path.join( dir, 'storage' ) );
	const big = await writer.addStream( BIG, incompressible( OVER_4_GIB ) );
	expect( big.size ).toBe( OVER_4_GIB );
	await writer.addBuffer( AFTER, AFTER_BYTES );
	const done = await writer.finish( manifestBase() );
	expect( done.size ).toBeGreaterThan( OVER_4_GIB );
	await expectReadable( done.path );
} );

it( 'reads a 4.3 GiB archive written by archiver, the writer of earlier versions', async () => {
	// The manifest lists the entries as the old writer did (sizes and SHA-256 taken while writing).
	const hashOf = ( chunks: Buffer[] ) =>
		chunks
			.reduce( ( h, c ) => h.update( c ), createHash( 'sha256' ) )
			.digest( 'hex' );
	const bigHash = createHash( 'sha256' );
	for ( let left = OVER_4_GIB; left > 0; left -= CHUNK.length ) {
		bigHash.update( CHUNK.subarray( 0, Math.min( left, CHUNK.length ) ) );
	}
	const manifest = {
		...manifestBase(),
		entries: [
			{
				path: BIG,
				size: OVER_4_GIB,
				sha256: bigHash.digest( 'hex' ),
				compressed: false,
			},
			{
				path: AFTER,
				size: AFTER_BYTES.length,
				sha256: hashOf( [ AFTER_BYTES ] ),
				compressed: true,
			},
		],
	};
	const file = path.join( dir, 'old.zip' );
	const { ZipArchive } = loadArchiver();
	const zip = new ZipArchive( { zlib: { level: 1 } } );
	const out = createWriteStream( file );
	const closed = new Promise< void >( ( resolve ) =>
		out.on( 'close', () => resolve() )
	);
	zip.pipe( out );
	const entry = { mode: 0o100644 };
	zip.append( incompressible( OVER_4_GIB ), {
		...entry,
		name: BIG,
		store: true,
	} );
	zip.append( Readable.from( [ AFTER_BYTES ] ), { ...entry, name: AFTER } );
	zip.append(
		Readable.from( [ Buffer.from( JSON.stringify( manifest ) ) ] ),
		{
			...entry,
			name: MANIFEST_PATH,
		}
	);
	await zip.finalize();
	await closed;
	await expectReadable( file );
} );
