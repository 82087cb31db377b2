/**
 * The configured local storage target through the real REST API of site A: a path inside the WordPress
 * directory or one the sidecar cannot write to is refused by name; once a path on another filesystem (a tmpfs
 * under /dev/shm) is saved, scheduled and manual backups and registered uploads land there and nowhere else, and
 * download, verify and preview read them from there; after switching back to the default directory the earlier
 * archives are still downloaded, verified and restored from the old path, and deleting them removes their files.
 * The schedule is left disabled on the default directory; the extra directory is removed.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { waitForJob, type JobView } from '../../../support/jobs';
import { loadStackEnv } from '../../../support/stack';
import { WpRest } from '../../../support/wp-rest';

const stack = loadStackEnv();
const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
const api = '/syteops/v1';
const alt = `/dev/shm/syteops-alt-storage-${ process.pid }`;

interface ErrorBody {
	code: string;
	message: string;
	data: { details: { field?: string } };
}

interface ScheduleView {
	schedule: { storage: { path: string; is_default: boolean } };
	storage_targets: {
		type: string;
		path?: string;
		default_path?: string;
		writable?: boolean;
	}[];
}

const schedule = ( storagePath: string ) => ( {
	enabled: false,
	frequency: 'daily',
	time_of_day: '03:00',
	keep_last: 1000,
	retention_days: 3650,
	max_snapshots: 1000,
	storage: { target: 'local', path: storagePath },
} );

async function zipsIn( dir: string ): Promise< string[] > {
	return ( await fs.readdir( dir ) ).filter( ( n ) => n.endsWith( '.zip' ) );
}

async function finished( started: { job_id: string } ): Promise< JobView > {
	const job = await waitForJob( admin, started.job_id );
	expect( job.error ).toBeNull();
	expect( job.state ).toBe( 'succeeded' );
	return job;
}

async function download( id: string ): Promise< Buffer > {
	const response = await fetch(
		`${ stack.WP_URL }/wp-json${ api }/backups/${ id }/download`,
		{ headers: { authorization: admin.auth } }
	);
	expect( response.status ).toBe( 200 );
	return Buffer.from( await response.arrayBuffer() );
}

async function verifies( id: string ): Promise< void > {
	const started = await admin.request< { job_id: string } >(
		'POST',
		`${ api }/backups/${ id }/verify`
	);
	expect( started.status ).toBe( 202 );
	expect( ( await finished( started.body ) ).result ).toMatchObject( {
		ok: true,
	} );
}

beforeAll( async () => {
	await fs.mkdir( alt, { mode: 0o700 } );
} );

afterAll( async () => {
	await admin.request(
		'PUT',
		`${ api }/schedule`,
		schedule( stack.STORAGE_DIR )
	);
	await admin.request( 'POST', `${ api }/schedule/disable` );
	await fs.rm( alt, { recursive: true, force: true } );
} );

describe( 'the configured local storage target', () => {
	const ids = { scheduled: '', manual: '', uploaded: '' };

	it( 'refuses a path inside the WordPress directory and one that cannot be written, naming storage.path', async () => {
		for ( const bad of [
			path.join( stack.WP_DIR, 'wp-content', 'uploads' ),
			stack.WP_DIR,
			`${ alt }-missing`,
		] ) {
			const refused = await admin.request< ErrorBody >(
				'PUT',
				`${ api }/schedule`,
				schedule( bad )
			);
			expect( [ bad, refused.status ] ).toEqual( [ bad, 400 ] );
			expect( refused.body.code ).toBe( 'syteops_schedule_invalid' );
			expect( refused.body.data.details.field ).toBe( 'storage.path' );
		}
		const inside = await admin.request< ErrorBody >(
			'PUT',
			`${ api }/schedule`,
			schedule( path.join( stack.WP_DIR, 'wp-content' ) )
		);
		expect( inside.body.message ).toContain(
			'inside the WordPress directory'
		);
	} );

	it( 'writes scheduled, manual and uploaded archives to the saved path and serves them from there', async () => {
		const defaultBefore = new Set( await zipsIn( stack.STORAGE_DIR ) );
		const saved = await admin.request< ScheduleView >(
			'PUT',
			`${ api }/schedule`,
			schedule( alt )
		);
		expect( saved.status ).toBe( 200 );
		expect( saved.body.schedule.storage ).toEqual( {
			type: 'local',
			path: alt,
			is_default: false,
		} );
		expect( saved.body.storage_targets[ 0 ] ).toMatchObject( {
			type: 'local',
			path: alt,
			default_path: stack.STORAGE_DIR,
			writable: true,
		} );

		const run = await admin.request< { job_id: string } >(
			'POST',
			`${ api }/schedule/run`
		);
		ids.scheduled = ( await finished( run.body ) ).snapshot_id as string;
		const manual = await admin.request< { job_id: string } >(
			'POST',
			`${ api }/backups`,
			{ label: 'to the configured path' }
		);
		ids.manual = ( await finished( manual.body ) ).snapshot_id as string;
		expect( await zipsIn( alt ) ).toHaveLength( 2 );

		const bytes = await download( ids.scheduled );
		const [ first, second ] = await zipsIn( alt );
		const altFiles = await Promise.all(
			[ first, second ].map( ( n ) => fs.readFile( path.join( alt, n ) ) )
		);
		expect( altFiles.some( ( f ) => f.equals( bytes ) ) ).toBe( true );
		await verifies( ids.scheduled );
		const preview = await admin.request< { snapshot_id: string } >(
			'GET',
			`${ api }/backups/${ ids.manual }/preview`
		);
		expect( preview.status ).toBe( 200 );
		expect( preview.body.snapshot_id ).toBe( ids.manual );

		// An upload lives in the default directory's uploads/: registering it copies it across filesystems.
		const opened = await admin.request< { upload_id: string } >(
			'POST',
			`${ api }/uploads`,
			{ filename: 'other-path.zip', size: bytes.length }
		);
		await admin.request(
			'PUT',
			`${ api }/uploads/${ opened.body.upload_id }?offset=0`,
			bytes
		);
		const completed = await admin.request< { backup_id: string } >(
			'POST',
			`${ api }/uploads/${ opened.body.upload_id }/complete`
		);
		expect( completed.status ).toBe( 200 );
		ids.uploaded = completed.body.backup_id;
		const inAlt = await zipsIn( alt );
		expect( inAlt ).toHaveLength( 3 );
		expect( ( await download( ids.uploaded ) ).equals( bytes ) ).toBe(
			true
		);

		// Nothing new in the default directory.
		expect(
			( await zipsIn( stack.STORAGE_DIR ) ).filter(
				( n ) => ! defaultBefore.has( n )
			)
		).toEqual( [] );
	} );

	it( 'still reads, restores and deletes the archives on the earlier path after switching back', async () => {
		const back = await admin.request< ScheduleView >(
			'PUT',
			`${ api }/schedule`,
			schedule( stack.STORAGE_DIR )
		);
		expect( back.status ).toBe( 200 );
		expect( back.body.storage_targets[ 0 ].path ).toBe( stack.STORAGE_DIR );
		expect( back.body.schedule.storage.is_default ).toBe( true );
		const defaultBefore = new Set( await zipsIn( stack.STORAGE_DIR ) );

		await verifies( ids.manual );
		expect( ( await download( ids.scheduled ) ).length ).toBeGreaterThan(
			100_000
		);
		// taken_at has one-second resolution: keep the pre-restore snapshot strictly newer than the upload, so
		// the order of the deletes below never depends on a tie.
		await new Promise( ( resolve ) => setTimeout( resolve, 1100 ) );
		const restore = await admin.request< { job_id: string } >(
			'POST',
			`${ api }/backups/${ ids.manual }/restore`,
			{ confirm: true }
		);
		expect( restore.status ).toBe( 202 );
		const restored = await finished( restore.body );
		expect( restored.result ).toMatchObject( {
			verification: { ok: true },
		} );
		// The pre-restore snapshot is new, so it went to the default directory; the earlier path got nothing.
		const preRestore = (
			restored.result as { pre_restore_snapshot_id: string }
		 ).pre_restore_snapshot_id;
		expect(
			( await zipsIn( stack.STORAGE_DIR ) ).filter(
				( n ) => ! defaultBefore.has( n )
			)
		).toHaveLength( 1 );
		expect( await zipsIn( alt ) ).toHaveLength( 3 );
		expect( preRestore ).toMatch( /^[0-9a-f]{32}$/ );

		for ( const id of Object.values( ids ) ) {
			const deleted = await admin.request(
				'DELETE',
				`${ api }/backups/${ id }`
			);
			expect( [ id, deleted.status ] ).toEqual( [ id, 200 ] );
		}
		expect( await zipsIn( alt ) ).toEqual( [] );
	} );
} );
