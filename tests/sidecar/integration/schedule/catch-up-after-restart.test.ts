/**
 * A run missed while the sidecar was down fires once when it starts again, not once per missed slot: a daily
 * schedule whose last run (and save) was two days ago has two missed slots, and a restart takes exactly one
 * `scheduled` snapshot, for the latest slot, and records its start as the last run. The schedule is left
 * saved but disabled.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';

import { dbConnection } from '../../../support/site-fingerprint';
import {
	loadStackEnv,
	startSidecar,
	stopSidecar,
} from '../../../support/stack';
import { WpRest } from '../../../support/wp-rest';

const stack = loadStackEnv();
const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
const api = '/syteops/v1';
const DAY_MS = 86_400_000;

interface AuditEntry {
	id: number;
	action: string;
	snapshot_id: string | null;
}

let db: Connection;

beforeAll( async () => {
	db = await dbConnection( stack );
} );

afterAll( async () => {
	await admin.request( 'POST', `${ api }/schedule/disable` );
	await db.end();
} );

async function scheduledCreatesSince( floor: number ): Promise< AuditEntry[] > {
	const listed = await admin.request< AuditEntry[] >(
		'GET',
		`${ api }/audit?type=automatic`
	);
	return listed.body.filter(
		( e ) => e.id > floor && e.action === 'snapshot.create'
	);
}

async function waitFor< T >( probe: () => Promise< T | null > ): Promise< T > {
	const deadline = Date.now() + 60_000;
	while ( Date.now() < deadline ) {
		const found = await probe().catch( () => null );
		if ( found ) {
			return found;
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 250 ) );
	}
	throw new Error( 'timed out waiting for the catch-up run' );
}

it( 'runs one catch-up backup for the latest missed slot after a restart', async () => {
	// Today's slot five minutes ago: missed, as is yesterday's, once the last run is moved two days back.
	const slot = new Date( Date.now() - 5 * 60_000 );
	const timeOfDay = slot.toISOString().slice( 11, 16 );
	const saved = await admin.request( 'PUT', `${ api }/schedule`, {
		enabled: true,
		frequency: 'daily',
		time_of_day: timeOfDay,
		keep_last: 1000,
		retention_days: 7,
		max_snapshots: 1000,
		storage: { target: 'local', path: stack.STORAGE_DIR },
	} );
	expect( saved.status ).toBe( 200 );
	const [ rows ] = await db.query< RowDataPacket[] >(
		`SELECT COALESCE(MAX(id), 0) AS id FROM ${ stack.TABLE_PREFIX }syteops_audit`
	);
	const floor = Number( rows[ 0 ].id );
	const twoDaysAgo = new Date( Date.now() - 2 * DAY_MS ).toISOString();
	await db.query(
		`UPDATE ${ stack.TABLE_PREFIX }options SET option_value = JSON_SET(option_value, '$.schedule.saved_at', ?, '$.schedule_last_run_at', ?) WHERE option_name = 'syteops_backup_settings'`,
		[ twoDaysAgo, twoDaysAgo ]
	);

	await stopSidecar( stack, 'a' );
	await startSidecar( stack, 'a' );

	const [ created ] = await waitFor( async () => {
		const found = await scheduledCreatesSince( floor );
		return found.length > 0 ? found : null;
	} );
	const view = await waitFor( async () => {
		const read = await admin.request< {
			running: boolean;
			last_run_at: string | null;
		} >( 'GET', `${ api }/schedule` );
		const recent =
			Date.parse( read.body.last_run_at ?? '' ) > Date.now() - 5 * 60_000;
		return ! read.body.running && recent ? read.body : null;
	} );
	// Time enough for a second (wrong) catch-up to have shown up.
	await new Promise( ( resolve ) => setTimeout( resolve, 1500 ) );
	expect( await scheduledCreatesSince( floor ) ).toHaveLength( 1 );
	expect( view.last_run_at ).toMatch( /Z$/ );
	const snapshot = await admin.request< { type: string; label: string } >(
		'GET',
		`${ api }/backups/${ created.snapshot_id }`
	);
	expect( snapshot.body.type ).toBe( 'scheduled' );
	expect( snapshot.body.label ).toContain( `${ timeOfDay } UTC` );
	await admin.request(
		'DELETE',
		`${ api }/backups/${ created.snapshot_id }`
	);
} );
