/**
 * The cross-site import gate on the real stack, through WordPress REST: with the gate enabled on site B, an
 * archive of site A is refused when A's site id is not on B's allowlist (nothing registered, the upload
 * removed, the refusal audited) and accepted once it is.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type mysql from 'mysql2/promise';

import { waitForJob } from '../../../support/jobs';
import { dbConnection } from '../../../support/site-fingerprint';
import { loadStackEnv } from '../../../support/stack';
import { downloadArchive, uploadArchive } from '../../../support/transfer';
import { WpRest } from '../../../support/wp-rest';

const stack = loadStackEnv();
const api = '/syteops/v1';

interface Gate {
	enabled: boolean;
	allowed_source_site_ids: string[];
	site_id: string;
}

async function uploadedCountOnB(): Promise< number > {
	const conn = await dbConnection( stack, stack.DB2_NAME );
	try {
		const [ rows ] = await conn.query< mysql.RowDataPacket[] >(
			`SELECT COUNT(*) AS n FROM ${ stack.TABLE2_PREFIX }syteops_backups WHERE type = 'uploaded'`
		);
		return Number( rows[ 0 ].n );
	} finally {
		await conn.end();
	}
}

/** What B's storage holds for uploads in progress. */
async function uploadFiles(): Promise< string[] > {
	return (
		await fs.readdir( path.join( stack.STORAGE2_DIR, 'uploads' ) )
	).sort();
}

describe( 'cross-site import gate', () => {
	it( 'refuses an upload from a site not on the allowlist, keeping nothing, and accepts it once allowlisted', async () => {
		const adminA = WpRest.forUser( stack, stack.WP_ADMIN_USER, 'a' );
		const adminB = WpRest.forUser( stack, stack.WP_ADMIN_USER, 'b' );
		const siteA = (
			await adminA.request< Gate >(
				'GET',
				`${ api }/settings/import-gate`
			)
		).body.site_id;
		const before = await adminB.request< Gate >(
			'GET',
			`${ api }/settings/import-gate`
		);
		expect( before.status ).toBe( 200 );
		expect( before.body.site_id ).toMatch( /^[0-9a-f]{32}$/ );
		expect( before.body.site_id ).not.toBe( siteA );

		const started = await adminA.request< { job_id: string } >(
			'POST',
			`${ api }/backups`,
			{
				label: 'import gate test',
			}
		);
		const backup = await waitForJob( adminA, started.body.job_id );
		const bytes = await downloadArchive(
			adminA,
			backup.snapshot_id as string
		);

		try {
			const other = 'e'.repeat( 32 );
			const saved = await adminB.request< Gate >(
				'PUT',
				`${ api }/settings/import-gate`,
				{
					enabled: true,
					allowed_source_site_ids: [ other ],
				}
			);
			expect( saved.status ).toBe( 200 );
			expect( saved.body ).toMatchObject( {
				enabled: true,
				allowed_source_site_ids: [ other ],
			} );

			const countBefore = await uploadedCountOnB();
			const filesBefore = await uploadFiles();
			const refused = await uploadArchive( adminB, bytes );
			expect( refused.status ).toBe( 403 );
			expect( refused.body.code ).toBe(
				'syteops_cross_site_not_allowed'
			);
			expect( refused.body.message ).toContain( siteA );
			expect( refused.body.message ).toContain( stack.WP_URL );
			expect( await uploadedCountOnB() ).toBe( countBefore );
			expect( await uploadFiles() ).toEqual( filesBefore );

			const bad = await adminB.request< { code: string } >(
				'PUT',
				`${ api }/settings/import-gate`,
				{
					allowed_source_site_ids: [ 'not-a-site-id' ],
				}
			);
			expect( bad.status ).toBe( 400 );

			await adminB.request( 'PUT', `${ api }/settings/import-gate`, {
				allowed_source_site_ids: [ other, siteA ],
			} );
			const accepted = await uploadArchive( adminB, bytes );
			expect( accepted.status ).toBe( 200 );
			expect( accepted.body.backup_id ).toMatch( /^[0-9a-f]{32}$/ );
			expect( await uploadedCountOnB() ).toBe( countBefore + 1 );

			const conn = await dbConnection( stack, stack.DB2_NAME );
			try {
				const [ rows ] = await conn.query< mysql.RowDataPacket[] >(
					`SELECT action, change_shape FROM ${ stack.TABLE2_PREFIX }syteops_audit WHERE action IN ('upload.refused', 'settings.import_gate') ORDER BY id DESC LIMIT 3`
				);
				expect( rows.map( ( r ) => r.action ) ).toEqual( [
					'settings.import_gate',
					'upload.refused',
					'settings.import_gate',
				] );
				expect(
					JSON.parse( String( rows[ 1 ].change_shape ) )
				).toMatchObject( { site_id: siteA } );
			} finally {
				await conn.end();
			}
		} finally {
			await adminB.request( 'PUT', `${ api }/settings/import-gate`, {
				enabled: before.body.enabled,
				allowed_source_site_ids: before.body.allowed_source_site_ids,
			} );
		}
	} );
} );
