/**
 * Through the real REST API of the test stack's site A, as its administrator: save and read the automatic-backup
 * schedule, refuse an impossible retention combination naming the field to change, run the schedule now, and
 * see the retention sweep remove exactly the expired, unpinned snapshot (its row kept as `deleted`) while a
 * pinned expired one stays; the default window applies to the next snapshot; the audit log and its filter show
 * it all. The schedule is left saved but disabled, and the default window as it was.
 *
 * The caps are generous (1000) so the sweep only ever touches the snapshots this file expires by hand.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';

import { waitForJob, type JobView } from '../../../support/jobs';
import { dbConnection } from '../../../support/site-fingerprint';
import { loadStackEnv } from '../../../support/stack';
import { WpRest } from '../../../support/wp-rest';

const stack = loadStackEnv();
const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
const api = '/syteops/v1';
const backups = `${ stack.TABLE_PREFIX }syteops_backups`;
const DAY_MS = 86_400_000;

interface ScheduleView {
	configured: boolean;
	schedule: Record< string, unknown > | null;
	next_run_at: string | null;
	storage_targets: { type: string; available: boolean; status?: string }[];
}

interface AuditEntry {
	id: number;
	created_at: string;
	user_id: number | null;
	actor: string;
	action: string;
	type: string;
	snapshot_id: string | null;
	change: Record< string, unknown >;
}

interface ErrorBody {
	code: string;
	message: string;
	data: { details: { field?: string } };
}

let db: Connection;
let defaultDaysBefore = 30;
const weekday = ( new Date().getUTCDay() + 3 ) % 7;
const validSchedule = {
	enabled: true,
	frequency: 'weekly',
	time_of_day: '04:15',
	day_of_week: weekday,
	keep_last: 1000,
	retention_days: 7,
	max_snapshots: 1000,
	storage: { target: 'local', path: stack.STORAGE_DIR },
};

async function runScheduleNow(): Promise< JobView > {
	const started = await admin.request< { job_id: string } >(
		'POST',
		`${ api }/schedule/run`
	);
	expect( started.status ).toBe( 202 );
	const job = await waitForJob( admin, started.body.job_id );
	expect( job ).toMatchObject( { state: 'succeeded' } );
	return job;
}

async function catalogRow( id: string ): Promise< RowDataPacket > {
	const [ rows ] = await db.query< RowDataPacket[] >(
		`SELECT status, archive_name, retention_until, taken_at FROM ${ backups } WHERE id = ?`,
		[ id ]
	);
	return rows[ 0 ];
}

async function expireNow( ids: string[] ): Promise< void > {
	await db.query(
		`UPDATE ${ backups } SET retention_until = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id IN (?)`,
		[ ids ]
	);
}

async function auditSince( id: number, query = '' ): Promise< AuditEntry[] > {
	const listed = await admin.request< AuditEntry[] >(
		'GET',
		`${ api }/audit${ query }`
	);
	expect( listed.status ).toBe( 200 );
	return listed.body.filter( ( entry ) => entry.id > id );
}

async function lastAuditId(): Promise< number > {
	const [ rows ] = await db.query< RowDataPacket[] >(
		`SELECT COALESCE(MAX(id), 0) AS id FROM ${ stack.TABLE_PREFIX }syteops_audit`
	);
	return Number( rows[ 0 ].id );
}

beforeAll( async () => {
	db = await dbConnection( stack );
	const view = await admin.request< { default_retention_days: number } >(
		'GET',
		`${ api }/schedule`
	);
	defaultDaysBefore = view.body.default_retention_days;
} );

afterAll( async () => {
	// Other test files rely on "no schedule enabled" for the last-snapshot delete rule.
	await admin.request( 'POST', `${ api }/schedule/disable` );
	await admin.request( 'PUT', `${ api }/retention`, {
		retention_days: defaultDaysBefore,
	} );
	await db.end();
} );

describe( 'automatic backups, retention and the audit log through the REST API', () => {
	let auditFloor = 0;
	let pinnedId = '';

	it( 'saves a valid schedule and reads it back with its next run in UTC and pCloud as coming soon', async () => {
		auditFloor = await lastAuditId();
		const saved = await admin.request< ScheduleView >(
			'PUT',
			`${ api }/schedule`,
			validSchedule
		);
		expect( saved.status ).toBe( 200 );
		const read = await admin.request< ScheduleView >(
			'GET',
			`${ api }/schedule`
		);
		expect( read.body.configured ).toBe( true );
		expect( read.body.schedule ).toMatchObject( {
			enabled: true,
			frequency: 'weekly',
			time_of_day: '04:15',
			day_of_week: weekday,
			storage: { type: 'local', path: stack.STORAGE_DIR },
		} );
		const next = new Date( read.body.next_run_at as string );
		expect( read.body.next_run_at ).toMatch( /Z$/ );
		expect( next.getTime() ).toBeGreaterThan( Date.now() );
		expect( next.getTime() - Date.now() ).toBeLessThanOrEqual( 7 * DAY_MS );
		expect( [
			next.getUTCDay(),
			next.getUTCHours(),
			next.getUTCMinutes(),
		] ).toEqual( [ weekday, 4, 15 ] );
		expect( read.body.storage_targets ).toEqual(
			expect.arrayContaining( [
				expect.objectContaining( { type: 'local', available: true } ),
				expect.objectContaining( {
					type: 'pcloud',
					available: false,
					status: 'coming_soon',
				} ),
			] )
		);
	} );

	it( 'refuses a combination that cannot fit the storage allowance, naming the number to lower', async () => {
		// The storage math needs a recent archive size: take a backup so the test stands on its own.
		const started = await admin.request< { job_id: string } >(
			'POST',
			`${ api }/backups`,
			{ label: 'size reference' }
		);
		expect( ( await waitForJob( admin, started.body.job_id ) ).state ).toBe(
			'succeeded'
		);
		const listed = await admin.request<
			{ size_bytes: number; type: string; status: string }[]
		>( 'GET', `${ api }/backups?per_page=100` );
		const newest = listed.body.find(
			( s ) => s.status === 'available' && s.type !== 'export'
		);
		expect( newest ).toBeDefined();
		const refused = await admin.request< ErrorBody >(
			'PUT',
			`${ api }/schedule`,
			{
				...validSchedule,
				frequency: 'daily',
				keep_last: 5,
				retention_days: 30,
				storage: {
					...validSchedule.storage,
					quota_bytes: Math.floor(
						( newest?.size_bytes ?? 0 ) * 2.5
					),
				},
			}
		);
		expect( refused.status ).toBe( 400 );
		expect( refused.body.code ).toBe( 'syteops_schedule_exceeds_storage' );
		expect( refused.body.data.details.field ).toBe( 'keep_last' );
		expect( refused.body.message ).toContain( "Lower 'Keep last'" );

		const pcloud = await admin.request< ErrorBody >(
			'PUT',
			`${ api }/schedule`,
			{
				storage: { target: 'pcloud' },
			}
		);
		expect( pcloud.body.code ).toBe( 'syteops_storage_coming_soon' );

		const unchanged = await admin.request< ScheduleView >(
			'GET',
			`${ api }/schedule`
		);
		expect( unchanged.body.schedule ).toMatchObject( {
			frequency: 'weekly',
			keep_last: 1000,
		} );
	} );

	it( 'runs the schedule now; the sweep removes only the expired unpinned snapshot and keeps its row as deleted', async () => {
		const first = ( await runScheduleNow() ).snapshot_id as string;
		const second = ( await runScheduleNow() ).snapshot_id as string;
		const firstView = await admin.request< {
			type: string;
			taken_by_user_id: number | null;
		} >( 'GET', `${ api }/backups/${ first }` );
		expect( firstView.body ).toMatchObject( {
			type: 'scheduled',
			taken_by_user_id: null,
		} );
		const pinned = await admin.request(
			'POST',
			`${ api }/backups/${ first }/pin`,
			{
				label: 'keep me',
			}
		);
		expect( pinned.status ).toBe( 200 );
		pinnedId = first;
		await expireNow( [ first, second ] );
		const secondArchive = ( await catalogRow( second ) )
			.archive_name as string;
		expect( secondArchive ).toMatch( /^[0-9a-f]{32}\.zip$/ );

		const retention = await admin.request( 'PUT', `${ api }/retention`, {
			retention_days: 12,
		} );
		expect( retention.status ).toBe( 200 );

		const floor = await lastAuditId();
		const third = await runScheduleNow();
		expect( third.result?.sweep ).toMatchObject( { removed: [ second ] } );

		expect( ( await catalogRow( second ) ).status ).toBe( 'deleted' );
		await expect(
			fs.stat( path.join( stack.STORAGE_DIR, secondArchive ) )
		).rejects.toMatchObject( { code: 'ENOENT' } );
		expect( ( await catalogRow( first ) ).status ).toBe( 'available' );
		const newRow = await catalogRow( third.snapshot_id as string );
		expect( newRow.status ).toBe( 'available' );
		const windowMs =
			Date.parse( `${ newRow.retention_until }Z` ) -
			Date.parse( `${ newRow.taken_at }Z` );
		expect( windowMs ).toBe( 12 * DAY_MS );

		const swept = ( await auditSince( floor ) ).filter(
			( e ) => e.action === 'snapshot.sweep'
		);
		expect( swept.map( ( e ) => e.snapshot_id ) ).toEqual( [ second ] );
		expect( swept[ 0 ] ).toMatchObject( {
			actor: 'scheduler',
			user_id: null,
			type: 'automatic',
			change: { after: 'deleted', reason: 'retention_elapsed' },
		} );

		// Leave no pinned or extra snapshots behind.
		await admin.request( 'DELETE', `${ api }/backups/${ first }/pin` );
		for ( const id of [ first, third.snapshot_id as string ] ) {
			const deleted = await admin.request(
				'DELETE',
				`${ api }/backups/${ id }`
			);
			expect( deleted.status ).toBe( 200 );
		}
	} );

	it( 'pauses the schedule without deleting it', async () => {
		const paused = await admin.request< ScheduleView >(
			'POST',
			`${ api }/schedule/disable`
		);
		expect( paused.status ).toBe( 200 );
		expect( paused.body ).toMatchObject( {
			configured: true,
			next_run_at: null,
			schedule: {
				enabled: false,
				frequency: 'weekly',
				day_of_week: weekday,
			},
		} );
	} );

	it( 'records schedule edits, retention changes and scheduled runs, and filters the automatic ones', async () => {
		const automatic = await admin.request< AuditEntry[] >(
			'GET',
			`${ api }/audit?type=automatic`
		);
		expect( automatic.status ).toBe( 200 );
		expect(
			Number( automatic.headers.get( 'x-wp-total' ) )
		).toBeGreaterThanOrEqual( 3 );
		expect( automatic.body.length ).toBeLessThanOrEqual( 50 );
		expect( automatic.body.every( ( e ) => e.type === 'automatic' ) ).toBe(
			true
		);
		const created = automatic.body.filter(
			( e ) => e.id > auditFloor && e.action === 'snapshot.create'
		);
		expect( created ).toHaveLength( 3 );
		expect( created[ 0 ] ).toMatchObject( {
			actor: 'scheduler',
			user_id: null,
			change: { type: 'scheduled' },
		} );
		expect( created[ 0 ].created_at ).toMatch(
			/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
		);
		const ids = automatic.body.map( ( e ) => e.id );
		expect( ids ).toEqual( [ ...ids ].sort( ( a, b ) => b - a ) );

		const mine = await auditSince( auditFloor );
		const edit = mine.find( ( e ) => e.action === 'schedule.edit' );
		expect( edit ).toMatchObject( {
			actor: 'user',
			change: { after: { frequency: 'weekly', day_of_week: weekday } },
		} );
		expect( edit?.user_id ).toBeGreaterThan( 0 );
		expect(
			mine.find( ( e ) => e.action === 'retention.change' )
		).toMatchObject( {
			change: {
				before: { retention_days: defaultDaysBefore },
				after: { retention_days: 12 },
			},
		} );
		expect(
			mine.find( ( e ) => e.action === 'schedule.disable' )
		).toMatchObject( {
			change: { before: { enabled: true }, after: { enabled: false } },
		} );
		const ofPinned = mine
			.filter( ( e ) => e.snapshot_id === pinnedId )
			.map( ( e ) => e.action );
		expect( ofPinned ).toEqual( [
			'snapshot.delete',
			'snapshot.unpin',
			'snapshot.pin',
			'snapshot.create',
		] );

		const restores = await admin.request< AuditEntry[] >(
			'GET',
			`${ api }/audit?type=restores`
		);
		expect( restores.body.every( ( e ) => e.type === 'restores' ) ).toBe(
			true
		);
	} );
} );
