/**
 * kill -9 of the real sidecar at spread-out points of a backup and of a restore (fractions of a measured
 * uninterrupted run), then a restart: the live site is either untouched or completely restored, never in
 * between; no snapshot is left capturing or restoring; no partial archive, archive without a catalog row,
 * staging table or staging directory remains; a completely restored site is always license-locked, an untouched one never newly is.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type mysql from 'mysql2/promise';

import { ARCHIVE_NAME_PATTERN } from '../../../../sidecar/src/repository/storage/target';
import {
	damageSite,
	dbConnection,
	fingerprint,
	type SiteFingerprint,
} from '../../../support/site-fingerprint';
import { waitForJob } from '../../../support/jobs';
import {
	loadStackEnv,
	startSidecar,
	stopSidecar,
} from '../../../support/stack';
import { WpRest } from '../../../support/wp-rest';

const stack = loadStackEnv();
const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
const api = '/syteops/v1';
const sleep = ( ms: number ) =>
	new Promise( ( resolve ) => setTimeout( resolve, ms ) );
const FRACTIONS = [ 0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95 ];

async function killAndRestart(): Promise< void > {
	await stopSidecar( stack, 'a' );
	await startSidecar( stack, 'a' );
}

async function leftovers(): Promise< Record< string, unknown > > {
	const conn = await dbConnection( stack );
	try {
		const p = stack.TABLE_PREFIX;
		const [ stuck ] = await conn.query(
			`SELECT id, status FROM ${ p }syteops_backups WHERE status IN ('capturing','restoring')`
		);
		const [ work ] = await conn.query(
			'SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME LIKE ? OR TABLE_NAME LIKE ?)',
			[ `${ p }syteops\\_stg\\_%`, `${ p }syteops\\_old\\_%` ]
		);
		const inStorage = await fs.readdir( stack.STORAGE_DIR );
		const storage = inStorage.filter(
			( f ) => f.startsWith( '.tmp-' ) || f.startsWith( '.restore-state' )
		);
		// A complete archive no catalog row names (published just before the kill, its row never updated).
		const [ named ] = await conn.query< mysql.RowDataPacket[] >(
			`SELECT archive_name FROM ${ p }syteops_backups WHERE archive_name <> ''`
		);
		const names = new Set( named.map( ( r ) => r.archive_name ) );
		const unnamed = inStorage.filter(
			( f ) => ARCHIVE_NAME_PATTERN.test( f ) && ! names.has( f )
		);
		const content = (
			await fs.readdir( path.join( stack.WP_DIR, 'wp-content' ) )
		).filter(
			( f ) =>
				f.startsWith( '.syteops-staging' ) ||
				f.startsWith( '.syteops-old' )
		);
		return { stuck, work, storage, unnamed, content };
	} finally {
		await conn.end();
	}
}

async function setLicenseLock( value: object ): Promise< void > {
	const conn = await dbConnection( stack );
	try {
		await conn.query(
			`REPLACE INTO ${ stack.TABLE_PREFIX }options (option_name, option_value, autoload) VALUES ('syteops_license_lock', ?, 'no')`,
			[ JSON.stringify( value ) ]
		);
	} finally {
		await conn.end();
	}
}

async function licenseLock(): Promise< Record< string, unknown > > {
	const conn = await dbConnection( stack );
	try {
		const [ rows ] = await conn.query< mysql.RowDataPacket[] >(
			`SELECT option_value FROM ${ stack.TABLE_PREFIX }options WHERE option_name = 'syteops_license_lock'`
		);
		return JSON.parse( String( rows[ 0 ]?.option_value ?? '{}' ) );
	} finally {
		await conn.end();
	}
}

const NOTHING_LEFT = {
	stuck: [],
	work: [],
	storage: [],
	unnamed: [],
	content: [],
};

async function timed< T >(
	work: () => Promise< T >
): Promise< [ T, number ] > {
	const started = Date.now();
	const result = await work();
	return [ result, Date.now() - started ];
}

async function runBackup(): Promise< string > {
	const { body } = await admin.request< { job_id: string } >(
		'POST',
		`${ api }/backups`,
		{ label: 'crash test' }
	);
	return ( await waitForJob( admin, body.job_id ) ).snapshot_id as string;
}

describe( 'a sidecar killed mid-operation', () => {
	it( 'leaves no partial archive and no capturing snapshot, and the site untouched, when killed during a backup', async () => {
		const [ , duration ] = await timed( runBackup );
		const site = await fingerprint( stack );
		const outcomes: string[] = [];
		for ( const fraction of FRACTIONS ) {
			const { body } = await admin.request< { job_id: string } >(
				'POST',
				`${ api }/backups`,
				{ label: `killed at ${ fraction }` }
			);
			await sleep( duration * fraction );
			await killAndRestart();
			const job = await waitForJob( admin, body.job_id );
			outcomes.push( job.state );
			expect( [ 'succeeded', 'failed' ] ).toContain( job.state );
			if ( job.state === 'failed' ) {
				expect( job.error?.code ).toBe( 'syteops_job_interrupted' );
			}
			expect( await leftovers() ).toEqual( NOTHING_LEFT );
			expect( await fingerprint( stack ) ).toEqual( site );
		}
		process.stdout.write(
			`backup kill trials: ${ outcomes.join( ', ' ) } (uninterrupted backup ${ duration } ms)\n`
		);
		expect( outcomes ).toContain( 'failed' );
	} );

	it( 'leaves the site either untouched or completely restored when killed during a restore', async () => {
		const snapshotId = await runBackup();
		const restored: SiteFingerprint = await fingerprint( stack );
		const restoreOnce = async () => {
			const { body } = await admin.request< { job_id: string } >(
				'POST',
				`${ api }/backups/${ snapshotId }/restore`,
				{ confirm: true }
			);
			return body.job_id;
		};
		await damageSite( stack );
		const [ , duration ] = await timed( async () =>
			waitForJob( admin, await restoreOnce() )
		);
		expect( await fingerprint( stack ) ).toEqual( restored );

		const outcomes: string[] = [];
		for ( const fraction of FRACTIONS ) {
			await damageSite( stack );
			await setLicenseLock( { locked: false } );
			const damaged = await fingerprint( stack );
			const jobId = await restoreOnce();
			await sleep( duration * fraction );
			await killAndRestart();
			await waitForJob( admin, jobId );
			const after = await fingerprint( stack );
			const untouched =
				JSON.stringify( after ) === JSON.stringify( damaged );
			const complete =
				JSON.stringify( after ) === JSON.stringify( restored );
			let outcome = 'MIXED';
			if ( untouched ) {
				outcome = 'untouched';
			} else if ( complete ) {
				outcome = 'restored';
			}
			outcomes.push( outcome );
			expect( untouched || complete ).toBe( true );
			// The lock goes live with the restored tables: restored means locked, untouched means not.
			expect( await licenseLock() ).toMatchObject(
				complete
					? { locked: true, locked_by_restore: snapshotId }
					: { locked: false }
			);
			expect( await leftovers() ).toEqual( NOTHING_LEFT );
			if ( untouched ) {
				// Put the reference state back for the next trial.
				await waitForJob( admin, await restoreOnce() );
			}
		}
		process.stdout.write(
			`restore kill trials: ${ outcomes.join( ', ' ) } (uninterrupted restore ${ duration } ms)\n`
		);
		expect( outcomes ).toContain( 'untouched' );
	} );
} );
