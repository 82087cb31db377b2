/**
 * The post-restore license lock on the real stack, through WordPress REST: a full cross-site restore of site A
 * onto site B locks B (both encrypted-package routes answer 423) and its result carries the post-restore
 * checklist; a re-check with a license issued for another site keeps the lock with a clear error, one with no
 * key too; a re-check with B's own license releases it and the package routes work.
 */
import { readFileSync } from 'node:fs';
import type mysql from 'mysql2/promise';

import {
	issueLicense,
	modulePackage,
	templatePackage,
} from '../../../../tools/license/issue';
import { waitForJob } from '../../../support/jobs';
import { dbConnection } from '../../../support/site-fingerprint';
import { loadStackEnv } from '../../../support/stack';
import {
	downloadArchive,
	sameCredentialsOn,
	uploadArchive,
	waitForJobWithAny,
} from '../../../support/transfer';
import { WpRest } from '../../../support/wp-rest';

const stack = loadStackEnv();
const api = '/syteops/v1';
const authority = readFileSync( stack.LICENSE_AUTHORITY_KEY_FILE, 'utf8' );

interface ErrorBody {
	code: string;
	message: string;
	data: { status: number };
}

async function withSiteB< T >(
	work: ( conn: mysql.Connection ) => Promise< T >
): Promise< T > {
	const conn = await dbConnection( stack, stack.DB2_NAME );
	try {
		return await work( conn );
	} finally {
		await conn.end();
	}
}

/**
 * Saves (or, with null, removes) site B's Product License key, as the license screen would.
 * @param key
 */
function setLicenseKeyOnB( key: string | null ): Promise< unknown > {
	return withSiteB( ( conn ) =>
		key === null
			? conn.query(
					`DELETE FROM ${ stack.TABLE2_PREFIX }syteops_secrets WHERE name = 'license.product_key'`
				)
			: conn.query(
					`REPLACE INTO ${ stack.TABLE2_PREFIX }syteops_secrets (name, value, updated_by_user_id, updated_at) VALUES ('license.product_key', ?, 0, UTC_TIMESTAMP())`,
					[ key ]
				)
	);
}

async function restoreAOntoB(): Promise< {
	uploadedId: string;
	result: Record< string, unknown >;
	adminB: WpRest;
} > {
	// A's admin client first: its application password travels to B with the restore.
	const adminA = WpRest.forUser( stack, stack.WP_ADMIN_USER, 'a' );
	const started = await adminA.request< { job_id: string } >(
		'POST',
		`${ api }/backups`,
		{ label: 'license lock test' }
	);
	const backup = await waitForJob( adminA, started.body.job_id );
	expect( backup.state ).toBe( 'succeeded' );
	const bytes = await downloadArchive( adminA, backup.snapshot_id as string );

	const adminB = WpRest.forUser( stack, stack.WP_ADMIN_USER, 'b' );
	expect(
		(
			await adminB.request( 'PUT', `${ api }/settings/import-gate`, {
				enabled: false,
			} )
		).status
	).toBe( 200 );
	const uploaded = await uploadArchive( adminB, bytes );
	expect( uploaded.status ).toBe( 200 );
	const uploadedId = uploaded.body.backup_id as string;
	const restore = await adminB.request< { job_id: string } >(
		'POST',
		`${ api }/backups/${ uploadedId }/restore`,
		{ confirm: true, url_rewrite: true }
	);
	expect( restore.status ).toBe( 202 );
	const done = await waitForJobWithAny(
		[ adminB, sameCredentialsOn( adminA, stack.WP2_URL ) ],
		restore.body.job_id
	);
	expect( done.error ).toBeNull();
	return {
		uploadedId,
		result: done.result as Record< string, unknown >,
		adminB: WpRest.forUser( stack, stack.WP_ADMIN_USER, 'b' ),
	};
}

async function packageRoutes( rest: WpRest, version: string ) {
	const module = await rest.request< ErrorBody & Record< string, unknown > >(
		'POST',
		`${ api }/modules/notes/update`,
		{ package: modulePackage( authority, 'notes', version ) }
	);
	const template = await rest.request<
		ErrorBody & Record< string, unknown >
	>( 'POST', `${ api }/workflow-templates/import`, {
		package: templatePackage( authority, {
			id: 'lead-follow-up',
			name: 'Lead follow-up',
			version,
			template: { steps: [ { action: 'email', to: 'owner' } ] },
		} ),
	} );
	return { module, template };
}

interface Checklist {
	license_recheck: { required: boolean };
	integrations: Array< {
		card: string;
		secret_fields: Array< { name: string } >;
	} >;
	profile_pictures: {
		total: number;
		items: Array< {
			user_id: number;
			user_login: string;
			url: string;
			url_now: string;
			file_in_archive: boolean;
		} >;
	};
}

/**
 * The checklist of a restore of A onto B lists every integration card of A with secret fields and exactly
 * the users of A whose profile picture is in A's media library, rewritten to B's URL.
 * @param checklist
 */
async function expectChecklistOfA( checklist: Checklist ): Promise< void > {
	expect( checklist.license_recheck.required ).toBe( true );
	expect( checklist.integrations.map( ( c ) => c.card ).sort() ).toEqual( [
		'flowmattic',
		'mailchimp',
		'slack',
		'stripe',
	] );
	expect(
		checklist.integrations
			.find( ( c ) => c.card === 'stripe' )
			?.secret_fields.map( ( f ) => f.name )
	).toEqual( [
		'integrations.stripe.secret_key',
		'integrations.stripe.webhook_signing_key',
	] );
	const conn = await dbConnection( stack );
	try {
		const [ rows ] = await conn.query< mysql.RowDataPacket[] >(
			`SELECT m.user_id, u.user_login, m.meta_value FROM ${ stack.TABLE_PREFIX }usermeta m JOIN ${ stack.TABLE_PREFIX }users u ON u.ID = m.user_id WHERE m.meta_key = 'syteops_profile_picture_url' ORDER BY m.user_id`
		);
		const inLibrary = rows.filter( ( r ) =>
			String( r.meta_value ).startsWith(
				`${ stack.WP_URL }/wp-content/uploads/`
			)
		);
		expect( inLibrary.length ).toBeGreaterThan( 0 );
		expect( inLibrary.length ).toBeLessThan( rows.length );
		expect( checklist.profile_pictures.total ).toBe( inLibrary.length );
		expect(
			checklist.profile_pictures.items.map( ( p ) => [
				p.user_id,
				p.user_login,
				p.url,
			] )
		).toEqual(
			inLibrary.map( ( r ) => [
				Number( r.user_id ),
				String( r.user_login ),
				String( r.meta_value ),
			] )
		);
		for ( const item of checklist.profile_pictures.items ) {
			expect( item.url_now ).toBe(
				item.url.replace( stack.WP_URL, stack.WP2_URL )
			);
			expect( item.file_in_archive ).toBe( true );
		}
	} finally {
		await conn.end();
	}
}

describe( 'post-restore license lock', () => {
	it( 'locks B after a cross-site restore, keeps it for a license of another site, and releases it for B’s own license', async () => {
		const { uploadedId, result, adminB } = await restoreAOntoB();
		expect( result.license_locked ).toBe( true );
		await expectChecklistOfA( result.checklist as Checklist );

		const state = await adminB.request< Record< string, unknown > >(
			'GET',
			`${ api }/license`
		);
		expect( state.status ).toBe( 200 );
		expect( state.body ).toMatchObject( {
			locked: true,
			locked_by_restore: uploadedId,
			recheck_route: '/syteops/v1/license/recheck',
		} );

		const locked = await packageRoutes( adminB, '1.1.0' );
		for ( const answer of [ locked.module, locked.template ] ) {
			expect( answer.status ).toBe( 423 );
			expect( answer.body.code ).toBe( 'syteops_license_locked' );
			expect( answer.body.message ).toContain(
				'Re-check the Product License'
			);
		}

		const aLicense = issueLicense( authority, { site: stack.WP_URL } );
		await setLicenseKeyOnB( aLicense );
		const mismatch = await adminB.request< ErrorBody >(
			'POST',
			`${ api }/license/recheck`
		);
		expect( mismatch.status ).toBe( 409 );
		expect( mismatch.body.code ).toBe( 'syteops_license_site_mismatch' );
		expect( mismatch.body.message ).toContain( stack.WP_URL );
		expect( mismatch.body.message ).toContain( stack.WP2_URL );
		expect( JSON.stringify( mismatch.body ) ).not.toContain( aLicense );
		expect(
			(
				await adminB.request< { locked: boolean } >(
					'GET',
					`${ api }/license`
				)
			).body.locked
		).toBe( true );
		expect( ( await packageRoutes( adminB, '1.1.0' ) ).module.status ).toBe(
			423
		);

		const bLicense = issueLicense( authority, {
			site: stack.WP2_URL,
			plan: 'agency',
		} );
		await setLicenseKeyOnB( bLicense );
		const released = await adminB.request< {
			locked: boolean;
			license: Record< string, unknown >;
		} >( 'POST', `${ api }/license/recheck` );
		expect( released.status ).toBe( 200 );
		expect( released.body.locked ).toBe( false );
		expect( released.body.license ).toMatchObject( {
			status: 'active',
			plan: 'agency',
			licensed_site: stack.WP2_URL,
		} );
		expect( JSON.stringify( released.body ) ).not.toContain( bLicense );

		const open = await packageRoutes( adminB, '1.1.0' );
		expect( open.module.status ).toBe( 200 );
		expect( open.module.body ).toMatchObject( {
			module: 'notes',
			version: '1.1.0',
		} );
		expect( open.template.status ).toBe( 201 );
		expect( open.template.body ).toMatchObject( {
			id: 'lead-follow-up',
			replaced: false,
		} );
		const again = await packageRoutes( adminB, '1.1.0' );
		expect( again.module.body.code ).toBe( 'syteops_package_not_newer' );
		expect( again.template.status ).toBe( 200 );

		const audit = await withSiteB( async ( conn ) => {
			const [ rows ] = await conn.query< mysql.RowDataPacket[] >(
				`SELECT action, change_shape FROM ${ stack.TABLE2_PREFIX }syteops_audit WHERE action IN ('license.recheck', 'restore.finish') AND (snapshot_id = ? OR snapshot_id IS NULL) ORDER BY id DESC LIMIT 5`,
				[ uploadedId ]
			);
			return rows.map( ( r ) => ( {
				action: r.action as string,
				change: JSON.parse( String( r.change_shape ) ),
			} ) );
		} );
		expect( audit.map( ( a ) => a.action ) ).toEqual(
			expect.arrayContaining( [ 'license.recheck', 'restore.finish' ] )
		);
		expect(
			audit.find( ( a ) => a.action === 'restore.finish' )?.change
		).toMatchObject( { license_locked: true } );
		expect(
			audit
				.filter( ( a ) => a.action === 'license.recheck' )
				.map( ( a ) => a.change.result )
				.slice( 0, 2 )
		).toEqual( [ 'valid', 'syteops_license_site_mismatch' ] );
		expect( JSON.stringify( audit ) ).not.toContain( bLicense );
	} );

	it( 'keeps the lock and answers syteops_license_missing when B has no license key', async () => {
		const adminB = WpRest.forUser( stack, stack.WP_ADMIN_USER, 'b' );
		await withSiteB( ( conn ) =>
			conn.query(
				`REPLACE INTO ${ stack.TABLE2_PREFIX }options (option_name, option_value, autoload) VALUES ('syteops_license_lock', ?, 'no')`,
				[
					JSON.stringify( {
						locked: true,
						locked_at: new Date().toISOString(),
						locked_by_restore: 'f'.repeat( 32 ),
					} ),
				]
			)
		);
		await setLicenseKeyOnB( null );
		const missing = await adminB.request< ErrorBody >(
			'POST',
			`${ api }/license/recheck`
		);
		expect( missing.status ).toBe( 409 );
		expect( missing.body.code ).toBe( 'syteops_license_missing' );
		const state = await adminB.request< {
			locked: boolean;
			license: { status: string };
		} >( 'GET', `${ api }/license` );
		expect( state.body.locked ).toBe( true );
		expect( state.body.license.status ).toBe( 'missing' );
		expect(
			( await packageRoutes( adminB, '9.9.9' ) ).template.status
		).toBe( 423 );
	} );
} );
