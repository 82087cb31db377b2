/**
 * Concurrency and load, through WordPress as the administrator:
 * - 20 requests at once, mixed: list, take a backup, verify and download (5 each, interleaved). Every
 *   backup answers 202 or 409 syteops_busy, and while they run a watcher polling the jobs table never sees
 *   two backups running at once; lists answer 200, verifies start jobs that succeed, downloads answer 200
 *   with the archive's exact bytes. No other status appears.
 * - With 1,000 more snapshots in the catalog (rows inserted directly, removed afterwards), 40 sequential
 *   `GET /backups` are timed and their p95 reported (figures only: nothing is asserted about time).
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type mysql from 'mysql2/promise';

import { waitForJob } from '../support/jobs';
import { dbConnection } from '../support/site-fingerprint';
import { loadStackEnv } from '../support/stack';
import { WpRest } from '../support/wp-rest';
import {
	API,
	deleteSnapshots,
	printSummary,
	takeBackup,
} from './support/backups';

const stack = loadStackEnv();
const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
const LOAD_ROWS = 1000;
const TIMED_LISTS = 40;
const LABEL = 'hardening load';
const figures: string[] = [];
const made: string[] = [];

type Kind = 'list' | 'backup' | 'verify' | 'download';

interface Outcome {
	kind: Kind;
	status: number;
	code?: string;
	jobId?: string;
	sha256?: string;
}

async function one( kind: Kind, snapshotId: string ): Promise< Outcome > {
	if ( kind === 'download' ) {
		const response = await fetch(
			`${ admin.baseUrl }/wp-json${ API }/backups/${ snapshotId }/download`,
			{ headers: { authorization: admin.auth } }
		);
		const bytes = Buffer.from( await response.arrayBuffer() );
		return {
			kind,
			status: response.status,
			sha256: createHash( 'sha256' ).update( bytes ).digest( 'hex' ),
		};
	}
	const [ method, route, body ]: [ string, string, unknown ] = {
		list: [ 'GET', `${ API }/backups`, undefined ],
		backup: [ 'POST', `${ API }/backups`, { label: 'concurrent' } ],
		verify: [ 'POST', `${ API }/backups/${ snapshotId }/verify`, {} ],
	}[ kind ] as [ string, string, unknown ];
	const answer = await admin.request< { code?: string; job_id?: string } >(
		method,
		route,
		body
	);
	return {
		kind,
		status: answer.status,
		code: Array.isArray( answer.body ) ? undefined : answer.body?.code,
		jobId: Array.isArray( answer.body ) ? undefined : answer.body?.job_id,
	};
}

/**
 * Polls the jobs table until `stop()` says so; returns the most backups it ever saw running at once.
 * @param stop
 */
async function watchRunningBackups( stop: () => boolean ): Promise< number > {
	const conn = await dbConnection( stack );
	let most = 0;
	try {
		while ( ! stop() ) {
			const [ rows ] = await conn.query< mysql.RowDataPacket[] >(
				`SELECT COUNT(*) AS n FROM ${ stack.TABLE_PREFIX }syteops_jobs WHERE kind = 'backup' AND state = 'running'`
			);
			most = Math.max( most, Number( rows[ 0 ].n ) );
			await new Promise( ( resolve ) => setTimeout( resolve, 20 ) );
		}
	} finally {
		await conn.end();
	}
	return most;
}

async function archiveSha( id: string ): Promise< string > {
	const conn = await dbConnection( stack );
	try {
		const [ rows ] = await conn.query< mysql.RowDataPacket[] >(
			`SELECT archive_name FROM ${ stack.TABLE_PREFIX }syteops_backups WHERE id = ?`,
			[ id ]
		);
		const bytes = await fs.readFile(
			path.join( stack.STORAGE_DIR, String( rows[ 0 ].archive_name ) )
		);
		return createHash( 'sha256' ).update( bytes ).digest( 'hex' );
	} finally {
		await conn.end();
	}
}

function percentile( values: number[], p: number ): number {
	const sorted = [ ...values ].sort( ( a, b ) => a - b );
	return sorted[
		Math.min( sorted.length - 1, Math.ceil( p * sorted.length ) - 1 )
	];
}

describe( 'concurrent and loaded REST traffic', () => {
	afterAll( async () => {
		const conn = await dbConnection( stack );
		try {
			await conn.query(
				`DELETE FROM ${ stack.TABLE_PREFIX }syteops_backups WHERE label = ?`,
				[ LABEL ]
			);
		} finally {
			await conn.end();
		}
		await deleteSnapshots( admin, made );
		printSummary( 'concurrency and load', figures.join( '; ' ) );
	} );

	it( 'runs one backup at a time among 20 mixed concurrent requests, with no other errors', async () => {
		const source = await takeBackup( admin, 'concurrency source' );
		const id = source.snapshot_id as string;
		made.push( id );
		const expectedSha = await archiveSha( id );
		const kinds: Kind[] = [];
		for ( let i = 0; i < 5; i++ ) {
			kinds.push( 'backup', 'list', 'verify', 'download' );
		}
		let done = false;
		const watcher = watchRunningBackups( () => done );
		const outcomes = await Promise.all(
			kinds.map( ( k ) => one( k, id ) )
		);
		const jobs = await Promise.all(
			outcomes
				.filter( ( o ) => o.jobId )
				.map( async ( o ) => ( {
					kind: o.kind,
					job: await waitForJob( admin, o.jobId as string ),
				} ) )
		);
		done = true;
		const mostRunning = await watcher;
		for ( const { kind, job } of jobs ) {
			if ( kind === 'backup' && job.snapshot_id ) {
				made.push( job.snapshot_id );
			}
		}
		const backups = outcomes.filter( ( o ) => o.kind === 'backup' );
		const accepted = backups.filter( ( o ) => o.status === 202 ).length;
		const busy = backups.filter(
			( o ) => o.status === 409 && o.code === 'syteops_busy'
		).length;
		figures.push(
			`20 concurrent requests: backups ${ accepted } accepted, ${ busy } × 409 syteops_busy, at most ${ mostRunning } running at once; ${ outcomes.filter( ( o ) => o.kind === 'list' && o.status === 200 ).length }/5 lists 200, ${ jobs.filter( ( j ) => j.kind === 'verify' && j.job.state === 'succeeded' ).length }/5 verifies succeeded, ${ outcomes.filter( ( o ) => o.kind === 'download' && o.sha256 === expectedSha ).length }/5 downloads byte-identical`
		);
		expect( accepted + busy ).toBe( 5 );
		expect( accepted ).toBeGreaterThanOrEqual( 1 );
		expect( mostRunning ).toBeLessThanOrEqual( 1 );
		for ( const o of outcomes ) {
			const expected = {
				list: [ 200 ],
				backup: [ 202, 409 ],
				verify: [ 202 ],
				download: [ 200 ],
			}[ o.kind ];
			expect( {
				kind: o.kind,
				ok: expected.includes( o.status ),
			} ).toEqual( { kind: o.kind, ok: true } );
		}
		for ( const o of outcomes.filter( ( x ) => x.kind === 'download' ) ) {
			expect( o.sha256 ).toBe( expectedSha );
		}
		for ( const { kind, job } of jobs ) {
			expect( { kind, state: job.state } ).toEqual( {
				kind,
				state: 'succeeded',
			} );
		}
	} );

	it( 'reports the p95 latency of GET /backups with 1,000 more snapshots in the catalog', async () => {
		const conn = await dbConnection( stack );
		try {
			const values: unknown[] = [];
			for ( let i = 0; i < LOAD_ROWS; i++ ) {
				values.push( [
					randomBytes( 16 ).toString( 'hex' ),
					i,
					`${ randomBytes( 16 ).toString( 'hex' ) }.zip`,
					LABEL,
				] );
			}
			await conn.query(
				`INSERT INTO ${ stack.TABLE_PREFIX }syteops_backups (id, taken_at, type, scope, status, size_bytes, retention_until, label, archive_name, created_at, updated_at) SELECT v.id, UTC_TIMESTAMP() - INTERVAL v.n MINUTE, 'manual', 'full', 'available', 1000000, UTC_TIMESTAMP() + INTERVAL 30 DAY, v.label, v.name, UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM JSON_TABLE(?, '$[*]' COLUMNS (id CHAR(32) PATH '$[0]', n INT PATH '$[1]', name VARCHAR(64) PATH '$[2]', label VARCHAR(64) PATH '$[3]')) AS v`,
				[ JSON.stringify( values ) ]
			);
		} finally {
			await conn.end();
		}
		const first = await admin.request( 'GET', `${ API }/backups` );
		expect( first.status ).toBe( 200 );
		const total = Number( first.headers.get( 'x-wp-total' ) );
		expect( total ).toBeGreaterThanOrEqual( LOAD_ROWS );
		const times: number[] = [];
		for ( let i = 0; i < TIMED_LISTS; i++ ) {
			const began = process.hrtime.bigint();
			const answer = await admin.request( 'GET', `${ API }/backups` );
			times.push( Number( process.hrtime.bigint() - began ) / 1e6 );
			expect( answer.status ).toBe( 200 );
		}
		figures.push(
			`GET /backups with ${ total } snapshots in the catalog: p50 ${ percentile( times, 0.5 ).toFixed( 0 ) } ms, p95 ${ percentile( times, 0.95 ).toFixed( 0 ) } ms over ${ TIMED_LISTS } requests`
		);
	} );
} );
