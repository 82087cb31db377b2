/**
 * The `syteops-backup` command line against the real stack (site A's wp-config.php, its storage directory,
 * the real MariaDB and `mariadb` client). Commands run in-process through runCli, the same function the
 * built bin calls, with captured stdout/stderr. Site A is never restored here (other suites do that).
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';

import type { RowDataPacket } from 'mysql2';

import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { runCli } from '../../../../sidecar/src/cli/run';
import { cliConfig } from '../../../../sidecar/src/cli/site';
import type { Config } from '../../../../sidecar/src/config';
import { createPool, type Pool } from '../../../../sidecar/src/db/pool';
import { SiteLock } from '../../../../sidecar/src/engine/site-lock';
import { loadStackEnv, type StackEnv } from '../../../support/stack';

interface Ran {
	code: number;
	stdout: string;
	stderr: string;
}

let stack: StackEnv;
let siteEnv: NodeJS.ProcessEnv;
let config: Config;
let pool: Pool;
let work: string;
let snapshotId: string;
let archiveFile: string;

async function cli( argv: string[], env = siteEnv ): Promise< Ran > {
	const out = new PassThrough();
	const err = new PassThrough();
	const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
	out.on( 'data', ( c: Buffer ) => chunks.stdout.push( c ) );
	err.on( 'data', ( c: Buffer ) => chunks.stderr.push( c ) );
	const code = await runCli( argv, { stdout: out, stderr: err, env } );
	return {
		code,
		stdout: Buffer.concat( chunks.stdout ).toString( 'utf8' ),
		stderr: Buffer.concat( chunks.stderr ).toString( 'utf8' ),
	};
}

function mariadb( args: string[], input?: string | Buffer ): string {
	return execFileSync(
		'mariadb',
		[ '-S', stack.DB_SOCKET, '-uroot', ...args ],
		{
			input,
			env: { ...process.env, MYSQL_PWD: stack.DB_ROOT_PASSWORD },
			maxBuffer: 256 * 1024 * 1024,
		}
	).toString( 'utf8' );
}

beforeAll( async () => {
	stack = loadStackEnv();
	siteEnv = {
		PATH: process.env.PATH,
		SYTEOPS_WP_CONFIG: path.join( stack.WP_DIR, 'wp-config.php' ),
		SYTEOPS_STORAGE_DIR: stack.STORAGE_DIR,
	};
	config = cliConfig( siteEnv, null );
	pool = createPool( config.db );
	work = await fs.mkdtemp( path.join( tmpdir(), 'syteops-cli-' ) );
} );

afterAll( async () => {
	await pool?.end();
	await fs.rm( work, { recursive: true, force: true } );
} );

async function archiveNameOf( id: string ): Promise< string > {
	const [ rows ] = await pool.query< RowDataPacket[] >(
		`SELECT archive_name FROM \`${ config.tablePrefix }syteops_backups\` WHERE id = ?`,
		[ id ]
	);
	return rows[ 0 ].archive_name;
}

it( 'create takes a full manual backup and prints its id and size', async () => {
	const ran = await cli( [
		'create',
		'--label',
		'cli integration',
		'--json',
	] );
	expect( ran ).toMatchObject( { code: 0, stderr: '' } );
	const result = JSON.parse( ran.stdout );
	expect( result.snapshot_id ).toMatch( /^[0-9a-f]{32}$/ );
	expect( result.size_bytes ).toBeGreaterThan( 0 );
	expect( result.tables ).toBeGreaterThan( 0 );
	snapshotId = result.snapshot_id;
	archiveFile = path.join(
		stack.STORAGE_DIR,
		await archiveNameOf( snapshotId )
	);
	expect( ( await fs.stat( archiveFile ) ).size ).toBe( result.size_bytes );
} );

// Earlier suites leave snapshots of site A, and taken_at has one-second resolution with ties broken by the
// random id: one taken in the same second as ours may list first (CI saw it). So the new snapshot is found
// by id, and "newest first" is checked as the order of whatever the page holds.
it( 'list shows the new snapshot as available with its size, and pages newest first', async () => {
	const ran = await cli( [ 'list', '--json', '--all' ] );
	expect( ran.code ).toBe( 0 );
	const listed = JSON.parse( ran.stdout );
	const ours = listed.items.find(
		( item: { id: string } ) => item.id === snapshotId
	);
	expect( ours ).toMatchObject( {
		id: snapshotId,
		type: 'manual',
		status: 'available',
		label: 'cli integration',
		size_bytes: ( await fs.stat( archiveFile ) ).size,
	} );
	const paged = JSON.parse(
		( await cli( [ 'list', '--json', '--per-page', '5' ] ) ).stdout
	);
	expect( paged.per_page ).toBe( 5 );
	expect( paged.items.length ).toBeGreaterThanOrEqual( 1 );
	expect( paged.items.length ).toBeLessThanOrEqual( 5 );
	const takenAt = paged.items.map( ( item: { taken_at: string } ) =>
		Date.parse( item.taken_at )
	);
	expect( takenAt ).toEqual( [ ...takenAt ].sort( ( a, b ) => b - a ) );
	const human = await cli( [ 'list', '--all' ] );
	expect( human.stdout ).toContain( snapshotId );
} );

it( 'verify passes on the snapshot by id and on the archive file', async () => {
	const byId = await cli( [ 'verify', snapshotId, '--json' ] );
	expect( byId.code ).toBe( 0 );
	expect( JSON.parse( byId.stdout ) ).toMatchObject( {
		snapshot_id: snapshotId,
		ok: true,
		summary: { errors: 0 },
	} );
	const byFile = await cli( [ 'verify', archiveFile ] );
	expect( byFile.code ).toBe( 0 );
	expect( byFile.stdout ).toMatch( /^OK: / );
} );

it( 'verify fails a copy with one changed byte with exactly one named finding and exit 1', async () => {
	const bytes = await fs.readFile( archiveFile );
	const at = Math.floor( bytes.length / 3 );
	bytes[ at ] = ( bytes[ at ] + 1 ) % 256;
	const damaged = path.join( work, 'damaged.zip' );
	await fs.writeFile( damaged, bytes );
	const ran = await cli( [ 'verify', damaged, '--json' ], {
		PATH: process.env.PATH,
	} );
	expect( ran.code ).toBe( 1 );
	const report = JSON.parse( ran.stdout );
	const errors = report.findings.filter(
		( f: { severity: string } ) => f.severity === 'error'
	);
	expect( report.ok ).toBe( false );
	expect( errors ).toHaveLength( 1 );
	expect( errors[ 0 ].code ).toMatch( /^syteops_archive_[a-z_]+$/ );
	expect( errors[ 0 ].path ).toEqual( expect.any( String ) );
} );

it( 'preview reports counts, scope and that the snapshot is from this same site', async () => {
	const ran = await cli( [ 'preview', snapshotId, '--json' ] );
	expect( ran.code ).toBe( 0 );
	const preview = JSON.parse( ran.stdout );
	expect( preview ).toMatchObject( {
		snapshot_id: snapshotId,
		cross_site: false,
		summary: { scope: { kind: 'full' } },
	} );
	expect( preview.diff.tables.length ).toBe( preview.summary.tables );
} );

it( 'sql with no configuration at all, piped into the mariadb client, recreates every table with the manifest row counts', async () => {
	const { manifest } = await ArchiveReader.open( archiveFile );
	const ran = await cli( [ 'sql', archiveFile ], {} );
	expect( ran ).toMatchObject( { code: 0, stderr: '' } );
	const scratch = `syteops_cli_scratch_${ process.pid }`;
	mariadb( [
		'-e',
		`DROP DATABASE IF EXISTS ${ scratch }; CREATE DATABASE ${ scratch }`,
	] );
	try {
		mariadb( [ scratch ], ran.stdout );
		const counts = manifest.sections.tables.map( ( t ) => {
			const table = `${ manifest.source.table_prefix }${ t.name }`;
			const n = mariadb( [
				'-N',
				'-e',
				`SELECT COUNT(*) FROM \`${ scratch }\`.\`${ table }\``,
			] );
			return [ t.name, Number( n.trim() ) ];
		} );
		expect( counts ).toEqual(
			manifest.sections.tables.map( ( t ) => [ t.name, t.rows ] )
		);
		expect( counts.length ).toBeGreaterThan( 5 );
	} finally {
		mariadb( [ '-e', `DROP DATABASE IF EXISTS ${ scratch }` ] );
	}
} );

it( 'sql -o writes a file under another prefix and reports the counts as JSON', async () => {
	const out = path.join( work, 'dump.sql' );
	const ran = await cli(
		[ 'sql', archiveFile, '--prefix', 'new_', '-o', out, '--json' ],
		{}
	);
	expect( ran.code ).toBe( 0 );
	const summary = JSON.parse( ran.stdout );
	expect( summary ).toMatchObject( { prefix: 'new_', output: out } );
	const text = await fs.readFile( out, 'utf8' );
	expect( text ).toContain( 'CREATE TABLE `new_options`' );
	expect( text ).not.toContain( 'CREATE TABLE `wp_options`' );
	expect(
		( await fs.readdir( work ) ).filter( ( n ) => n.includes( '.tmp-' ) )
	).toEqual( [] );
} );

it( 'rescan brings back a deleted catalog row for an archive in storage', async () => {
	const name = await archiveNameOf( snapshotId );
	await pool.query(
		`DELETE FROM \`${ config.tablePrefix }syteops_backups\` WHERE id = ?`,
		[ snapshotId ]
	);
	const ran = await cli( [ 'rescan', '--json' ] );
	expect( ran.code ).toBe( 0 );
	const result = JSON.parse( ran.stdout );
	expect( result.added ).toHaveLength( 1 );
	const [ rows ] = await pool.query< RowDataPacket[] >(
		`SELECT id, type, status, scope, size_bytes FROM \`${ config.tablePrefix }syteops_backups\` WHERE archive_name = ?`,
		[ name ]
	);
	expect( rows ).toHaveLength( 1 );
	expect( rows[ 0 ] ).toMatchObject( {
		id: result.added[ 0 ].id,
		type: 'manual',
		status: 'available',
		scope: 'full',
	} );
	expect( Number( rows[ 0 ].size_bytes ) ).toBe(
		( await fs.stat( archiveFile ) ).size
	);
	const again = JSON.parse( ( await cli( [ 'rescan', '--json' ] ) ).stdout );
	expect( again.added ).toEqual( [] );
} );

it( 'restore without --yes is refused as a usage error before anything runs', async () => {
	const ran = await cli( [ 'restore', snapshotId, '--json' ] );
	expect( ran.code ).toBe( 2 );
	expect( ran.stdout ).toBe( '' );
	expect( JSON.parse( ran.stderr ) ).toMatchObject( {
		code: 'syteops_invalid_param',
		data: { status: 400, details: { param: '--yes' } },
	} );
} );

it( 'create is refused with syteops_busy while another process holds the site lock', async () => {
	const lock = new SiteLock( pool, config.db.database, config.tablePrefix );
	const release = await lock.tryAcquire();
	expect( release ).not.toBeNull();
	try {
		const ran = await cli( [ 'create', '--json' ] );
		expect( ran.code ).toBe( 1 );
		expect( JSON.parse( ran.stderr ) ).toMatchObject( {
			code: 'syteops_busy',
			data: { status: 409 },
		} );
	} finally {
		await release?.();
	}
} );

it( 'an unknown snapshot id is a not-found error in human output too', async () => {
	const ran = await cli( [ 'verify', '0'.repeat( 32 ) ] );
	expect( ran.code ).toBe( 1 );
	expect( ran.stderr ).toBe(
		`syteops-backup: There is no snapshot with id ${ '0'.repeat( 32 ) }.\n`
	);
} );
