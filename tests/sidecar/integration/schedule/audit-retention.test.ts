/**
 * The audit log keeps entries for the site's activity-log retention (the General setting
 * `activity_log_retention_days`) and no longer: through the real REST API of site A, "run automatic backup now"
 * runs the sweep, which removes audit entries and `deleted` catalog rows older than the window and keeps the
 * younger ones. The General option, the schedule (left disabled) and the test's rows are put back afterwards.
 */
import { randomBytes } from 'node:crypto';
import type { Connection, RowDataPacket } from 'mysql2/promise';

import { waitForJob } from '../../../support/jobs';
import { dbConnection } from '../../../support/site-fingerprint';
import { loadStackEnv } from '../../../support/stack';
import { WpRest } from '../../../support/wp-rest';

const stack = loadStackEnv();
const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
const api = '/syteops/v1';
const prefix = stack.TABLE_PREFIX;
const DAY_MS = 86_400_000;
const marker = `test.audit-retention-${ process.pid }`;

let db: Connection;
let generalBefore: string | null = null;
const deletedRows = {
	old: randomBytes( 16 ).toString( 'hex' ),
	young: randomBytes( 16 ).toString( 'hex' ),
};

/**
 * The PHP-serialized General option with the retention key set, keeping every other value as it is.
 * @param stored The stored option value (a serialized array), or null.
 * @param days   The retention to set.
 */
function withRetention( stored: string | null, days: number ): string {
	const key = 's:27:"activity_log_retention_days";';
	const match = stored ? /^a:(\d+):\{/.exec( stored ) : null;
	if ( ! stored || ! match || stored.includes( key ) ) {
		throw new Error( `unexpected General option: ${ stored }` );
	}
	return `a:${ Number( match[ 1 ] ) + 1 }:{${ key }i:${ days };${ stored.slice(
		match[ 0 ].length
	) }`;
}

function sqlTime( date: Date ): string {
	return date.toISOString().slice( 0, 19 ).replace( 'T', ' ' );
}

beforeAll( async () => {
	db = await dbConnection( stack );
	const [ rows ] = await db.query< RowDataPacket[] >(
		`SELECT option_value FROM ${ prefix }options WHERE option_name = 'syteops_general'`
	);
	generalBefore = ( rows[ 0 ]?.option_value as string | undefined ) ?? null;
} );

afterAll( async () => {
	if ( generalBefore !== null ) {
		await db.query(
			`UPDATE ${ prefix }options SET option_value = ? WHERE option_name = 'syteops_general'`,
			[ generalBefore ]
		);
	}
	await db.query( `DELETE FROM ${ prefix }syteops_audit WHERE action = ?`, [
		marker,
	] );
	await db.query( `DELETE FROM ${ prefix }syteops_backups WHERE id IN (?)`, [
		Object.values( deletedRows ),
	] );
	await admin.request( 'POST', `${ api }/schedule/disable` );
	await db.end();
} );

it( 'prunes audit entries and deleted catalog rows older than the activity-log retention on the sweep', async () => {
	await db.query(
		`UPDATE ${ prefix }options SET option_value = ? WHERE option_name = 'syteops_general'`,
		[ withRetention( generalBefore, 30 ) ]
	);
	const now = Date.now();
	const at = ( days: number ) => sqlTime( new Date( now - days * DAY_MS ) );
	await db.query(
		`INSERT INTO ${ prefix }syteops_audit (created_at, user_id, actor, action, type, change_shape) VALUES ?`,
		[
			[
				[
					at( 31 ),
					null,
					'scheduler',
					marker,
					'automatic',
					'{"age":31}',
				],
				[
					at( 29 ),
					null,
					'scheduler',
					marker,
					'automatic',
					'{"age":29}',
				],
			],
		]
	);
	await db.query(
		`INSERT INTO ${ prefix }syteops_backups (id, taken_at, type, status, label, created_at, updated_at) VALUES ?`,
		[
			[
				[
					deletedRows.old,
					at( 40 ),
					'manual',
					'deleted',
					marker,
					at( 40 ),
					at( 31 ),
				],
				[
					deletedRows.young,
					at( 40 ),
					'manual',
					'deleted',
					marker,
					at( 40 ),
					at( 29 ),
				],
			],
		]
	);

	const [ top ] = await db.query< RowDataPacket[] >(
		`SELECT COALESCE(MAX(id), 0) AS id FROM ${ prefix }syteops_audit`
	);
	const floor = Number( top[ 0 ].id );
	// Generous caps: the retention sweep itself leaves everything else alone.
	const saved = await admin.request( 'PUT', `${ api }/schedule`, {
		enabled: false,
		frequency: 'daily',
		time_of_day: '03:00',
		keep_last: 1000,
		retention_days: 3650,
		max_snapshots: 1000,
		storage: { target: 'local', path: stack.STORAGE_DIR },
	} );
	expect( saved.status ).toBe( 200 );
	const started = await admin.request< { job_id: string } >(
		'POST',
		`${ api }/schedule/run`
	);
	expect( started.status ).toBe( 202 );
	const job = await waitForJob( admin, started.body.job_id );
	expect( job.state ).toBe( 'succeeded' );
	const audit = (
		job.result as { sweep: { audit: Record< string, unknown > } }
	 ).sweep.audit;
	expect( audit ).toMatchObject( { retention_days: 30 } );
	expect( audit.audit_entries_removed ).toBeGreaterThanOrEqual( 1 );
	expect( audit.deleted_snapshots_purged ).toBeGreaterThanOrEqual( 1 );

	const [ left ] = await db.query< RowDataPacket[] >(
		`SELECT change_shape FROM ${ prefix }syteops_audit WHERE action = ? ORDER BY id`,
		[ marker ]
	);
	expect( left.map( ( r ) => JSON.parse( r.change_shape ) ) ).toEqual( [
		{ age: 29 },
	] );
	const [ rows ] = await db.query< RowDataPacket[] >(
		`SELECT id FROM ${ prefix }syteops_backups WHERE id IN (?)`,
		[ Object.values( deletedRows ) ]
	);
	expect( rows.map( ( r ) => r.id ) ).toEqual( [ deletedRows.young ] );

	// This run's own entries are well inside the window.
	const [ recent ] = await db.query< RowDataPacket[] >(
		`SELECT action FROM ${ prefix }syteops_audit WHERE id > ?`,
		[ floor ]
	);
	expect( recent.map( ( r ) => r.action ) ).toEqual(
		expect.arrayContaining( [ 'schedule.edit', 'schedule.run' ] )
	);
} );
