/**
 * Full disk: a dedicated sidecar for site A whose storage directory is a 1 MiB tmpfs (the site's archive is
 * a few MiB) takes a backup. It must fail with the catalogue's `syteops_archive_write_failed` naming the
 * full disk in words, leave no file at all on that filesystem (no temp file, no partial archive), leave no snapshot
 * capturing, and leave the site exactly as it was.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type mysql from 'mysql2/promise';

import { dbConnection, fingerprint } from '../support/site-fingerprint';
import { loadStackEnv } from '../support/stack';
import { printSummary } from './support/backups';
import {
	startDedicatedSidecar,
	type DedicatedSidecar,
} from './support/sidecar-direct';

const stack = loadStackEnv();
const SIZE = '1m';

interface Job {
	state: string;
	snapshot_id: string | null;
	error: { code: string; message: string } | null;
}

async function catalogSince( since: Date ): Promise< mysql.RowDataPacket[] > {
	const conn = await dbConnection( stack );
	try {
		const [ rows ] = await conn.query< mysql.RowDataPacket[] >(
			`SELECT id, status, archive_name FROM ${ stack.TABLE_PREFIX }syteops_backups WHERE created_at >= ? OR status IN ('capturing','restoring')`,
			[ since ]
		);
		return rows;
	} finally {
		await conn.end();
	}
}

/**
 * Every file under `dir` (the sidecar's empty uploads directory is not a file).
 * @param dir
 */
async function filesUnder( dir: string ): Promise< string[] > {
	const found: string[] = [];
	for ( const entry of await fs.readdir( dir, { withFileTypes: true } ) ) {
		const full = path.join( dir, entry.name );
		found.push(
			...( entry.isDirectory() ? await filesUnder( full ) : [ full ] )
		);
	}
	return found;
}

describe( 'a backup onto a full filesystem', () => {
	let mount: string;
	let sidecar: DedicatedSidecar | undefined;

	beforeAll( async () => {
		mount = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-full-' ) );
		execFileSync( 'mount', [
			'-t',
			'tmpfs',
			'-o',
			`size=${ SIZE },mode=700`,
			'tmpfs',
			mount,
		] );
		sidecar = await startDedicatedSidecar( stack, mount );
	} );

	afterAll( async () => {
		await sidecar?.stop();
		execFileSync( 'umount', [ mount ] );
		await fs.rmdir( mount );
	} );

	it( 'fails with syteops_archive_write_failed, leaves nothing on the disk and the site untouched', async () => {
		const client = ( sidecar as DedicatedSidecar ).client;
		const site = await fingerprint( stack );
		// MariaDB keeps whole seconds: a row created in this second counts as created since.
		const since = new Date( Math.floor( Date.now() / 1000 ) * 1000 );
		let started = await client.request< { job_id: string } >(
			'POST',
			'/v1/backups',
			{ label: 'full disk' }
		);
		for ( let wait = 0; started.status === 409 && wait < 120; wait++ ) {
			// Another test's backup holds the site lock for a moment.
			await new Promise( ( resolve ) => setTimeout( resolve, 500 ) );
			started = await client.request< { job_id: string } >(
				'POST',
				'/v1/backups',
				{ label: 'full disk' }
			);
		}
		expect( started.status ).toBe( 202 );
		let job: Job = { state: 'running', snapshot_id: null, error: null };
		for ( let i = 0; i < 600 && job.state === 'running'; i++ ) {
			await new Promise( ( resolve ) => setTimeout( resolve, 200 ) );
			job = (
				await client.request< Job >(
					'GET',
					`/v1/jobs/${ started.body.job_id }`
				)
			).body;
		}
		const left = await filesUnder( mount );
		const rows = await catalogSince( since );
		printSummary(
			'full disk',
			`backup onto a ${ SIZE.toUpperCase() }iB tmpfs: ${ job.state } with ${ job.error?.code } ("${ job.error?.message }"), ${ left.length } files left on it, ${ rows.filter( ( r ) => r.status === 'capturing' ).length } snapshots capturing, site ${ JSON.stringify( await fingerprint( stack ) ) === JSON.stringify( site ) ? 'untouched' : 'CHANGED' }`
		);
		expect( job.state ).toBe( 'failed' );
		expect( job.error?.code ).toBe( 'syteops_archive_write_failed' );
		expect( job.error?.message ).toBe(
			'The archive could not be written: the storage disk is full (ENOSPC)'
		);
		expect( left ).toEqual( [] );
		expect( rows.map( ( r ) => r.status ) ).toEqual( [ 'failed' ] );
		expect( await fingerprint( stack ) ).toEqual( site );
	} );
} );
