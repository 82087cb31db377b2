/**
 * Through the real REST API of the test stack's site A, as its administrator: take a backup, see it listed
 * with its size, verify it, change the site, restore it, and get every table row and every file back byte
 * for byte, with the audit log untouched by the restore apart from its two entries (start, finish); verify
 * finds a single flipped byte in a stored archive.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import {
	damageSite,
	dbConnection,
	fingerprint,
} from '../../../support/site-fingerprint';
import { waitForJob } from '../../../support/jobs';
import { loadStackEnv } from '../../../support/stack';
import { WpRest } from '../../../support/wp-rest';

const stack = loadStackEnv();
const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
const api = '/syteops/v1';

async function takeBackup( label: string ): Promise< string > {
	const started = await admin.request< { job_id: string } >(
		'POST',
		`${ api }/backups`,
		{ label }
	);
	expect( started.status ).toBe( 202 );
	const job = await waitForJob( admin, started.body.job_id );
	expect( job.state ).toBe( 'succeeded' );
	return job.snapshot_id as string;
}

describe( 'full backup and restore through the REST API', () => {
	it( 'restores every table row and every file byte for byte after the site was changed', async () => {
		const snapshotId = await takeBackup( 'integration round trip' );
		const before = await fingerprint( stack );

		const listed = await admin.request<
			{ id: string; size_bytes: number; status: string }[]
		>( 'GET', `${ api }/backups?per_page=100` );
		const row = listed.body.find( ( s ) => s.id === snapshotId );
		expect( row ).toMatchObject( { status: 'available' } );
		expect( row?.size_bytes ).toBeGreaterThan( 100_000 );
		expect(
			Number( listed.headers.get( 'x-wp-total' ) )
		).toBeGreaterThanOrEqual( 1 );

		const verify = await admin.request< { job_id: string } >(
			'POST',
			`${ api }/backups/${ snapshotId }/verify`
		);
		const verified = await waitForJob( admin, verify.body.job_id );
		expect( verified.result ).toMatchObject( { ok: true } );

		await damageSite( stack );
		expect( await fingerprint( stack ) ).not.toEqual( before );

		const preview = await admin.request< {
			cross_site: boolean;
			diff: {
				tables: {
					name: string;
					rows_in_archive: number;
					rows_now: number;
				}[];
				users: { added: number; removed: number };
			};
		} >( 'GET', `${ api }/backups/${ snapshotId }/preview` );
		expect( preview.body.cross_site ).toBe( false );
		const notes = preview.body.diff.tables.find(
			( t ) => t.name === 'syteops_notes'
		);
		expect( notes && notes.rows_now < notes.rows_in_archive ).toBe( true );
		expect( preview.body.diff.users ).toMatchObject( {
			added: 0,
			removed: 0,
		} );

		const unconfirmed = await admin.request< { code: string } >(
			'POST',
			`${ api }/backups/${ snapshotId }/restore`,
			{}
		);
		expect( unconfirmed.body.code ).toBe( 'rest_missing_callback_param' );
		const refused = await admin.request< { code: string } >(
			'POST',
			`${ api }/backups/${ snapshotId }/restore`,
			{ confirm: false }
		);
		expect( refused.body.code ).toBe( 'syteops_restore_unconfirmed' );

		// The audit log before the restore: it must come out of the restore whole (it is never rolled back).
		const auditDb = await dbConnection( stack );
		const auditRows = async () =>
			(
				await auditDb.query(
					`SELECT id, action, snapshot_id, change_shape FROM ${ stack.TABLE_PREFIX }syteops_audit ORDER BY id`
				)
			)[ 0 ] as {
				id: number;
				action: string;
				snapshot_id: string | null;
				change_shape: string;
			}[];
		const auditBefore = await auditRows();

		const restore = await admin.request< { job_id: string } >(
			'POST',
			`${ api }/backups/${ snapshotId }/restore`,
			{ confirm: true }
		);
		expect( restore.status ).toBe( 202 );
		const done = await waitForJob( admin, restore.body.job_id );
		expect( done.error ).toBeNull();
		// Every table is InnoDB here: only options (written by the swap) needs its live rows digested again.
		expect( done.result ).toMatchObject( {
			verification: { ok: true, tables_digested: 1, mismatches: [] },
		} );

		const after = await fingerprint( stack );
		expect( after.tables ).toEqual( before.tables );
		expect( after.options ).toBe( before.options );
		expect( after.files ).toEqual( before.files );

		const preRestoreId = (
			done.result as { pre_restore_snapshot_id: string }
		 ).pre_restore_snapshot_id;
		const preRestore = await admin.request< {
			label: string;
			type: string;
			retention_until: string;
			taken_at: string;
		} >( 'GET', `${ api }/backups/${ preRestoreId }` );
		expect( preRestore.body.label ).toMatch(
			/^pre-restore-\d{4}-\d{2}-\d{2}-\d{4}$/
		);
		expect( preRestore.body.type ).toBe( 'manual' );
		const days =
			( Date.parse( preRestore.body.retention_until ) -
				Date.parse( preRestore.body.taken_at ) ) /
			86400_000;
		expect( Math.round( days ) ).toBe( 30 );

		try {
			const auditAfter = await auditRows();
			// Every entry written before, including this backup's own snapshot.create (written after its
			// archive was captured), is still there: the restore did not roll the log back.
			expect( auditAfter.slice( 0, auditBefore.length ) ).toEqual(
				auditBefore
			);
			expect(
				auditBefore.some(
					( e ) =>
						e.action === 'snapshot.create' &&
						e.snapshot_id === snapshotId
				)
			).toBe( true );
			// And the restore wrote two entries: its start with the pre-restore snapshot, its end with the check.
			const added = auditAfter
				.slice( auditBefore.length )
				.filter( ( e ) => e.snapshot_id === snapshotId );
			expect( added.map( ( e ) => e.action ) ).toEqual( [
				'restore.start',
				'restore.finish',
			] );
			expect( JSON.parse( added[ 0 ].change_shape ) ).toMatchObject( {
				pre_restore_snapshot_id: preRestoreId,
			} );
			expect( JSON.parse( added[ 1 ].change_shape ) ).toMatchObject( {
				verification: { ok: true, mismatches: [] },
			} );
		} finally {
			await auditDb.end();
		}
	} );

	it( 'finds a single flipped byte in a stored archive and names the damaged entry', async () => {
		const snapshotId = await takeBackup( 'bit flip' );
		const files = ( await fs.readdir( stack.STORAGE_DIR ) ).filter( ( f ) =>
			f.endsWith( '.zip' )
		);
		const stats = await Promise.all(
			files.map( async ( f ) => ( {
				f,
				t: ( await fs.stat( path.join( stack.STORAGE_DIR, f ) ) )
					.mtimeMs,
			} ) )
		);
		const newest = path.join(
			stack.STORAGE_DIR,
			stats.sort( ( a, b ) => b.t - a.t )[ 0 ].f
		);
		const bytes = await fs.readFile( newest );
		const at = Math.floor( bytes.length / 3 );
		bytes[ at ] = 255 - bytes[ at ];
		await fs.writeFile( newest, bytes );
		try {
			const verify = await admin.request< { job_id: string } >(
				'POST',
				`${ api }/backups/${ snapshotId }/verify`
			);
			const report = ( await waitForJob( admin, verify.body.job_id ) )
				.result as {
				ok: boolean;
				findings: { severity: string; code: string }[];
			};
			expect( report.ok ).toBe( false );
			expect(
				report.findings.filter( ( f ) => f.severity === 'error' )
			).toHaveLength( 1 );
		} finally {
			bytes[ at ] = 255 - bytes[ at ];
			await fs.writeFile( newest, bytes );
		}
	} );

	it( 'names a file damaged in bits no entry check sees by the checksum recorded when it was written', async () => {
		const snapshotId = await takeBackup( 'file checksum' );
		const conn = await dbConnection( stack );
		const table = `${ stack.TABLE_PREFIX }syteops_backups`;
		try {
			// Stand-in for damage invisible to the entry checks: the file no longer matches its recorded checksum.
			await conn.query(
				`UPDATE ${ table } SET manifest_summary = JSON_SET( manifest_summary, '$.archive_sha256', REPEAT( '0', 64 ) ) WHERE id = ?`,
				[ snapshotId ]
			);
			const verify = await admin.request< { job_id: string } >(
				'POST',
				`${ api }/backups/${ snapshotId }/verify`
			);
			const report = ( await waitForJob( admin, verify.body.job_id ) )
				.result as {
				ok: boolean;
				findings: { severity: string; code: string }[];
			};
			expect( report.ok ).toBe( false );
			expect(
				report.findings
					.filter( ( f ) => f.severity === 'error' )
					.map( ( f ) => f.code )
			).toEqual( [ 'syteops_archive_file_checksum_mismatch' ] );
		} finally {
			await conn.end();
		}
	} );
} );
