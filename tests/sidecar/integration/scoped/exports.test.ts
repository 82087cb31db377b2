/**
 * Scoped exports on the test stack's site A through the real REST API: each scope's archive holds exactly
 * its rows (read back with the archive reader), no secret value, is listed in the catalog as type `export`
 * with its scope and audited as an export; unknown scopes are refused by name before any job starts.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { readRows } from '../../../../sidecar/src/archive/rows-reader';
import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { loadStackEnv } from '../../../support/stack';
import { WpRest } from '../../../support/wp-rest';
import { api, exportScope, rows, withDb } from './support';

const stack = loadStackEnv();
const adminA = WpRest.forUser( stack, stack.WP_ADMIN_USER, 'a' );
let work: string;

beforeAll( async () => {
	work = await fs.mkdtemp( path.join( tmpdir(), 'syteops-exports-' ) );
} );
afterAll( async () => {
	await fs.rm( work, { recursive: true, force: true } );
} );

async function download( snapshotId: string ): Promise< string > {
	const response = await fetch(
		`${ adminA.baseUrl }/wp-json${ api }/backups/${ snapshotId }/download`,
		{ headers: { authorization: adminA.auth } }
	);
	const file = path.join( work, `${ snapshotId }.zip` );
	await fs.writeFile( file, Buffer.from( await response.arrayBuffer() ) );
	return file;
}

async function tableRows(
	reader: ArchiveReader,
	suffix: string
): Promise< Record< string, unknown >[] > {
	const out: Record< string, unknown >[] = [];
	const entry = `db/${ suffix }.rows.ndjson`;
	for await ( const { header, row } of readRows(
		reader.openEntry( entry ),
		entry
	) ) {
		if ( row ) {
			out.push(
				Object.fromEntries(
					header.columns.map( ( c, i ) => [ c.name, row[ i ] ] )
				)
			);
		}
	}
	return out;
}

async function seededUser(): Promise< { id: number; login: string } > {
	return withDb( stack, 'a', async ( conn, p ) => {
		const [ user ] = await rows< { ID: number; user_login: string } >(
			conn,
			`SELECT u.ID, u.user_login FROM ${ p }users u WHERE EXISTS (SELECT 1 FROM ${ p }syteops_notes n WHERE n.owner_user_id = u.ID) AND EXISTS (SELECT 1 FROM ${ p }syteops_estimates e WHERE e.owner_user_id = u.ID) ORDER BY u.ID LIMIT 1`
		);
		return { id: Number( user.ID ), login: user.user_login };
	} );
}

describe( 'scoped exports from site A', () => {
	it( 'a tab export holds only that tab’s options, is catalogued as export tab:users and audited as an export', async () => {
		const { snapshotId, job } = await exportScope( adminA, {
			scope: 'tab',
			name: 'users',
		} );
		expect( job.result ).toMatchObject( { scope: 'tab:users' } );
		const listed = await adminA.request< {
			type: string;
			scope: string;
			status: string;
		} >( 'GET', `${ api }/backups/${ snapshotId }` );
		expect( listed.body ).toMatchObject( {
			type: 'export',
			scope: 'tab:users',
			status: 'available',
		} );
		const reader = await ArchiveReader.open( await download( snapshotId ) );
		expect( reader.manifest.type ).toBe( 'export' );
		expect( reader.manifest.scope ).toEqual( {
			kind: 'tab',
			name: 'users',
		} );
		expect(
			reader.manifest.sections.tables.map( ( t ) => t.name )
		).toEqual( [ 'options' ] );
		const names = ( await tableRows( reader, 'options' ) )
			.map( ( r ) => r.option_name )
			.sort();
		expect( names ).toEqual( [ 'syteops_roles', 'syteops_users' ] );
		const audit = await adminA.request<
			{ action: string; type: string; snapshot_id: string }[]
		>( 'GET', `${ api }/audit?type=exports` );
		expect(
			audit.body.find( ( e ) => e.snapshot_id === snapshotId )
		).toMatchObject( { action: 'export.create', type: 'exports' } );
	} );

	it( 'a user export holds the user row, all their meta except credentials, and only their notes and estimates', async () => {
		const user = await seededUser();
		const { snapshotId } = await exportScope( adminA, {
			scope: 'user',
			user_id: user.id,
		} );
		const listed = await adminA.request< { scope: string } >(
			'GET',
			`${ api }/backups/${ snapshotId }`
		);
		expect( listed.body.scope ).toBe( `user:${ user.id }` );
		const reader = await ArchiveReader.open( await download( snapshotId ) );
		expect( reader.manifest.scope ).toEqual( {
			kind: 'user',
			user_login: user.login,
		} );
		const users = await tableRows( reader, 'users' );
		expect( users.map( ( u ) => u.user_login ) ).toEqual( [ user.login ] );
		const meta = await tableRows( reader, 'usermeta' );
		expect( new Set( meta.map( ( m ) => Number( m.user_id ) ) ) ).toEqual(
			new Set( [ user.id ] )
		);
		const keys = meta.map( ( m ) => m.meta_key );
		expect( keys ).toEqual(
			expect.arrayContaining( [
				`${ stack.TABLE_PREFIX }capabilities`,
				'syteops_roles',
				'syteops_profile_picture_url',
			] )
		);
		expect( keys ).not.toContain( 'session_tokens' );
		const live = await withDb( stack, 'a', async ( conn, p ) => ( {
			notes: (
				await rows(
					conn,
					`SELECT id FROM ${ p }syteops_notes WHERE owner_user_id = ?`,
					[ user.id ]
				)
			).length,
			estimates: (
				await rows(
					conn,
					`SELECT id FROM ${ p }syteops_estimates WHERE owner_user_id = ?`,
					[ user.id ]
				)
			).length,
		} ) );
		const notes = await tableRows( reader, 'syteops_notes' );
		const estimates = await tableRows( reader, 'syteops_estimates' );
		expect( notes.length ).toBe( live.notes );
		expect( estimates.length ).toBe( live.estimates );
		expect(
			[ ...notes, ...estimates ].every(
				( r ) => Number( r.owner_user_id ) === user.id
			)
		).toBe( true );
	} );

	it( 'a module export holds the whole module table and only the identity of its owners', async () => {
		const { snapshotId } = await exportScope( adminA, {
			scope: 'module',
			name: 'estimates',
		} );
		const reader = await ArchiveReader.open( await download( snapshotId ) );
		expect( reader.manifest.scope ).toEqual( {
			kind: 'module',
			name: 'estimates',
		} );
		const owners = await tableRows( reader, 'users' );
		expect( Object.keys( owners[ 0 ] ).sort() ).toEqual( [
			'ID',
			'display_name',
			'user_email',
			'user_login',
		] );
		const estimates = await tableRows( reader, 'syteops_estimates' );
		const liveCount = await withDb( stack, 'a', async ( conn, p ) =>
			Number(
				(
					await rows< { n: number } >(
						conn,
						`SELECT COUNT(*) AS n FROM ${ p }syteops_estimates`
					)
				)[ 0 ].n
			)
		);
		expect( estimates.length ).toBe( liveCount );
		expect( new Set( owners.map( ( o ) => Number( o.ID ) ) ) ).toEqual(
			new Set( estimates.map( ( e ) => Number( e.owner_user_id ) ) )
		);
	} );

	it( 'a master export holds every tab, the variable sets, all users, modules and licensing records, and no secret value', async () => {
		const { snapshotId } = await exportScope( adminA, {
			scope: 'master',
		} );
		const file = await download( snapshotId );
		const reader = await ArchiveReader.open( file );
		expect(
			reader.manifest.sections.tables.map( ( t ) => t.name )
		).toEqual( [
			'options',
			'users',
			'usermeta',
			'syteops_notes',
			'syteops_estimates',
			'syteops_license_connections',
			'syteops_license_blacklist',
		] );
		const options = ( await tableRows( reader, 'options' ) ).map(
			( r ) => r.option_name
		);
		expect( options ).toEqual(
			expect.arrayContaining( [
				'syteops_general',
				'syteops_integrations',
				'syteops_variable_sets',
				`${ stack.TABLE_PREFIX }user_roles`,
			] )
		);
		expect( options ).not.toContain( 'syteops_license' );
		expect( options ).not.toContain( 'siteurl' );
		expect( reader.manifest.secrets_excluded ).toContain(
			'license.product_key'
		);
		const secrets = await withDb( stack, 'a', async ( conn, p ) =>
			rows< { value: string } >(
				conn,
				`SELECT value FROM ${ p }syteops_secrets`
			)
		);
		expect( secrets.length ).toBeGreaterThan( 0 );
		const text = [];
		for ( const entry of reader.manifest.entries ) {
			const chunks: Buffer[] = [];
			for await ( const c of reader.openEntry( entry.path ) ) {
				chunks.push( c as Buffer );
			}
			text.push( Buffer.concat( chunks ).toString( 'utf8' ) );
		}
		const all = text.join( '\n' );
		for ( const { value } of secrets ) {
			expect( all.includes( value ) ).toBe( false );
		}
	} );

	it( 'refuses an unknown tab, an unknown module and an unknown user by name, before any job starts', async () => {
		const tab = await adminA.request< {
			code: string;
			data: { status: number };
		} >( 'POST', `${ api }/exports`, { scope: 'tab', name: 'nope' } );
		expect( tab.body.code ).toBe( 'syteops_export_unknown_scope' );
		expect( tab.status ).toBe( 404 );
		const module = await adminA.request< { code: string } >(
			'POST',
			`${ api }/exports`,
			{ scope: 'module', name: 'nope' }
		);
		expect( module.body.code ).toBe( 'syteops_export_unknown_scope' );
		const user = await adminA.request< { code: string } >(
			'POST',
			`${ api }/exports`,
			{ scope: 'user', user_id: 987654321 }
		);
		expect( user.body.code ).toBe( 'syteops_export_user_not_found' );
		const missing = await adminA.request< { code: string } >(
			'POST',
			`${ api }/exports`,
			{ scope: 'tab' }
		);
		expect( missing.body.code ).toBe( 'syteops_invalid_param' );
	} );
} );
