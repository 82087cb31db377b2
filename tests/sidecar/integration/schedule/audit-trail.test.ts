/**
 * The audit trail through the real REST API of the test stack's site A: a manual snapshot, a pin, an unpin, an
 * upload (of that snapshot's own download), a delete, a scoped export and its import each append their entries
 * with the acting user and the shape of the change; the Backup tab's view holds the 50 most recent entries, newest first, and its filters
 * (exports, restores, automatic) return only their kind. The uploaded snapshot stays behind: it is the newest,
 * which the self-protection rule keeps while no schedule is enabled.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';

import { waitForJob } from '../../../support/jobs';
import { dbConnection } from '../../../support/site-fingerprint';
import { loadStackEnv } from '../../../support/stack';
import { WpRest } from '../../../support/wp-rest';

const stack = loadStackEnv();
const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
const api = '/syteops/v1';
const auditTable = `${ stack.TABLE_PREFIX }syteops_audit`;

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

let db: Connection;
let adminId = 0;

async function lastAuditId(): Promise< number > {
	const [ rows ] = await db.query< RowDataPacket[] >(
		`SELECT COALESCE(MAX(id), 0) AS id FROM ${ auditTable }`
	);
	return Number( rows[ 0 ].id );
}

async function entriesSince( floor: number ): Promise< AuditEntry[] > {
	const listed = await admin.request< AuditEntry[] >(
		'GET',
		`${ api }/audit`
	);
	expect( listed.status ).toBe( 200 );
	return listed.body.filter( ( e ) => e.id > floor ).reverse();
}

async function download( id: string ): Promise< Buffer > {
	const response = await fetch(
		`${ stack.WP_URL }/wp-json${ api }/backups/${ id }/download`,
		{ headers: { authorization: admin.auth } }
	);
	expect( response.status ).toBe( 200 );
	return Buffer.from( await response.arrayBuffer() );
}

beforeAll( async () => {
	db = await dbConnection( stack );
	const [ rows ] = await db.query< RowDataPacket[] >(
		`SELECT ID FROM ${ stack.TABLE_PREFIX }users WHERE user_login = ?`,
		[ stack.WP_ADMIN_USER ]
	);
	adminId = Number( rows[ 0 ].ID );
} );

afterAll( async () => {
	await db.end();
} );

describe( 'the audit trail of snapshot writes', () => {
	it( 'records create, pin, unpin, upload and delete with the acting user and the change', async () => {
		const floor = await lastAuditId();
		const started = await admin.request< { job_id: string } >(
			'POST',
			`${ api }/backups`,
			{ label: 'audit trail' }
		);
		const job = await waitForJob( admin, started.body.job_id );
		expect( job.state ).toBe( 'succeeded' );
		const taken = job.snapshot_id as string;

		const expires = new Date( Date.now() + 3 * 86_400_000 );
		expires.setUTCMilliseconds( 0 );
		expect(
			(
				await admin.request(
					'POST',
					`${ api }/backups/${ taken }/pin`,
					{
						label: 'before migration',
						expires_at: expires.toISOString(),
					}
				)
			).status
		).toBe( 200 );
		expect(
			(
				await admin.request(
					'DELETE',
					`${ api }/backups/${ taken }/pin`
				)
			).status
		).toBe( 200 );

		const archive = await download( taken );
		const opened = await admin.request< { upload_id: string } >(
			'POST',
			`${ api }/uploads`,
			{ filename: 'audit-trail.zip', size: archive.length }
		);
		expect( opened.status ).toBe( 201 );
		const uploadId = opened.body.upload_id;
		expect(
			(
				await admin.request(
					'PUT',
					`${ api }/uploads/${ uploadId }?offset=0`,
					archive
				)
			).status
		).toBe( 200 );
		const completed = await admin.request< { backup_id: string } >(
			'POST',
			`${ api }/uploads/${ uploadId }/complete`
		);
		expect( completed.status ).toBe( 200 );
		const uploaded = completed.body.backup_id;

		// The upload is now the newest snapshot, so the one it came from may be deleted.
		expect(
			( await admin.request( 'DELETE', `${ api }/backups/${ taken }` ) )
				.status
		).toBe( 200 );

		const entries = await entriesSince( floor );
		expect( entries.map( ( e ) => [ e.action, e.snapshot_id ] ) ).toEqual( [
			[ 'snapshot.create', taken ],
			[ 'snapshot.pin', taken ],
			[ 'snapshot.unpin', taken ],
			[ 'snapshot.upload', uploaded ],
			[ 'snapshot.delete', taken ],
		] );
		for ( const entry of entries ) {
			expect( entry ).toMatchObject( {
				actor: 'user',
				user_id: adminId,
				type: 'other',
			} );
			expect( entry.created_at ).toMatch(
				/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
			);
		}
		expect( entries[ 0 ].change ).toMatchObject( {
			type: 'manual',
			label: 'audit trail',
			size_bytes: archive.length,
		} );
		expect( entries[ 1 ].change ).toEqual( {
			label: 'before migration',
			expires_at: expires.toISOString(),
		} );
		expect( entries[ 2 ].change ).toEqual( {
			before: { pinned: true, label: 'before migration' },
			after: { pinned: false },
		} );
		expect( entries[ 3 ].change ).toEqual( {
			filename: 'audit-trail.zip',
			size: archive.length,
		} );
		expect( entries[ 4 ].change ).toEqual( {
			before: 'available',
			after: 'deleted',
		} );
	} );
} );

describe( 'the audit trail of scoped exports and imports', () => {
	it( 'records an export under exports and the start and end of an import under restores', async () => {
		const floor = await lastAuditId();
		const exported = await admin.request< { job_id: string } >(
			'POST',
			`${ api }/exports`,
			{ scope: 'tab', name: 'general' }
		);
		expect( exported.status ).toBe( 202 );
		const exportJob = await waitForJob( admin, exported.body.job_id );
		expect( exportJob.state ).toBe( 'succeeded' );
		const exportId = exportJob.snapshot_id as string;
		// Imported back into the same site: the General tab is written with the values it already has.
		const imported = await admin.request< { job_id: string } >(
			'POST',
			`${ api }/imports`,
			{ backup_id: exportId, confirm: true }
		);
		expect( imported.status ).toBe( 202 );
		expect(
			( await waitForJob( admin, imported.body.job_id ) ).state
		).toBe( 'succeeded' );

		const entries = await entriesSince( floor );
		expect(
			entries.map( ( e ) => [ e.action, e.type, e.snapshot_id ] )
		).toEqual( [
			[ 'export.create', 'exports', exportId ],
			[ 'import.start', 'restores', exportId ],
			[ 'import.finish', 'restores', exportId ],
		] );
		expect( entries.every( ( e ) => e.user_id === adminId ) ).toBe( true );
		expect( entries[ 0 ].change ).toMatchObject( { scope: 'tab:general' } );

		for ( const [ type, actions ] of [
			[ 'exports', [ 'export.create' ] ],
			[ 'restores', [ 'import.start', 'import.finish' ] ],
		] as const ) {
			const filtered = await admin.request< AuditEntry[] >(
				'GET',
				`${ api }/audit?type=${ type }`
			);
			const mine = filtered.body
				.filter( ( e ) => e.id > floor )
				.map( ( e ) => e.action )
				.reverse();
			expect( mine ).toEqual( actions );
		}
		expect(
			(
				await admin.request(
					'DELETE',
					`${ api }/backups/${ exportId }`
				)
			).status
		).toBe( 200 );
	} );
} );

describe( 'the audit view', () => {
	const marker = `test.audit-view-${ process.pid }`;

	afterAll( async () => {
		await db.query( `DELETE FROM ${ auditTable } WHERE action = ?`, [
			marker,
		] );
	} );

	it( 'shows the 50 most recent entries newest first, and each filter only its own kind', async () => {
		// 60 entries of each filterable kind, newer than anything already there, so page 1 is all ours.
		const values: unknown[][] = [];
		for ( const type of [ 'exports', 'restores', 'automatic' ] ) {
			for ( let i = 0; i < 60; i++ ) {
				values.push( [
					'2099-01-01 00:00:00',
					type === 'automatic' ? null : adminId,
					type === 'automatic' ? 'scheduler' : 'user',
					marker,
					type,
					JSON.stringify( { n: i, kind: type } ),
				] );
			}
		}
		await db.query(
			`INSERT INTO ${ auditTable } (created_at, user_id, actor, action, type, change_shape) VALUES ?`,
			[ values ]
		);

		const all = await admin.request< AuditEntry[] >(
			'GET',
			`${ api }/audit`
		);
		expect( all.status ).toBe( 200 );
		expect( all.body ).toHaveLength( 50 );
		expect( all.body.every( ( e ) => e.action === marker ) ).toBe( true );
		const ids = all.body.map( ( e ) => e.id );
		expect( ids ).toEqual( [ ...ids ].sort( ( a, b ) => b - a ) );
		expect( all.body[ 0 ].change ).toEqual( { n: 59, kind: 'automatic' } );

		for ( const type of [ 'exports', 'restores', 'automatic' ] ) {
			const first = await admin.request< AuditEntry[] >(
				'GET',
				`${ api }/audit?type=${ type }`
			);
			expect( first.status ).toBe( 200 );
			expect( first.body ).toHaveLength( 50 );
			expect( first.body.every( ( e ) => e.type === type ) ).toBe( true );
			expect( first.body[ 0 ].change ).toEqual( { n: 59, kind: type } );
			expect(
				Number( first.headers.get( 'x-wp-total' ) )
			).toBeGreaterThanOrEqual( 60 );
			const second = await admin.request< AuditEntry[] >(
				'GET',
				`${ api }/audit?type=${ type }&page=2`
			);
			expect( second.body.every( ( e ) => e.type === type ) ).toBe(
				true
			);
			// The page goes on where the first stopped: entries 9 down to 0 of this kind come next.
			expect(
				second.body.slice( 0, 10 ).map( ( e ) => e.change )
			).toEqual(
				Array.from( { length: 10 }, ( _, k ) => ( {
					n: 9 - k,
					kind: type,
				} ) )
			);
		}

		const unknown = await admin.request< { code: string } >(
			'GET',
			`${ api }/audit?type=everything`
		);
		expect( unknown.status ).toBe( 400 );
	} );
} );
