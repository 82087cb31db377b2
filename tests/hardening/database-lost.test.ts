/**
 * Database lost mid-dump: while a backup started through WordPress is reading a table (a 300,000-row table
 * made for the test, so the dump lasts long enough to be caught in the middle), a root session KILLs every
 * MariaDB connection the stack's sidecar holds (found by the sidecar's pid and its sockets' local ports).
 * The job must fail with a named catalogue error, its snapshot is `failed` (none left capturing), no
 * archive or temp file is added to the storage directory, the site is unchanged, and the next backup works.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, promises as fs } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';

import { waitForJob } from '../support/jobs';
import { dbConnection, fingerprint } from '../support/site-fingerprint';
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
const BULK = `${ stack.TABLE_PREFIX }hardening_bulk`;
const TRIALS = 3;

async function rootSession(): Promise< mysql.Connection > {
	return mysql.createConnection( {
		socketPath: stack.DB_SOCKET,
		user: 'root',
		password: stack.DB_ROOT_PASSWORD,
	} );
}

/** The local ports of the sidecar's own MariaDB sockets (ss shows the owning pid). */
function sidecarPorts(): Set< string > {
	const pid = readFileSync(
		path.join( stack.STACK_DIR, 'run', 'sidecar-a.pid' ),
		'utf8'
	).trim();
	const lines = execFileSync( 'ss', [
		'-tnpH',
		'state',
		'established',
		`( dport = :${ stack.DB_PORT } )`,
	] )
		.toString()
		.split( '\n' );
	return new Set(
		lines
			.filter( ( l ) => l.includes( `pid=${ pid },` ) )
			.map(
				( l ) => l.trim().split( /\s+/ )[ 2 ]?.split( ':' ).pop() ?? ''
			)
	);
}

/**
 * Waits until one of the sidecar's connections is reading the bulk table, then kills all of them. Each poll is
 * one process-list query (about a millisecond); the sidecar's ports (an `ss` run) are looked up only once a
 * connection reads the table: looking them up on every poll made a poll slow enough to miss a fast dump.
 * @param root
 * @return how many connections were killed.
 */
async function killSidecarConnectionsMidDump(
	root: mysql.Connection
): Promise< number > {
	for ( let i = 0; i < 20000; i++ ) {
		const [ rows ] = await root.query< mysql.RowDataPacket[] >(
			'SELECT ID, HOST, INFO FROM information_schema.PROCESSLIST WHERE USER = ?',
			[ stack.DB_USER ]
		);
		if ( rows.some( ( r ) => String( r.INFO ?? '' ).includes( BULK ) ) ) {
			const ports = sidecarPorts();
			const mine = rows.filter( ( r ) =>
				ports.has( String( r.HOST ).split( ':' ).pop() ?? '' )
			);
			for ( const r of mine ) {
				await root.query( `KILL CONNECTION ${ Number( r.ID ) }` );
			}
			if ( mine.length > 0 ) {
				return mine.length;
			}
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 1 ) );
	}
	return 0;
}

async function storageNames(): Promise< string[] > {
	return ( await fs.readdir( stack.STORAGE_DIR ) ).sort();
}

async function snapshotStatus( id: string ): Promise< string | undefined > {
	const conn = await dbConnection( stack );
	try {
		const [ rows ] = await conn.query< mysql.RowDataPacket[] >(
			`SELECT status FROM ${ stack.TABLE_PREFIX }syteops_backups WHERE id = ?`,
			[ id ]
		);
		return rows[ 0 ]?.status;
	} finally {
		await conn.end();
	}
}

async function capturing(): Promise< number > {
	const conn = await dbConnection( stack );
	try {
		const [ rows ] = await conn.query< mysql.RowDataPacket[] >(
			`SELECT COUNT(*) AS n FROM ${ stack.TABLE_PREFIX }syteops_backups WHERE status IN ('capturing','restoring')`
		);
		return Number( rows[ 0 ].n );
	} finally {
		await conn.end();
	}
}

describe( 'the database connection lost during a backup', () => {
	const made: string[] = [];

	beforeAll( async () => {
		// The application password's first use records last_used in usermeta: let that happen first.
		await admin.request( 'GET', `${ API }/backups` );
		const conn = await dbConnection( stack );
		try {
			await conn.query( `DROP TABLE IF EXISTS ${ BULK }` );
			await conn.query(
				`CREATE TABLE ${ BULK } ( id INT NOT NULL PRIMARY KEY, payload VARCHAR(200) NOT NULL ) ENGINE=InnoDB`
			);
			await conn.query(
				`INSERT INTO ${ BULK } SELECT seq, REPEAT(MD5(seq), 6) FROM seq_1_to_300000`
			);
		} finally {
			await conn.end();
		}
	} );

	afterAll( async () => {
		const conn = await dbConnection( stack );
		try {
			await conn.query( `DROP TABLE IF EXISTS ${ BULK }` );
		} finally {
			await conn.end();
		}
		await deleteSnapshots( admin, made );
	} );

	it( 'fails the job with a named error and leaves no partial archive, a consistent catalog and the site as it was', async () => {
		const root = await rootSession();
		const outcomes: string[] = [];
		try {
			for ( let trial = 0; trial < TRIALS; trial++ ) {
				const site = await fingerprint( stack );
				const storage = await storageNames();
				const started = await admin.request< { job_id: string } >(
					'POST',
					`${ API }/backups`,
					{ label: `database lost ${ trial }` }
				);
				expect( started.status ).toBe( 202 );
				const killed = await killSidecarConnectionsMidDump( root );
				const job = await waitForJob( admin, started.body.job_id );
				outcomes.push(
					`${ job.state } ${ job.error?.code ?? JSON.stringify( job ) } (${ killed } connections killed)`
				);
				expect( killed ).toBeGreaterThan( 0 );
				expect( job.state ).toBe( 'failed' );
				expect( job.error?.code ).toMatch(
					/^syteops_(db_query_failed|database_unavailable)$/
				);
				expect( job.error?.message ).not.toContain( stack.DB_PASSWORD );
				if ( job.snapshot_id ) {
					expect( await snapshotStatus( job.snapshot_id ) ).toBe(
						'failed'
					);
				}
				expect( await capturing() ).toBe( 0 );
				expect( await storageNames() ).toEqual( storage );
				expect( await fingerprint( stack ) ).toEqual( site );
			}
			// The sidecar's pool recovers: the next backup succeeds.
			const next = await takeBackup(
				admin,
				'after the database came back'
			);
			made.push( next.snapshot_id as string );
		} finally {
			await root.end();
			printSummary(
				'database lost mid-dump',
				`${ outcomes.filter( ( o ) => o.startsWith( 'failed syteops_' ) ).length }/${ TRIALS } backups failed cleanly (${ outcomes.join( '; ' ) }), no partial archive, no snapshot capturing, site unchanged, next backup ${ made.length ? 'succeeded' : 'NOT RUN' }`
			);
		}
	} );
} );
