/**
 * The sweep applier and the ScheduleService on a real catalog, with the time under the test's control: a scratch
 * database gets the site's backups, jobs, audit and options tables (structure only), and an archive file in a
 * temporary storage directory for every snapshot. For every golden file of the retention policy the applier
 * (sweepRetention) removes exactly the snapshots the golden file removes (file deleted, row kept as `deleted`,
 * audited as `snapshot.sweep` with the reason), clears exactly the expired pins, and touches nothing else; run
 * again it removes nothing. The service runs one sweep at a time and arms the saved schedule at its UTC time.
 */
import { randomBytes } from 'node:crypto';
import {
	mkdtempSync,
	promises as fs,
	readdirSync,
	readFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';

import type { Config } from '../../../../sidecar/src/config';
import { ScheduleService } from '../../../../sidecar/src/engine/schedule-service';
import { sweepRetention } from '../../../../sidecar/src/engine/retention-sweep';
import { silentLogger } from '../../../../sidecar/src/log';
import { toSqlTime } from '../../../../sidecar/src/repository/sql-time';
import type {
	RetentionPolicy,
	RetentionSnapshot,
} from '../../../../sidecar/src/schedule/retention-types';
import { createSiteContext } from '../../../../sidecar/src/site-context';
import { loadStackEnv } from '../../../support/stack';
import { FakeClock } from '../../unit/schedule/fake-clock';
import {
	createScratch,
	scratchConfig,
	type Scratch,
} from '../db/support/scratch';

const stack = loadStackEnv();
const PREFIX = 'wp_';
const FIXTURES = path.join( __dirname, '../../fixtures/retention' );

interface GoldenCase {
	snapshots: RetentionSnapshot[];
	policy: RetentionPolicy;
	now: string;
	expected: {
		remove: string[];
		unpin: string[];
		decisions: { id: string; action: string; reason: string }[];
	};
}

let scratch: Scratch;
let storageDir: string;

function config(): Config {
	return scratchConfig( scratch, PREFIX, storageDir );
}

function siteAt( now: string ) {
	return createSiteContext(
		config(),
		scratch.pool,
		silentLogger,
		() => new Date( now )
	);
}

async function emptyTables(): Promise< void > {
	for ( const table of [ 'syteops_backups', 'syteops_audit', 'options' ] ) {
		await scratch.pool.query( `DELETE FROM \`${ PREFIX }${ table }\`` );
	}
	for ( const name of await fs.readdir( storageDir ) ) {
		await fs.rm( path.join( storageDir, name ), { force: true } );
	}
}

const sql = ( iso: string | null ) =>
	iso ? toSqlTime( new Date( iso ) ) : null;

/**
 * Puts a golden file's snapshots in the catalog, each with a real archive file; returns golden id -> row id.
 * @param golden
 */
async function load( golden: GoldenCase ): Promise< Map< string, string > > {
	// Row ids sort as the golden ids do: the policy breaks ties on taken_at by id.
	const order = golden.snapshots.map( ( s ) => s.id ).sort();
	const ids = new Map< string, string >();
	for ( const s of golden.snapshots ) {
		const id =
			order.indexOf( s.id ).toString( 16 ).padStart( 4, '0' ) +
			randomBytes( 14 ).toString( 'hex' );
		const archive = `${ randomBytes( 16 ).toString( 'hex' ) }.zip`;
		ids.set( s.id, id );
		const hasArchive = s.status === 'available' || s.status === 'restoring';
		if ( hasArchive ) {
			await fs.writeFile( path.join( storageDir, archive ), s.id );
		}
		await scratch.pool.query(
			`INSERT INTO \`${ PREFIX }syteops_backups\` (id, taken_at, type, status, retention_until, pinned, pin_label,
			 pin_expires_at, label, archive_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			[
				id,
				sql( s.taken_at ),
				s.type,
				s.status,
				sql( s.retention_until ),
				s.pinned ? 1 : 0,
				s.pin_label,
				sql( s.pin_expires_at ),
				s.id,
				hasArchive ? archive : '',
				sql( s.taken_at ),
				sql( s.taken_at ),
			]
		);
	}
	return ids;
}

async function rows(): Promise< RowDataPacket[] > {
	const [ found ] = await scratch.pool.query< RowDataPacket[] >(
		`SELECT id, label, status, pinned, pin_expires_at, archive_name FROM \`${ PREFIX }syteops_backups\``
	);
	return found;
}

async function audit(): Promise< RowDataPacket[] > {
	const [ found ] = await scratch.pool.query< RowDataPacket[] >(
		`SELECT action, actor, type, snapshot_id, change_shape FROM \`${ PREFIX }syteops_audit\` ORDER BY id`
	);
	return found;
}

beforeAll( async () => {
	scratch = await createScratch();
	for ( const table of [
		'syteops_backups',
		'syteops_jobs',
		'syteops_audit',
		'options',
	] ) {
		await scratch.pool.query(
			`CREATE TABLE \`${ PREFIX }${ table }\` LIKE \`${ stack.DB_NAME }\`.\`${ stack.TABLE_PREFIX }${ table }\``
		);
	}
	storageDir = mkdtempSync( path.join( os.tmpdir(), 'syteops-sweep-' ) );
} );

afterAll( async () => {
	await scratch?.drop();
	await fs.rm( storageDir, { recursive: true, force: true } );
} );

const cases = readdirSync( FIXTURES )
	.filter( ( f ) => f.endsWith( '.json' ) )
	.map( ( f ) => f.replace( /\.json$/, '' ) )
	.sort();

describe( 'sweepRetention on a real catalog', () => {
	it.each( cases )(
		'applies the golden file %s: removes, unpins and audits exactly what it says',
		async ( name ) => {
			await emptyTables();
			const golden = JSON.parse(
				readFileSync( path.join( FIXTURES, `${ name }.json` ), 'utf8' )
			) as GoldenCase;
			const ids = await load( golden );
			const before = new Map(
				( await rows() ).map( ( r ) => [ r.label as string, r ] )
			);
			const filesBefore = ( await fs.readdir( storageDir ) ).sort();

			const report = await sweepRetention(
				siteAt( golden.now ),
				golden.policy
			);

			const idOf = ( g: string ) => ids.get( g ) as string;
			expect( [ ...report.removed ].sort() ).toEqual(
				golden.expected.remove.map( idOf ).sort()
			);
			expect( [ ...report.unpinned ].sort() ).toEqual(
				golden.expected.unpin.map( idOf ).sort()
			);
			const after = await rows();
			const removed = new Set( golden.expected.remove );
			const unpinned = new Set( golden.expected.unpin );
			for ( const row of after ) {
				const g = row.label as string;
				const was = before.get( g ) as RowDataPacket;
				if ( removed.has( g ) ) {
					// The row keeps its archive name (so a restart can finish a removal a kill cut
					// short); the file itself is gone, as the directory listing below checks.
					expect( [ g, row.status, row.archive_name ] ).toEqual( [
						g,
						'deleted',
						was.archive_name,
					] );
				} else {
					expect( [ g, row.status, row.archive_name ] ).toEqual( [
						g,
						was.status,
						was.archive_name,
					] );
				}
				expect( [ g, row.pinned ] ).toEqual( [
					g,
					unpinned.has( g ) ? 0 : was.pinned,
				] );
			}
			// The archive files left are exactly those of the snapshots not removed.
			const removedFiles = new Set(
				[ ...removed ].map(
					( g ) => before.get( g )?.archive_name as string
				)
			);
			expect( ( await fs.readdir( storageDir ) ).sort() ).toEqual(
				filesBefore.filter( ( f ) => ! removedFiles.has( f ) )
			);
			// One audit entry per removal (with the golden reason) and per cleared pin, all by the scheduler.
			const entries = await audit();
			const reasons = new Map(
				golden.expected.decisions
					.filter( ( d ) => d.action === 'remove' )
					.map( ( d ) => [ idOf( d.id ), d.reason ] )
			);
			expect(
				entries
					.filter( ( e ) => e.action === 'snapshot.sweep' )
					.map( ( e ) => [
						e.snapshot_id,
						JSON.parse( e.change_shape ).reason,
					] )
					.sort()
			).toEqual( [ ...reasons.entries() ].sort() );
			expect(
				entries
					.filter( ( e ) => e.action === 'snapshot.unpin' )
					.map( ( e ) => e.snapshot_id )
					.sort()
			).toEqual( golden.expected.unpin.map( idOf ).sort() );
			expect(
				entries.every(
					( e ) => e.actor === 'scheduler' && e.type === 'automatic'
				)
			).toBe( true );

			// Run again at the same moment: nothing more to do, and no error about archives already gone.
			const again = await sweepRetention(
				siteAt( golden.now ),
				golden.policy
			);
			expect( again.removed ).toEqual( [] );
			expect( again.unpinned ).toEqual( [] );
		}
	);
} );

describe( 'ScheduleService', () => {
	it( 'runs one sweep at a time: calls made while one runs share it', async () => {
		await emptyTables();
		const site = siteAt( '2026-05-21T12:00:00Z' );
		const service = new ScheduleService(
			site,
			new FakeClock( '2026-05-21T12:00:00Z' )
		);
		const first = service.sweep();
		const second = service.sweep();
		expect( second ).toBe( first );
		const report = await first;
		expect( report.audit ).toMatchObject( { retention_days: 90 } );
		// Once it has finished, the next call is a new sweep.
		const third = service.sweep();
		expect( third ).not.toBe( first );
		await third;
	} );

	it( 'arms the saved schedule at its UTC time without a catch-up, and pauses it without losing it', async () => {
		await emptyTables();
		const now = '2026-05-21T12:00:00Z';
		const site = siteAt( now );
		await site.settings.update( {
			schedule: {
				enabled: true,
				frequency: 'daily',
				time_of_day: '03:00',
				day_of_week: null,
				day_of_month: null,
				keep_last: 7,
				retention_days: 30,
				max_snapshots: 30,
				storage: { type: 'local', path: storageDir },
				quota_bytes: null,
				saved_at: '2026-05-21T11:00:00.000Z',
			},
			schedule_last_run_at: '2026-05-21T03:00:00.000Z',
		} );
		const clock = new FakeClock( now );
		const service = new ScheduleService( site, clock );
		try {
			await service.start();
			expect( service.state() ).toMatchObject( {
				nextRunAt: new Date( '2026-05-22T03:00:00Z' ),
				running: false,
			} );
			const settings = await site.settings.get();
			service.apply(
				{
					...( settings.schedule as never as Parameters<
						typeof service.apply
					>[ 0 ] ),
					enabled: false,
				},
				settings.schedule_last_run_at
			);
			expect( service.state().nextRunAt ).toBeNull();
			expect( clock.pendingTimers() ).toBe( 0 );
			// No job was started: today's 03:00 run was recorded, so there was nothing to catch up.
			const [ jobs ] = await scratch.pool.query< RowDataPacket[] >(
				`SELECT COUNT(*) AS n FROM \`${ PREFIX }syteops_jobs\``
			);
			expect( Number( jobs[ 0 ].n ) ).toBe( 0 );
		} finally {
			service.stop();
		}
	} );
} );
