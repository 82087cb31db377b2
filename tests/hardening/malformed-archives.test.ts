/**
 * Malformed archives: every kind of the shared corpus that triggers under the default limits (the kinds
 * that need lowered limits have default-limit counterparts: ZIP64 counts and sizes, a row over 64 MiB) is
 * uploaded through WordPress's REST API as the administrator, in chunks, and completed. Each must be refused
 * with its own named error and write nothing: every table of the site database (the backup's own catalog,
 * jobs and audit log included) checksums the same, and the storage directory holds the same files, before
 * and after the whole corpus.
 *
 * An empty file is left out: an upload declares at least one byte, so it is refused when opened
 * (the unit corpus covers its `syteops_archive_truncated`).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type mysql from 'mysql2/promise';

import { corpus } from '../sidecar/fixtures/archive/malformed-corpus';
import { dbConnection, fingerprint } from '../support/site-fingerprint';
import { loadStackEnv } from '../support/stack';
import { WpRest } from '../support/wp-rest';
import { API, printSummary } from './support/backups';

const stack = loadStackEnv();
const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
/** Smaller than the sidecar's advertised chunk size, so the larger kinds arrive in several chunks. */
const MAX_CHUNK = 256 * 1024;

const kinds = corpus
	.filter( ( [ , build, , limits ] ) => ! limits && build().length > 0 )
	.map( ( [ kind, build, code ] ) => ( { kind, build, code } ) );

async function databaseChecksums(): Promise< Record< string, string > > {
	const conn = await dbConnection( stack );
	try {
		const [ rows ] =
			await conn.query< mysql.RowDataPacket[] >( 'SHOW TABLES' );
		const sums: Record< string, string > = {};
		for ( const name of rows
			.map( ( r ) => String( Object.values( r )[ 0 ] ) )
			.sort() ) {
			const [ sum ] = await conn.query< mysql.RowDataPacket[] >(
				'CHECKSUM TABLE ??',
				[ name ]
			);
			sums[ name ] = String( sum[ 0 ].Checksum );
		}
		return sums;
	} finally {
		await conn.end();
	}
}

async function storageFiles(
	dir = stack.STORAGE_DIR,
	out: Record< string, string > = {}
): Promise< Record< string, string > > {
	for ( const entry of await fs.readdir( dir, { withFileTypes: true } ) ) {
		const full = path.join( dir, entry.name );
		const rel = path.relative( stack.STORAGE_DIR, full );
		if ( entry.isDirectory() ) {
			out[ `${ rel }/` ] = 'dir';
			await storageFiles( full, out );
		} else {
			out[ rel ] = createHash( 'sha256' )
				.update( await fs.readFile( full ) )
				.digest( 'hex' );
		}
	}
	return out;
}

async function uploadInChunks(
	archive: Buffer
): Promise< { status: number; code: string; chunks: number } > {
	const opened = await admin.request< {
		upload_id: string;
		chunk_size: number;
	} >( 'POST', `${ API }/uploads`, {
		filename: 'hostile.zip',
		size: archive.length,
	} );
	if ( opened.status !== 201 ) {
		throw new Error(
			`upload not opened: ${ JSON.stringify( opened.body ) }`
		);
	}
	const { upload_id: id, chunk_size: advertised } = opened.body;
	const step = Math.min( advertised, MAX_CHUNK );
	let chunks = 0;
	for ( let offset = 0; offset < archive.length; offset += step ) {
		const sent = await admin.request< { received: number } >(
			'PUT',
			`${ API }/uploads/${ id }?offset=${ offset }`,
			archive.subarray( offset, offset + step )
		);
		if ( sent.status !== 200 ) {
			throw new Error(
				`chunk at ${ offset } refused: ${ JSON.stringify( sent.body ) }`
			);
		}
		chunks++;
	}
	const done = await admin.request< { code: string } >(
		'POST',
		`${ API }/uploads/${ id }/complete`
	);
	return { status: done.status, code: done.body.code, chunks };
}

describe( 'malformed archives uploaded through WordPress', () => {
	const rejected: string[] = [];
	let chunksSent = 0;
	let before: {
		db: Record< string, string >;
		storage: Record< string, string >;
		site: unknown;
	};

	beforeAll( async () => {
		// The application password's first use records last_used in usermeta: let that happen first.
		await admin.request( 'GET', `${ API }/backups` );
		before = {
			db: await databaseChecksums(),
			storage: await storageFiles(),
			site: await fingerprint( stack ),
		};
	} );

	afterAll( () => {
		printSummary(
			'malformed archives',
			`${ rejected.length }/${ kinds.length } kinds rejected with their named error through REST (${ chunksSent } chunks uploaded), database checksums and storage directory unchanged`
		);
	} );

	it( 'covers at least 30 kinds', () => {
		expect( kinds.length ).toBeGreaterThanOrEqual( 30 );
	} );

	it.each( kinds )(
		'refuses $kind with $code',
		async ( { kind, build, code } ) => {
			const result = await uploadInChunks( build() );
			chunksSent += result.chunks;
			expect( { kind, code: result.code } ).toEqual( { kind, code } );
			expect( result.status ).toBeGreaterThanOrEqual( 400 );
			expect( result.status ).toBeLessThan( 600 );
			rejected.push( kind );
		}
	);

	it( 'wrote nothing: every table checksums the same and the storage directory is unchanged', async () => {
		expect( await storageFiles() ).toEqual( before.storage );
		expect( await databaseChecksums() ).toEqual( before.db );
		expect( await fingerprint( stack ) ).toEqual( before.site );
	} );
} );
