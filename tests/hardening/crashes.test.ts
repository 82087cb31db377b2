/**
 * Crashes: kill -9 of a site's sidecar at seeded random points (20 trials each) during a backup, a restore
 * and a retention sweep on site A and a scoped import (a settings tab exported from A) on site B, each
 * followed by a restart with the stack's own script. After every restart: the live site is either untouched
 * or completely restored or imported (site fingerprint), no snapshot is left capturing
 * or restoring, no temp archive, restore state, staging table or staging directory remains, and no
 * available snapshot has lost its archive. Kill points are drawn from the measured length of an
 * uninterrupted run (a little past its end too, so a kill right after success is covered).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type mysql from 'mysql2/promise';

import { waitForJob, type JobView } from '../support/jobs';
import {
	damageSite,
	dbConnection,
	fingerprint,
} from '../support/site-fingerprint';
import { loadStackEnv } from '../support/stack';
import { WpRest } from '../support/wp-rest';
import {
	API,
	deleteSnapshots,
	printSummary,
	seededRandom,
	takeBackup,
} from './support/backups';
import { carry } from '../sidecar/integration/scoped/support';
import {
	killAndRestart,
	leftovers,
	NOTHING_LEFT,
} from './support/crash-checks';

const stack = loadStackEnv();
const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
// The issue asks for at least 20 per operation; SYTEOPS_CRASH_TRIALS may raise it (never lower it in CI).
const TRIALS = Math.max( 20, Number( process.env.SYTEOPS_CRASH_TRIALS ?? 20 ) );
const SEED = Number( process.env.SYTEOPS_CRASH_SEED ?? 0xc0ffee );
const random = seededRandom( SEED );
const EXPIRED = 60;
const sleep = ( ms: number ) =>
	new Promise( ( resolve ) => setTimeout( resolve, ms ) );
const figures: string[] = [];
const made: string[] = [];
let since: Date;

function tally( outcomes: string[] ): string {
	const counts: Record< string, number > = {};
	for ( const o of outcomes ) {
		counts[ o ] = ( counts[ o ] ?? 0 ) + 1;
	}
	return Object.entries( counts )
		.map( ( [ k, n ] ) => `${ n } ${ k }` )
		.join( ', ' );
}

async function start(
	route: string,
	body: Record< string, unknown >
): Promise< string > {
	let started = await admin.request< { job_id: string } >(
		'POST',
		route,
		body
	);
	for ( let wait = 0; started.status === 409 && wait < 120; wait++ ) {
		await sleep( 500 );
		started = await admin.request< { job_id: string } >(
			'POST',
			route,
			body
		);
	}
	if ( started.status !== 202 ) {
		throw new Error(
			`${ route } refused: ${ JSON.stringify( started.body ) }`
		);
	}
	return started.body.job_id;
}

async function timedJob(
	route: string,
	body: Record< string, unknown >
): Promise< [ JobView, number ] > {
	const began = Date.now();
	const job = await waitForJob( admin, await start( route, body ) );
	return [ job, Date.now() - began ];
}

/**
 * Catalog rows of `count` available snapshots whose retention ended yesterday, each with a hard link to a
 * real archive, for the sweep to remove.
 * @param archive
 * @param count
 */
async function plantExpired( archive: string, count: number ): Promise< void > {
	const conn = await dbConnection( stack );
	try {
		const { size } = await fs.stat( archive );
		for ( let i = 0; i < count; i++ ) {
			const name = `${ randomBytes( 16 ).toString( 'hex' ) }.zip`;
			await fs.link( archive, path.join( stack.STORAGE_DIR, name ) );
			await conn.query(
				`INSERT INTO ${ stack.TABLE_PREFIX }syteops_backups (id, taken_at, type, scope, status, size_bytes, retention_until, label, archive_name, created_at, updated_at) VALUES (?, UTC_TIMESTAMP() - INTERVAL 40 DAY, 'manual', 'full', 'available', ?, UTC_TIMESTAMP() - INTERVAL 1 DAY, 'hardening sweep', ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())`,
				[ randomBytes( 16 ).toString( 'hex' ), size, name ]
			);
		}
	} finally {
		await conn.end();
	}
}

async function expiredLeft(): Promise< number > {
	const conn = await dbConnection( stack );
	try {
		const [ rows ] = await conn.query< mysql.RowDataPacket[] >(
			`SELECT COUNT(*) AS n FROM ${ stack.TABLE_PREFIX }syteops_backups WHERE label = 'hardening sweep' AND status = 'available'`
		);
		return Number( rows[ 0 ].n );
	} finally {
		await conn.end();
	}
}

/**
 * Waits until the scheduled run started after `after` has its backup available: the sweep starts next.
 * @param after
 */
async function untilScheduledBackupAvailable( after: Date ): Promise< void > {
	const conn = await dbConnection( stack );
	try {
		for ( let i = 0; i < 3000; i++ ) {
			const [ rows ] = await conn.query< mysql.RowDataPacket[] >(
				`SELECT status FROM ${ stack.TABLE_PREFIX }syteops_backups WHERE type = 'scheduled' AND created_at >= ? ORDER BY created_at DESC LIMIT 1`,
				[ after ]
			);
			if ( rows[ 0 ] && rows[ 0 ].status !== 'capturing' ) {
				return;
			}
			await sleep( 10 );
		}
	} finally {
		await conn.end();
	}
}

async function archiveOf( id: string ): Promise< string > {
	const conn = await dbConnection( stack );
	try {
		const [ rows ] = await conn.query< mysql.RowDataPacket[] >(
			`SELECT archive_name FROM ${ stack.TABLE_PREFIX }syteops_backups WHERE id = ?`,
			[ id ]
		);
		return path.join( stack.STORAGE_DIR, String( rows[ 0 ].archive_name ) );
	} finally {
		await conn.end();
	}
}

/**
 * Sets site B's General tab option to a fixed value the export does not hold, so an import has work to do.
 */
async function damageGeneralTabOnB(): Promise< void > {
	const conn = await dbConnection( stack, stack.DB2_NAME );
	try {
		await conn.query(
			`UPDATE ${ stack.TABLE2_PREFIX }options SET option_value = 'a:1:{s:5:"state";s:7:"damaged";}' WHERE option_name = 'syteops_general'`
		);
	} finally {
		await conn.end();
	}
}

describe( 'kill -9 of the sidecar at random points', () => {
	beforeAll( async () => {
		await admin.request( 'GET', `${ API }/backups` );
		since = new Date( Math.floor( Date.now() / 1000 ) * 1000 );
	} );

	afterAll( async () => {
		await admin.request( 'POST', `${ API }/schedule/disable` );
		await deleteSnapshots( admin, made );
		printSummary(
			'crashes',
			`${ figures.join( '; ' ) } (seed ${ SEED }, kill -9 and restart each)`
		);
	} );

	it( 'survives 20 kills during a backup: site untouched, nothing partial, no snapshot capturing', async () => {
		const [ reference, duration ] = await timedJob( `${ API }/backups`, {
			label: 'crash reference',
		} );
		made.push( reference.snapshot_id as string );
		const site = await fingerprint( stack );
		const outcomes: string[] = [];
		for ( let trial = 0; trial < TRIALS; trial++ ) {
			const jobId = await start( `${ API }/backups`, {
				label: `crash ${ trial }`,
			} );
			await sleep( random() * duration * 1.2 );
			await killAndRestart( stack );
			const job = await waitForJob( admin, jobId );
			outcomes.push( job.state === 'failed' ? 'interrupted' : job.state );
			if ( job.snapshot_id && job.state === 'succeeded' ) {
				made.push( job.snapshot_id );
			}
			expect( [ 'succeeded', 'failed' ] ).toContain( job.state );
			if ( job.state === 'failed' ) {
				expect( job.error?.code ).toBe( 'syteops_job_interrupted' );
			}
			expect( await leftovers( stack, since ) ).toEqual( NOTHING_LEFT );
			expect( await fingerprint( stack ) ).toEqual( site );
		}
		figures.push(
			`backup ${ outcomes.length }/${ TRIALS } survived (${ tally( outcomes ) }; run ${ duration } ms)`
		);
		expect( outcomes ).toContain( 'interrupted' );
	} );

	it( 'survives 20 kills during a restore: the site untouched or completely restored, never in between', async () => {
		const snapshot = await takeBackup( admin, 'crash restore source' );
		made.push( snapshot.snapshot_id as string );
		const restored = JSON.stringify( await fingerprint( stack ) );
		const route = `${ API }/backups/${ snapshot.snapshot_id }/restore`;
		await damageSite( stack );
		const [ first, duration ] = await timedJob( route, { confirm: true } );
		expect( first.state ).toBe( 'succeeded' );
		expect( JSON.stringify( await fingerprint( stack ) ) ).toBe( restored );
		const outcomes: string[] = [];
		let damaged = '';
		for ( let trial = 0; trial < TRIALS; trial++ ) {
			if ( outcomes[ trial - 1 ] !== 'untouched' ) {
				await damageSite( stack );
				damaged = JSON.stringify( await fingerprint( stack ) );
			}
			const jobId = await start( route, { confirm: true } );
			await sleep( random() * duration * 1.2 );
			await killAndRestart( stack );
			await waitForJob( admin, jobId );
			const after = JSON.stringify( await fingerprint( stack ) );
			let outcome = 'MIXED';
			if ( after === damaged ) {
				outcome = 'untouched';
			} else if ( after === restored ) {
				outcome = 'restored';
			}
			outcomes.push( outcome );
			expect( { trial, outcome } ).not.toEqual( {
				trial,
				outcome: 'MIXED',
			} );
			expect( await leftovers( stack, since ) ).toEqual( NOTHING_LEFT );
		}
		// Leave the site as the suite found it.
		if ( outcomes[ TRIALS - 1 ] === 'untouched' ) {
			await waitForJob( admin, await start( route, { confirm: true } ) );
		}
		figures.push(
			`restore ${ outcomes.length }/${ TRIALS } survived (${ tally( outcomes ) }; run ${ duration } ms)`
		);
		expect( outcomes ).toContain( 'untouched' );
	} );

	it( 'survives 20 kills during a retention sweep: each expired snapshot either kept with its archive or deleted', async () => {
		const source = await takeBackup( admin, 'crash sweep source' );
		made.push( source.snapshot_id as string );
		const archive = await archiveOf( source.snapshot_id as string );
		const saved = await admin.request( 'PUT', `${ API }/schedule`, {
			enabled: true,
			frequency: 'daily',
			time_of_day: '04:15',
			keep_last: 1000,
			retention_days: 30,
			max_snapshots: 1000,
			storage: { target: 'local', path: stack.STORAGE_DIR },
		} );
		expect( saved.status ).toBe( 200 );
		const run = async () =>
			start( `${ API }/schedule/run`, {} ).then( ( id ) =>
				waitForJob( admin, id )
			);
		await plantExpired( archive, EXPIRED );
		const [ reference, whole ] = await timedJob(
			`${ API }/schedule/run`,
			{}
		);
		expect( reference.state ).toBe( 'succeeded' );
		made.push( reference.snapshot_id as string );
		expect( await expiredLeft() ).toBe( 0 );
		const [ backupOnly, backupMs ] = await timedJob( `${ API }/backups`, {
			label: 'crash sweep timing',
		} );
		made.push( backupOnly.snapshot_id as string );
		// The sweep's share of a scheduled run: the run less a plain backup.
		const sweepMs = Math.max( whole - backupMs, 100 );
		const outcomes: string[] = [];
		for ( let trial = 0; trial < TRIALS; trial++ ) {
			await plantExpired( archive, EXPIRED - ( await expiredLeft() ) );
			const site = await fingerprint( stack );
			const began = new Date( Math.floor( Date.now() / 1000 ) * 1000 );
			const jobId = await start( `${ API }/schedule/run`, {} );
			await untilScheduledBackupAvailable( began );
			await sleep( random() * sweepMs * 1.2 );
			await killAndRestart( stack );
			const job = await waitForJob( admin, jobId );
			if ( job.snapshot_id && job.state === 'succeeded' ) {
				made.push( job.snapshot_id );
			}
			const left = await expiredLeft();
			let outcome = 'mid-sweep';
			if ( left === EXPIRED ) {
				outcome = 'before the sweep';
			} else if ( left === 0 ) {
				outcome = 'after the sweep';
			}
			outcomes.push( outcome );
			expect( await leftovers( stack, since ) ).toEqual( NOTHING_LEFT );
			expect( await fingerprint( stack ) ).toEqual( site );
		}
		// The sweep finishes what a killed one left.
		await run();
		expect( await expiredLeft() ).toBe( 0 );
		figures.push(
			`retention sweep ${ outcomes.length }/${ TRIALS } survived (${ tally( outcomes ) } of ${ EXPIRED } expired snapshots; sweep ~${ sweepMs } ms)`
		);
		expect( outcomes ).toContain( 'mid-sweep' );
	} );

	it( 'survives 20 kills during a scoped import on site B: B untouched or the scope completely imported', async () => {
		const adminB = WpRest.forUser( stack, stack.WP_ADMIN_USER, 'b' );
		await adminB.request( 'GET', `${ API }/backups` );
		const exported = await waitForJob(
			admin,
			await start( `${ API }/exports`, { scope: 'tab', name: 'general' } )
		);
		expect( exported.state ).toBe( 'succeeded' );
		made.push( exported.snapshot_id as string );
		const backupId = await carry(
			admin,
			adminB,
			exported.snapshot_id as string
		);
		const importRoute = `${ API }/imports`;
		const startImport = async () => {
			const started = await adminB.request< { job_id: string } >(
				'POST',
				importRoute,
				{ backup_id: backupId, confirm: true }
			);
			expect( started.status ).toBe( 202 );
			return started.body.job_id;
		};
		await damageGeneralTabOnB();
		const damaged = JSON.stringify( await fingerprint( stack, 'b' ) );
		const began = Date.now();
		const reference = await waitForJob( adminB, await startImport() );
		const duration = Date.now() - began;
		expect( reference.state ).toBe( 'succeeded' );
		const imported = JSON.stringify( await fingerprint( stack, 'b' ) );
		expect( imported ).not.toBe( damaged );
		const outcomes: string[] = [];
		for ( let trial = 0; trial < TRIALS; trial++ ) {
			await damageGeneralTabOnB();
			expect( JSON.stringify( await fingerprint( stack, 'b' ) ) ).toBe(
				damaged
			);
			const jobId = await startImport();
			await sleep( random() * duration * 1.2 );
			await killAndRestart( stack, 'b' );
			await waitForJob( adminB, jobId );
			const after = JSON.stringify( await fingerprint( stack, 'b' ) );
			let outcome = 'MIXED';
			if ( after === damaged ) {
				outcome = 'untouched';
			} else if ( after === imported ) {
				outcome = 'imported';
			}
			outcomes.push( outcome );
			expect( { trial, outcome } ).not.toEqual( {
				trial,
				outcome: 'MIXED',
			} );
			expect( await leftovers( stack, since, 'b' ) ).toEqual(
				NOTHING_LEFT
			);
		}
		figures.push(
			`scoped import ${ outcomes.length }/${ TRIALS } survived (${ tally( outcomes ) }; tab import on B, run ${ duration } ms)`
		);
		expect( outcomes ).toContain( 'untouched' );
		expect( outcomes ).toContain( 'imported' );
	} );
} );
