/**
 * Catalog rules through the real REST API: one backup at a time (a second gets 409), pinned snapshots cannot
 * be deleted, the most recent available snapshot cannot be deleted while no schedule is configured, deleted
 * snapshots keep their catalog row, and no secret value of the site is in any entry of an archive.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { dbConnection } from '../../../support/site-fingerprint';
import { waitForJob } from '../../../support/jobs';
import { loadStackEnv } from '../../../support/stack';
import { WpRest } from '../../../support/wp-rest';

const stack = loadStackEnv();
const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
const api = '/syteops/v1';

async function backup( label: string ): Promise< string > {
	const { body } = await admin.request< { job_id: string } >(
		'POST',
		`${ api }/backups`,
		{ label }
	);
	return ( await waitForJob( admin, body.job_id ) ).snapshot_id as string;
}

describe( 'catalog rules', () => {
	it( 'answers a second backup started while one runs with 409 syteops_busy', async () => {
		// A small site backs up in a fraction of a second, so the first backup is held mid-dump: a write lock
		// on a SyteOps table that only the dump reads (WordPress's own requests never touch it) makes the
		// dump wait until the test releases it, whatever the machine's speed.
		const holder = await dbConnection( stack );
		await holder.query(
			`LOCK TABLES \`${ stack.TABLE_PREFIX }syteops_notes\` WRITE`
		);
		let firstJob = '';
		try {
			const first = await admin.request< { job_id: string } >(
				'POST',
				`${ api }/backups`,
				{ label: 'first' }
			);
			expect( first.status ).toBe( 202 );
			firstJob = first.body.job_id;
			const second = await admin.request< {
				code: string;
				message: string;
			} >( 'POST', `${ api }/backups`, { label: 'second' } );
			expect( second.status ).toBe( 409 );
			expect( second.body.code ).toBe( 'syteops_busy' );
			expect( second.body.message ).toContain( firstJob );
		} finally {
			await holder.query( 'UNLOCK TABLES' );
			await holder.end();
		}
		const done = await waitForJob( admin, firstJob );
		expect( done.state ).toBe( 'succeeded' );
	} );

	it( 'refuses to delete a pinned snapshot, and the newest one while no schedule exists, and keeps deleted rows', async () => {
		const older = await backup( 'older' );
		// taken_at has one-second resolution: make "newest" unambiguous.
		await new Promise( ( resolve ) => setTimeout( resolve, 1100 ) );
		const newest = await backup( 'newest' );

		const pinned = await admin.request< {
			pinned: boolean;
			pin_label: string;
		} >( 'POST', `${ api }/backups/${ older }/pin`, { label: 'keep me' } );
		expect( pinned.body ).toMatchObject( {
			pinned: true,
			pin_label: 'keep me',
		} );
		const deletePinned = await admin.request< { code: string } >(
			'DELETE',
			`${ api }/backups/${ older }`
		);
		expect( [ deletePinned.status, deletePinned.body.code ] ).toEqual( [
			409,
			'syteops_snapshot_pinned',
		] );

		const deleteNewest = await admin.request< { code: string } >(
			'DELETE',
			`${ api }/backups/${ newest }`
		);
		expect( [ deleteNewest.status, deleteNewest.body.code ] ).toEqual( [
			409,
			'syteops_last_snapshot',
		] );

		await admin.request( 'DELETE', `${ api }/backups/${ older }/pin` );
		const deleted = await admin.request< { status: string } >(
			'DELETE',
			`${ api }/backups/${ older }`
		);
		expect( deleted.body.status ).toBe( 'deleted' );
		const still = await admin.request< { status: string } >(
			'GET',
			`${ api }/backups/${ older }`
		);
		expect( still.body.status ).toBe( 'deleted' );
		const download = await admin.request< { code: string } >(
			'GET',
			`${ api }/backups/${ older }/download`
		);
		expect( download.body.code ).toBe( 'syteops_snapshot_not_available' );
	} );

	it( 'writes no secret value of the site into any archive entry, and lists the secrets by name', async () => {
		const conn = await dbConnection( stack );
		let secrets: string[];
		try {
			const [ rows ] = await conn.query(
				`SELECT value FROM ${ stack.TABLE_PREFIX }syteops_secrets`
			);
			secrets = ( rows as { value: string }[] )
				.map( ( r ) => r.value )
				.filter( ( v ) => v.length >= 8 );
		} finally {
			await conn.end();
		}
		expect( secrets.length ).toBeGreaterThan( 0 );
		const id = await backup( 'secrets' );
		const dir = await fs.mkdtemp(
			path.join( os.tmpdir(), 'syteops-secrets-' )
		);
		try {
			const response = await fetch(
				`${ admin.baseUrl }/wp-json${ api }/backups/${ id }/download`,
				{
					headers: { authorization: admin.auth },
				}
			);
			const zip = path.join( dir, 'a.zip' );
			await fs.writeFile(
				zip,
				Buffer.from( await response.arrayBuffer() )
			);
			// Every entry decompressed, end to end, as one text to search.
			const everything = execFileSync( 'unzip', [ '-p', zip ], {
				maxBuffer: 1024 * 1024 * 1024,
			} ).toString( 'latin1' );
			expect( everything.length ).toBeGreaterThan( 100_000 );
			for ( const secret of secrets ) {
				expect( everything.includes( secret ) ).toBe( false );
			}
			const manifest = JSON.parse(
				execFileSync( 'unzip', [
					'-p',
					zip,
					'manifest.json',
				] ).toString()
			);
			expect( manifest.secrets_excluded ).toEqual(
				expect.arrayContaining( [
					'integrations.stripe.secret_key',
					'license.product_key',
				] )
			);
		} finally {
			await fs.rm( dir, { recursive: true, force: true } );
		}
	} );
} );
