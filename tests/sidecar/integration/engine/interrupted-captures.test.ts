/**
 * The moment a backup's archive gets its final name and the moment its catalog row turns available are two
 * steps. On a scratch copy of the test stack's site A database (database only, a temp storage directory):
 * the row names its archive before the archive exists; a backup whose row cannot turn available removes
 * the archive it published; and the state a kill between the two steps leaves (a capturing row naming a
 * complete archive) is cleaned by start-up recovery, so `rescan` finds no archive without a row. Recovery
 * that finds the site lock held by another process (a CLI run, which recovered before it took the lock)
 * leaves that process's temp archive and capturing row alone.
 */
import { mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';

import { archivesOnDisk } from '../../../../sidecar/src/cli/commands/rescan';
import { planRescan } from '../../../../sidecar/src/cli/rescan-plan';
import { takeFullBackup } from '../../../../sidecar/src/engine/backup';
import type { SiteContext } from '../../../../sidecar/src/engine/context';
import type { JobContext } from '../../../../sidecar/src/engine/job-runner';
import {
	recoverAtStart,
	recoverIfSiteIdle,
} from '../../../../sidecar/src/engine/recovery';
import { SiteLock } from '../../../../sidecar/src/engine/site-lock';
import { ARCHIVE_NAME_PATTERN } from '../../../../sidecar/src/repository/storage/target';
import { Uploads } from '../../../../sidecar/src/repository/uploads';
import { loadStackEnv } from '../../../support/stack';
import {
	copySiteTables,
	createScratch,
	scratchSite,
	type Scratch,
} from '../db/support/scratch';

const stack = loadStackEnv();
const PREFIX = stack.TABLE_PREFIX;

let scratch: Scratch;
let storageDir: string;

function site(): SiteContext {
	return scratchSite( scratch, PREFIX, storageDir );
}

async function catalogRow( id: string ): Promise< RowDataPacket > {
	const [ rows ] = await scratch.pool.query< RowDataPacket[] >(
		`SELECT status, archive_name, error_code FROM \`${ PREFIX }syteops_backups\` WHERE id = ?`,
		[ id ]
	);
	return rows[ 0 ];
}

async function archivesInStorage(): Promise< string[] > {
	return ( await fs.readdir( storageDir ) )
		.filter( ( name ) => name.endsWith( '.zip' ) )
		.sort();
}

/**
 * What `rescan` would add: archives in storage that no catalog row names.
 * @param context
 */
async function unnamedArchives( context: SiteContext ): Promise< string[] > {
	const plan = planRescan(
		await archivesOnDisk( storageDir ),
		await context.catalog.all( [
			'capturing',
			'available',
			'restoring',
			'failed',
			'deleted',
		] )
	);
	return plan.add.map( ( row ) => row.name );
}

function backup( context: SiteContext, job: JobContext | null = null ) {
	return takeFullBackup(
		context,
		{ type: 'manual', label: 'publish window', userId: null },
		job
	);
}

/**
 * A capture as a process that died (or is still running) leaves it once its archive is published: the
 * complete archive under the name the row claimed, the row still capturing (markAvailable never ran).
 * @param context
 */
async function capturingWithPublishedArchive(
	context: SiteContext
): Promise< { id: string; name: string } > {
	const taken = await backup( context );
	const { archive_name: name } = await catalogRow( taken.snapshot_id );
	await scratch.pool.query(
		`UPDATE \`${ PREFIX }syteops_backups\` SET status = 'capturing', size_bytes = 0, manifest_summary = NULL WHERE id = ?`,
		[ taken.snapshot_id ]
	);
	return { id: taken.snapshot_id, name };
}

beforeAll( async () => {
	scratch = await createScratch();
	await copySiteTables( scratch, stack.DB_NAME, PREFIX );
	// No jobs of site A's sidecar, and this test's storage directory (site A's settings may name another).
	await scratch.pool.query( `DELETE FROM \`${ PREFIX }syteops_jobs\`` );
	await scratch.pool.query(
		`DELETE FROM \`${ PREFIX }options\` WHERE option_name = 'syteops_backup_settings'`
	);
	storageDir = mkdtempSync( path.join( os.tmpdir(), 'syteops-publish-' ) );
} );

afterAll( async () => {
	await scratch?.drop();
	await fs.rm( storageDir, { recursive: true, force: true } );
} );

beforeEach( async () => {
	await scratch.pool.query( `DELETE FROM \`${ PREFIX }syteops_backups\`` );
	for ( const name of await fs.readdir( storageDir ) ) {
		await fs.rm( path.join( storageDir, name ), {
			recursive: true,
			force: true,
		} );
	}
} );

it( 'a capturing row already names its archive while the archive is written, and no file has that name yet', async () => {
	const context = site();
	const seen: {
		status: string;
		name: string;
		fileExists: boolean;
		phase: string;
	}[] = [];
	let snapshotId = '';
	const checks: Promise< void >[] = [];
	const job: JobContext = {
		jobId: 'publish-window',
		setSnapshot: async ( id ) => {
			snapshotId = id;
		},
		progress: ( phase ) => {
			checks.push(
				( async () => {
					const row = await catalogRow( snapshotId );
					seen.push( {
						phase,
						status: row.status,
						name: row.archive_name,
						fileExists: await fs
							.stat( path.join( storageDir, row.archive_name ) )
							.then(
								( s ) => s.isFile(),
								() => false
							),
					} );
				} )()
			);
		},
	};
	const taken = await backup( context, job );
	await Promise.all( checks );
	const finalRow = await catalogRow( taken.snapshot_id );
	expect( finalRow.status ).toBe( 'available' );
	expect( finalRow.archive_name ).toMatch( ARCHIVE_NAME_PATTERN );
	// Progress reported before the archive was finished: the row named it, the file was not there yet.
	const beforeFinish = seen.filter( ( s ) => s.status === 'capturing' );
	expect( beforeFinish.length ).toBeGreaterThan( 0 );
	for ( const s of beforeFinish ) {
		expect( s ).toMatchObject( {
			name: finalRow.archive_name,
			fileExists: false,
		} );
	}
	expect( await archivesInStorage() ).toEqual( [ finalRow.archive_name ] );
} );

it( 'a backup whose row cannot turn available removes the archive it published and fails the row', async () => {
	const context = site();
	let published: string[] = [];
	// The database refusing the last write of a backup, after the archive is published.
	context.catalog.markAvailable = async () => {
		published = await archivesInStorage();
		throw new Error( 'connection lost while recording the snapshot' );
	};
	await expect( backup( context ) ).rejects.toThrow( 'connection lost' );
	expect( published ).toHaveLength( 1 );
	expect( await archivesInStorage() ).toEqual( [] );
	const [ rows ] = await scratch.pool.query< RowDataPacket[] >(
		`SELECT status, archive_name FROM \`${ PREFIX }syteops_backups\` WHERE archive_name = ?`,
		[ published[ 0 ] ]
	);
	expect( rows ).toEqual( [
		{ status: 'failed', archive_name: published[ 0 ] },
	] );
	expect( await unnamedArchives( context ) ).toEqual( [] );
} );

it( 'a row that turned available although its write reported a failure ends failed, and only then loses its archive', async () => {
	const context = site();
	const markAvailable = context.catalog.markAvailable.bind( context.catalog );
	let availableBeforeRemoval = false;
	// The UPDATE committed, but its answer was lost on the way back.
	context.catalog.markAvailable = async ( ...args ) => {
		await markAvailable( ...args );
		throw new Error( 'connection lost after the update' );
	};
	const markFailed = context.catalog.markFailed.bind( context.catalog );
	context.catalog.markFailed = async ( ...args ) => {
		// The archive must still be there while the row is being failed.
		availableBeforeRemoval = ( await archivesInStorage() ).length === 1;
		await markFailed( ...args );
	};
	await expect( backup( context ) ).rejects.toThrow( 'connection lost' );
	expect( availableBeforeRemoval ).toBe( true );
	expect( await archivesInStorage() ).toEqual( [] );
	const [ rows ] = await scratch.pool.query< RowDataPacket[] >(
		`SELECT status FROM \`${ PREFIX }syteops_backups\``
	);
	expect( rows.map( ( r ) => r.status ) ).toEqual( [ 'failed' ] );
} );

it( 'a published archive stays with its capturing row when no row write gets through, and recovery removes both', async () => {
	const context = site();
	context.catalog.markAvailable = async () => {
		throw new Error( 'database gone' );
	};
	context.catalog.markFailed = async () => {
		throw new Error( 'database gone' );
	};
	await expect( backup( context ) ).rejects.toThrow( 'database gone' );
	const [ rows ] = await scratch.pool.query< RowDataPacket[] >(
		`SELECT id, status, archive_name FROM \`${ PREFIX }syteops_backups\``
	);
	expect( rows ).toHaveLength( 1 );
	expect( rows[ 0 ].status ).toBe( 'capturing' );
	expect( await archivesInStorage() ).toEqual( [ rows[ 0 ].archive_name ] );
	expect( await unnamedArchives( site() ) ).toEqual( [] );
	await recoverAtStart( site(), new Uploads( storageDir ), [] );
	expect( await archivesInStorage() ).toEqual( [] );
	expect( await catalogRow( rows[ 0 ].id ) ).toMatchObject( {
		status: 'failed',
	} );
} );

it( 'start-up recovery after a kill between publishing and recording removes the archive and fails the capture', async () => {
	const context = site();
	// What a kill right after the rename leaves.
	const { id, name } = await capturingWithPublishedArchive( context );
	expect( await archivesInStorage() ).toEqual( [ name ] );
	const report = await recoverAtStart(
		context,
		new Uploads( storageDir ),
		[]
	);
	expect( report ).toMatchObject( {
		interrupted_archives_removed: 1,
		failed: 1,
	} );
	expect( await archivesInStorage() ).toEqual( [] );
	expect( await catalogRow( id ) ).toMatchObject( {
		status: 'failed',
		error_code: 'syteops_job_interrupted',
	} );
	expect( await unnamedArchives( context ) ).toEqual( [] );
} );

it( 'start-up recovery leaves the archives of available snapshots alone', async () => {
	const context = site();
	const taken = await backup( context );
	const { archive_name: name } = await catalogRow( taken.snapshot_id );
	const report = await recoverAtStart(
		context,
		new Uploads( storageDir ),
		[]
	);
	expect( report ).toMatchObject( { interrupted_archives_removed: 0 } );
	expect( await archivesInStorage() ).toEqual( [ name ] );
	expect( await catalogRow( taken.snapshot_id ) ).toMatchObject( {
		status: 'available',
	} );
} );

it( 'recovery while another process holds the site lock leaves its temp archive and capturing row alone', async () => {
	const context = site();
	// Another process's backup in progress: its lock, its capturing row naming its archive, its temp file.
	const { id, name } = await capturingWithPublishedArchive( context );
	const temp = path.join( storageDir, '.tmp-0123456789abcdef.zip' );
	await fs.writeFile( temp, 'being written' );
	const release = await new SiteLock(
		scratch.pool,
		scratch.name,
		PREFIX
	).tryAcquire();
	expect( release ).not.toBeNull();
	try {
		expect(
			await recoverIfSiteIdle( context, new Uploads( storageDir ) )
		).toBeNull();
		expect( ( await fs.readdir( storageDir ) ).sort() ).toEqual( [
			'.tmp-0123456789abcdef.zip',
			name,
		] );
		expect( await catalogRow( id ) ).toMatchObject( {
			status: 'capturing',
		} );
	} finally {
		await release?.();
	}
	// Once the site is free, the same leftovers are recovered.
	expect(
		await recoverIfSiteIdle( context, new Uploads( storageDir ) )
	).toMatchObject( {
		interrupted_archives_removed: 1,
		partial_archives_removed: 1,
		failed: 1,
	} );
	expect( await fs.readdir( storageDir ) ).toEqual( [] );
} );
