/**
 * Every malformed-archive kind of the shared corpus that triggers under the default limits, uploaded through
 * the real REST API as the administrator and completed: refused with its own named error, and nothing
 * written — the storage directory, the catalog and the site are identical before and after.
 */
import { promises as fs } from 'node:fs';

import { corpus } from '../../../sidecar/fixtures/archive/malformed-corpus';
import { dbConnection, fingerprint } from '../../../support/site-fingerprint';
import { loadStackEnv } from '../../../support/stack';
import { WpRest } from '../../../support/wp-rest';

const stack = loadStackEnv();
const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );

async function storageListing(): Promise< string[] > {
	const top = await fs.readdir( stack.STORAGE_DIR );
	const uploads = await fs
		.readdir( `${ stack.STORAGE_DIR }/uploads` )
		.catch( () => [] as string[] );
	return [ ...top, ...uploads.map( ( u ) => `uploads/${ u }` ) ].sort();
}

async function catalogRows(): Promise< unknown > {
	const conn = await dbConnection( stack );
	try {
		const [ rows ] = await conn.query(
			`SELECT id, status FROM ${ stack.TABLE_PREFIX }syteops_backups ORDER BY id`
		);
		return rows;
	} finally {
		await conn.end();
	}
}

async function uploadAndComplete(
	archive: Buffer
): Promise< { status: number; code: string } > {
	const opened = await admin.request< { upload_id: string } >(
		'POST',
		'/syteops/v1/uploads',
		{ filename: 'hostile.zip', size: archive.length }
	);
	const id = opened.body.upload_id;
	if ( archive.length > 0 ) {
		await admin.request(
			'PUT',
			`/syteops/v1/uploads/${ id }?offset=0`,
			archive
		);
	}
	const done = await admin.request< { code: string } >(
		'POST',
		`/syteops/v1/uploads/${ id }/complete`
	);
	return { status: done.status, code: done.body.code };
}

// An empty file cannot be uploaded at all (an upload declares at least one byte); the unit corpus covers it.
const restCases = corpus
	.filter( ( [ , build, , limits ] ) => ! limits && build().length > 0 )
	.map( ( [ kind, build, code ] ) => ( { kind, build, code } ) );

describe( 'malformed archives uploaded through the REST API', () => {
	let before: { storage: string[]; catalog: unknown; site: unknown };

	beforeAll( async () => {
		// The application password's first use records last_used in usermeta: let that happen first.
		await admin.request( 'GET', '/syteops/v1/backups' );
		before = {
			storage: await storageListing(),
			catalog: await catalogRows(),
			site: await fingerprint( stack ),
		};
	} );

	it.each( restCases )(
		'refuses $kind with $code',
		async ( { build, code, kind } ) => {
			const archive = build();
			const result = await uploadAndComplete( archive );
			if ( archive.length === 0 ) {
				// An empty upload never completes: one byte was declared and none arrived.
				expect( result.code ).toBe( 'syteops_upload_incomplete' );
				return;
			}
			expect( { kind, code: result.code } ).toEqual( { kind, code } );
			expect( result.status ).toBeGreaterThanOrEqual( 400 );
			expect( await storageListing() ).toEqual( before.storage );
		}
	);

	it( 'left the storage directory, the catalog and the site exactly as they were', async () => {
		expect( await storageListing() ).toEqual( before.storage );
		expect( await catalogRows() ).toEqual( before.catalog );
		expect( await fingerprint( stack ) ).toEqual( before.site );
	} );
} );
