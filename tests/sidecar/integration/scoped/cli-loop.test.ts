/**
 * The agency loop through the real `syteops-backup` command line (runCli, the function the bin calls): a
 * template user exported from site A with `--wp-config` of A to a file, then imported into site B with only
 * `--wp-config` of B, twice, as a loop over sites would. The dry run (no --yes) changes nothing; each run leaves
 * exactly one account of that login with A's notes, and B's other rows untouched.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';

import { runCli } from '../../../../sidecar/src/cli/run';
import { loadStackEnv } from '../../../support/stack';
import { neighbours, rows, withDb } from './support';

const stack = loadStackEnv();
let work: string;

beforeAll( async () => {
	work = await fs.mkdtemp( path.join( tmpdir(), 'syteops-cli-loop-' ) );
} );
afterAll( async () => {
	await fs.rm( work, { recursive: true, force: true } );
} );

async function cli(
	argv: string[]
): Promise< { code: number; stdout: string; stderr: string } > {
	const out = new PassThrough();
	const err = new PassThrough();
	const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
	out.on( 'data', ( c: Buffer ) => chunks.out.push( c ) );
	err.on( 'data', ( c: Buffer ) => chunks.err.push( c ) );
	const code = await runCli( argv, {
		stdout: out,
		stderr: err,
		env: { PATH: process.env.PATH },
	} );
	return {
		code,
		stdout: Buffer.concat( chunks.out ).toString( 'utf8' ),
		stderr: Buffer.concat( chunks.err ).toString( 'utf8' ),
	};
}

const configA = () => path.join( stack.WP_DIR, 'wp-config.php' );
const configB = () => path.join( stack.WP2_DIR, 'wp-config.php' );

async function template() {
	return withDb( stack, 'a', async ( conn, p ) => {
		const [ user ] = await rows< { ID: number; user_login: string } >(
			conn,
			`SELECT u.ID, u.user_login FROM ${ p }users u WHERE EXISTS (SELECT 1 FROM ${ p }syteops_estimates e WHERE e.owner_user_id = u.ID) ORDER BY u.ID DESC LIMIT 1`
		);
		const estimates = await rows< { estimate_number: string } >(
			conn,
			`SELECT estimate_number FROM ${ p }syteops_estimates WHERE owner_user_id = ? ORDER BY estimate_number`,
			[ user.ID ]
		);
		return {
			login: user.user_login,
			estimates: estimates.map( ( e ) => e.estimate_number ),
		};
	} );
}

async function onB( login: string ) {
	return withDb( stack, 'b', async ( conn, p ) => {
		const ids = (
			await rows< { ID: number } >(
				conn,
				`SELECT ID FROM ${ p }users WHERE user_login = ?`,
				[ login ]
			)
		).map( ( r ) => Number( r.ID ) );
		const estimates = await rows< { estimate_number: string } >(
			conn,
			`SELECT estimate_number FROM ${ p }syteops_estimates WHERE owner_user_id IN (?) ORDER BY estimate_number`,
			[ ids.length ? ids : [ -1 ] ]
		);
		return { ids, estimates: estimates.map( ( e ) => e.estimate_number ) };
	} );
}

it( 'clones a template user from site A onto site B with a CLI loop: the dry run changes nothing, every run leaves one account with A’s estimates', async () => {
	const user = await template();
	const file = path.join( work, 'template-user.zip' );
	const exported = await cli( [
		'--wp-config',
		configA(),
		'--json',
		'export',
		'--scope',
		'user',
		'--user-login',
		user.login,
		'--out',
		file,
	] );
	expect( exported.stderr ).toBe( '' );
	expect( exported.code ).toBe( 0 );
	expect( JSON.parse( exported.stdout ) ).toMatchObject( {
		users: 1,
		out: file,
	} );
	expect( ( await fs.stat( file ) ).size ).toBeGreaterThan( 0 );

	const existing = ( await onB( user.login ) ).ids;
	const scope = {
		userIds: existing,
		owned: {
			syteops_notes: { column: 'owner_user_id', owners: existing },
			syteops_estimates: { column: 'owner_user_id', owners: existing },
		},
	};
	const untouched = await neighbours( stack, {} );
	const dry = await cli( [
		'--wp-config',
		configB(),
		'--json',
		'import',
		file,
	] );
	expect( dry.code ).toBe( 0 );
	expect( JSON.parse( dry.stdout ) ).toMatchObject( {
		dry_run: true,
		plan: { users: { in_archive: 1 } },
	} );
	const human = await cli( [ '--wp-config', configB(), 'import', file ] );
	expect( human.stdout ).toContain( `user ${ user.login }` );
	expect( human.stdout ).toContain(
		'Nothing was changed. Add --yes to import.'
	);
	const preview = await cli( [ '--wp-config', configB(), 'preview', file ] );
	expect( preview.stdout ).toMatch( /estimates: \d+ added with fresh ids/ );
	expect( await neighbours( stack, {} ) ).toEqual( untouched );

	const before = await neighbours( stack, scope );
	let targetId: number | null = null;
	for ( const round of [ 1, 2 ] ) {
		const ran = await cli( [
			'--wp-config',
			configB(),
			'--json',
			'import',
			file,
			'--yes',
		] );
		expect( ran.stderr ).toBe( '' );
		expect( ran.code ).toBe( 0 );
		const result = JSON.parse( ran.stdout );
		expect( result.dry_run ).toBe( false );
		const now = await onB( user.login );
		expect( now.ids ).toHaveLength( 1 );
		expect( now.estimates ).toEqual( user.estimates );
		targetId ??= now.ids[ 0 ];
		expect( now.ids[ 0 ] ).toBe( targetId );
		expect( result.applied.users[ 0 ] ).toMatchObject( {
			login: user.login,
			target_id: targetId,
			how: round === 1 && ! existing.length ? 'create' : 'login',
		} );
	}
	expect(
		await neighbours( stack, {
			userIds: [ targetId as number ],
			owned: {
				syteops_notes: {
					column: 'owner_user_id',
					owners: [ targetId as number ],
				},
				syteops_estimates: {
					column: 'owner_user_id',
					owners: [ targetId as number ],
				},
			},
		} )
	).toEqual( before );
} );
