/**
 * Pins against deletion and the sweep, through the real REST API of site A: a pinned snapshot whose window has
 * elapsed cannot be deleted and survives "run automatic backup now" (whose sweep removes only what the policy
 * says); unpinned, it returns to its normal window, which has elapsed, so the next sweep removes it (archive
 * gone, row kept as `deleted`, audited by the scheduler). A pin whose expiry has passed un-pins itself on the
 * sweep. The schedule is left disabled.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';

import { waitForJob } from '../../../support/jobs';
import { dbConnection } from '../../../support/site-fingerprint';
import { loadStackEnv } from '../../../support/stack';
import { WpRest } from '../../../support/wp-rest';

const stack = loadStackEnv();
const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
const api = '/syteops/v1';
const backups = `${ stack.TABLE_PREFIX }syteops_backups`;

interface Sweep {
	removed: string[];
	unpinned: string[];
}

let db: Connection;

async function takeBackup( label: string ): Promise< string > {
	const started = await admin.request< { job_id: string } >(
		'POST',
		`${ api }/backups`,
		{ label }
	);
	const job = await waitForJob( admin, started.body.job_id );
	expect( job.state ).toBe( 'succeeded' );
	return job.snapshot_id as string;
}

async function runNow(): Promise< { snapshot: string; sweep: Sweep } > {
	const started = await admin.request< { job_id: string } >(
		'POST',
		`${ api }/schedule/run`
	);
	expect( started.status ).toBe( 202 );
	const job = await waitForJob( admin, started.body.job_id );
	expect( job.state ).toBe( 'succeeded' );
	return {
		snapshot: job.snapshot_id as string,
		sweep: ( job.result as { sweep: Sweep } ).sweep,
	};
}

async function status( id: string ): Promise< RowDataPacket > {
	const [ rows ] = await db.query< RowDataPacket[] >(
		`SELECT status, pinned, archive_name FROM ${ backups } WHERE id = ?`,
		[ id ]
	);
	return rows[ 0 ];
}

/**
 * True when the snapshot's archive file is no longer in storage (a deleted row keeps its archive name so a
 * restart can finish removing a file a kill left behind).
 * @param id
 */
async function archiveGone( id: string ): Promise< boolean > {
	const row = await status( id );
	if ( ! /\.zip$/.test( row.archive_name ) ) {
		return false;
	}
	return fs.access( path.join( stack.STORAGE_DIR, row.archive_name ) ).then(
		() => false,
		() => true
	);
}

beforeAll( async () => {
	db = await dbConnection( stack );
	// Generous caps: only the windows this file moves into the past decide.
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
} );

afterAll( async () => {
	await admin.request( 'POST', `${ api }/schedule/disable` );
	await db.end();
} );

it( 'keeps a pinned snapshot from deletion and the sweep, and sweeps it once unpinned with its window elapsed', async () => {
	const held = await takeBackup( 'pinned, window elapsed' );
	const expiring = await takeBackup( 'pin that expires' );
	const pin = await admin.request( 'POST', `${ api }/backups/${ held }/pin`, {
		label: 'hold',
	} );
	expect( pin.status ).toBe( 200 );
	const expiringPin = await admin.request(
		'POST',
		`${ api }/backups/${ expiring }/pin`,
		{
			label: 'short',
			expires_at: new Date( Date.now() + 3_600_000 ).toISOString(),
		}
	);
	expect( expiringPin.status ).toBe( 200 );
	// Both windows elapsed yesterday; the second pin's expiry passed an hour ago.
	await db.query(
		`UPDATE ${ backups } SET retention_until = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id IN (?)`,
		[ [ held, expiring ] ]
	);
	await db.query(
		`UPDATE ${ backups } SET pin_expires_at = UTC_TIMESTAMP() - INTERVAL 1 HOUR WHERE id = ?`,
		[ expiring ]
	);

	const refused = await admin.request< { code: string } >(
		'DELETE',
		`${ api }/backups/${ held }`
	);
	expect( refused.status ).toBe( 409 );
	expect( refused.body.code ).toBe( 'syteops_snapshot_pinned' );

	const first = await runNow();
	// Other snapshots on the stack may be due too; these two are decided as the policy says.
	expect( first.sweep.removed ).toContain( expiring );
	expect( first.sweep.removed ).not.toContain( held );
	expect( first.sweep.unpinned ).toContain( expiring );
	expect( first.sweep.unpinned ).not.toContain( held );
	expect( await status( held ) ).toMatchObject( {
		status: 'available',
		pinned: 1,
	} );
	expect( await status( expiring ) ).toMatchObject( {
		status: 'deleted',
		pinned: 0,
	} );
	expect( await archiveGone( expiring ) ).toBe( true );
	expect( await archiveGone( held ) ).toBe( false );

	const unpinned = await admin.request(
		'DELETE',
		`${ api }/backups/${ held }/pin`
	);
	expect( unpinned.status ).toBe( 200 );
	const second = await runNow();
	expect( second.sweep.removed ).toContain( held );
	expect( await status( held ) ).toMatchObject( { status: 'deleted' } );
	expect( await archiveGone( held ) ).toBe( true );

	const [ entries ] = await db.query< RowDataPacket[] >(
		`SELECT action, actor, snapshot_id FROM ${ stack.TABLE_PREFIX }syteops_audit WHERE snapshot_id IN (?) ORDER BY id`,
		[ [ held, expiring ] ]
	);
	expect(
		entries.map( ( e ) => [
			e.snapshot_id === held ? 'held' : 'expiring',
			e.action,
			e.actor,
		] )
	).toEqual( [
		[ 'held', 'snapshot.create', 'user' ],
		[ 'expiring', 'snapshot.create', 'user' ],
		[ 'held', 'snapshot.pin', 'user' ],
		[ 'expiring', 'snapshot.pin', 'user' ],
		[ 'expiring', 'snapshot.unpin', 'scheduler' ],
		[ 'expiring', 'snapshot.sweep', 'scheduler' ],
		[ 'held', 'snapshot.unpin', 'user' ],
		[ 'held', 'snapshot.sweep', 'scheduler' ],
	] );
} );
