/**
 * Imports that must not happen, or must not half-happen, on the real site B: a failure in the last write of a
 * master import (a trigger on B's licensing table refuses the insert) rolls back every earlier write; an export
 * user whose email belongs to another login on B is refused with a clear error before anything is written; an
 * unconfirmed import and the import of a full backup are refused before a job starts.
 */
import { randomBytes } from 'node:crypto';

import { createPool } from '../../../../sidecar/src/db/pool';
import { SiteLock } from '../../../../sidecar/src/engine/site-lock';

import { waitForJob } from '../../../support/jobs';
import { loadStackEnv } from '../../../support/stack';
import { WpRest } from '../../../support/wp-rest';
import {
	api,
	carry,
	exportScope,
	importOn,
	neighbours,
	rows,
	withDb,
} from './support';

const stack = loadStackEnv();
const adminA = WpRest.forUser( stack, stack.WP_ADMIN_USER, 'a' );
const adminB = WpRest.forUser( stack, stack.WP_ADMIN_USER, 'b' );

it( 'rolls back every write of an import that fails at its last step, leaving B row for row as it was', async () => {
	const { snapshotId } = await exportScope( adminA, { scope: 'master' } );
	const backupId = await carry( adminA, adminB, snapshotId );
	const trigger = `syteops_test_refuse_${ randomBytes( 4 ).toString( 'hex' ) }`;
	await withDb( stack, 'b', ( conn, p ) =>
		conn.query(
			`CREATE TRIGGER ${ trigger } BEFORE INSERT ON ${ p }syteops_license_blacklist FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by test'`
		)
	);
	try {
		// Make sure the import would write something everywhere before it fails.
		await withDb( stack, 'b', ( conn, p ) =>
			conn.query(
				`UPDATE ${ p }options SET option_value = 'a:0:{}' WHERE option_name = 'syteops_general'`
			)
		);
		const before = await neighbours( stack, {} );
		const job = await importOn( adminB, backupId );
		expect( job.state ).toBe( 'failed' );
		expect( job.error?.code ).toBe( 'syteops_db_query_failed' );
		expect( await neighbours( stack, {} ) ).toEqual( before );
	} finally {
		await withDb( stack, 'b', ( conn ) =>
			conn.query( `DROP TRIGGER IF EXISTS ${ trigger }` )
		);
	}
} );

it( 'refuses a user whose email belongs to another login on B, naming both, and writes nothing', async () => {
	const user = await withDb( stack, 'a', async ( conn, p ) => {
		const [ row ] = await rows< {
			ID: number;
			user_login: string;
			user_email: string;
		} >(
			conn,
			`SELECT ID, user_login, user_email FROM ${ p }users WHERE ID >= 1001 ORDER BY ID LIMIT 1 OFFSET 7`
		);
		return {
			id: Number( row.ID ),
			login: row.user_login,
			email: row.user_email,
		};
	} );
	const tag = randomBytes( 4 ).toString( 'hex' );
	const holder = `email-holder-${ tag }`;
	const setup = await withDb( stack, 'b', async ( conn, p ) => {
		const [ same ] = await rows< { ID: number; user_email: string } >(
			conn,
			`SELECT ID, user_email FROM ${ p }users WHERE user_login = ?`,
			[ user.login ]
		);
		let inserted = false;
		if ( same ) {
			await conn.query(
				`UPDATE ${ p }users SET user_email = ? WHERE ID = ?`,
				[ `moved-${ tag }@example.net`, same.ID ]
			);
		} else {
			await conn.query(
				`INSERT INTO ${ p }users (user_login, user_email, user_registered, display_name) VALUES (?, ?, NOW(), ?)`,
				[ user.login, `moved-${ tag }@example.net`, user.login ]
			);
			inserted = true;
		}
		await conn.query(
			`INSERT INTO ${ p }users (user_login, user_email, user_registered, display_name) VALUES (?, ?, NOW(), ?)`,
			[ holder, user.email, holder ]
		);
		return { inserted, oldEmail: same?.user_email ?? null };
	} );
	try {
		const { snapshotId } = await exportScope( adminA, {
			scope: 'user',
			user_id: user.id,
		} );
		const backupId = await carry( adminA, adminB, snapshotId );
		const preview = await adminB.request< {
			code: string;
			message: string;
			data: { status: number };
		} >( 'GET', `${ api }/backups/${ backupId }/preview` );
		expect( preview.status ).toBe( 409 );
		expect( preview.body.code ).toBe( 'syteops_import_email_conflict' );
		expect( preview.body.message ).toContain( user.login );
		expect( preview.body.message ).toContain( holder );
		const before = await neighbours( stack, {} );
		const job = await importOn( adminB, backupId );
		expect( job.state ).toBe( 'failed' );
		expect( job.error?.code ).toBe( 'syteops_import_email_conflict' );
		expect( await neighbours( stack, {} ) ).toEqual( before );
	} finally {
		await withDb( stack, 'b', async ( conn, p ) => {
			await conn.query( `DELETE FROM ${ p }users WHERE user_login = ?`, [
				holder,
			] );
			if ( setup.inserted ) {
				await conn.query(
					`DELETE FROM ${ p }users WHERE user_login = ?`,
					[ user.login ]
				);
			} else {
				await conn.query(
					`UPDATE ${ p }users SET user_email = ? WHERE user_login = ?`,
					[ setup.oldEmail, user.login ]
				);
			}
		} );
	}
} );

it( 'refuses an unconfirmed import and the import of a full backup before any job starts', async () => {
	const { snapshotId } = await exportScope( adminA, {
		scope: 'tab',
		name: 'system_api',
	} );
	const unconfirmed = await adminA.request< { code: string } >(
		'POST',
		`${ api }/imports`,
		{
			backup_id: snapshotId,
			confirm: false,
		}
	);
	expect( unconfirmed.status ).toBe( 400 );
	expect( unconfirmed.body.code ).toBe( 'syteops_import_unconfirmed' );

	const started = await adminA.request< { job_id: string } >(
		'POST',
		`${ api }/backups`,
		{ label: 'not an export' }
	);
	const backup = await waitForJob( adminA, started.body.job_id );
	const full = await adminA.request< { code: string } >(
		'POST',
		`${ api }/imports`,
		{
			backup_id: backup.snapshot_id,
			confirm: true,
		}
	);
	expect( full.status ).toBe( 409 );
	expect( full.body.code ).toBe( 'syteops_import_not_export' );
	const restore = await adminA.request< { code: string } >(
		'POST',
		`${ api }/backups/${ snapshotId }/restore`,
		{
			confirm: true,
		}
	);
	expect( restore.body.code ).toBe( 'syteops_restore_scope' );
} );

it( 'refuses an export and an import with syteops_busy while another process holds site B’s lock (a backup or restore there)', async () => {
	const { snapshotId } = await exportScope( adminA, {
		scope: 'tab',
		name: 'general',
	} );
	const backupId = await carry( adminA, adminB, snapshotId );
	const pool = createPool( {
		host: stack.DB_HOST,
		port: Number( stack.DB_PORT ),
		user: stack.DB_USER,
		password: stack.DB_PASSWORD,
		database: stack.DB2_NAME,
	} );
	const release = await new SiteLock(
		pool,
		stack.DB2_NAME,
		stack.TABLE2_PREFIX
	).tryAcquire();
	try {
		expect( release ).not.toBeNull();
		const imported = await adminB.request< { code: string } >(
			'POST',
			`${ api }/imports`,
			{ backup_id: backupId, confirm: true }
		);
		expect( imported.status ).toBe( 409 );
		expect( imported.body.code ).toBe( 'syteops_busy' );
		const exported = await adminB.request< { code: string } >(
			'POST',
			`${ api }/exports`,
			{ scope: 'master' }
		);
		expect( exported.body.code ).toBe( 'syteops_busy' );
	} finally {
		await release?.();
		await pool.end();
	}
} );
