/**
 * Archives are prefix-independent: a dump of `a_` restores into `b_` identically, working-table names
 * that would pass 64 characters are shortened deterministically, and the plain SQL dump recreates the
 * tables through the real `mariadb` client.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';

import type { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { tableDigest } from '../../../../sidecar/src/db/checksum';
import { dumpDatabase, type DumpResult } from '../../../../sidecar/src/db/dump';
import { loadIntoStaging } from '../../../../sidecar/src/db/load';
import { archiveToSql } from '../../../../sidecar/src/db/sql-dump';
import {
	cleanupLeftovers,
	swapInStaging,
} from '../../../../sidecar/src/db/swap';
import { dumpToArchive, tempStorage } from './support/archive';
import { createFixtures, registry, SITE_SUFFIXES } from './support/fixtures';
import {
	checksumTable,
	createScratch,
	tableNames,
	type Scratch,
} from './support/scratch';

const LONG_SUFFIX = 'a_table_name_that_is_long_enough_to_overflow_staging_x';
const ALL_SUFFIXES = [ LONG_SUFFIX, ...SITE_SUFFIXES ].sort();
let scratch: Scratch;
let reader: ArchiveReader;
let dump: DumpResult;

async function digest( table: string, suffix: string ) {
	const conn = await scratch.pool.getConnection();
	try {
		// The options table's internal rows are never in an archive: compare without them.
		const filter =
			suffix === 'options'
				? { column: 'option_name', notIn: registry.internal.options }
				: undefined;
		return await tableDigest( conn, table, { headerName: suffix, filter } );
	} finally {
		conn.release();
	}
}

beforeAll( async () => {
	scratch = await createScratch();
	await createFixtures( scratch.pool, 'a_' );
	await scratch.pool.query(
		'CREATE TABLE ?? (id int PRIMARY KEY, v text) ENGINE=InnoDB',
		[ 'a_' + LONG_SUFFIX ]
	);
	await scratch.pool.query( 'INSERT INTO ?? VALUES (1, ?), (2, NULL)', [
		'a_' + LONG_SUFFIX,
		'long',
	] );
	( { reader, dump } = await dumpToArchive(
		( writer ) =>
			dumpDatabase( scratch.pool, { prefix: 'a_', registry, writer } ),
		'a_'
	) );
} );

afterAll( async () => {
	await scratch?.drop();
} );

test( 'a dump of prefix a_ loaded and swapped into b_ gives identical tables (digest and CHECKSUM TABLE)', async () => {
	await createFixtures( scratch.pool, 'b_', false );
	await scratch.pool.query(
		'UPDATE ?? SET option_value = ? WHERE option_name = ?',
		[ 'b_options', 'b-license', 'syteops_license' ]
	);
	await scratch.pool.query( 'DELETE FROM ??', [ 'b_posts' ] );
	const loaded = await loadIntoStaging( scratch.pool, reader, {
		prefix: 'b_',
		tables: ALL_SUFFIXES,
	} );
	expect( loaded.tables.map( ( t ) => t.sha256 ) ).toEqual(
		dump.tables.map( ( t ) => t.sha256 )
	);
	const swap = await swapInStaging( scratch.pool, {
		prefix: 'b_',
		suffixes: ALL_SUFFIXES,
		preserveOptionNames: registry.internal.options,
	} );
	expect(
		swap.tables.find( ( t ) => t.suffix === LONG_SUFFIX )?.old
	).toBeNull();
	for ( const suffix of ALL_SUFFIXES ) {
		expect( await digest( 'b_' + suffix, suffix ) ).toEqual(
			await digest( 'a_' + suffix, suffix )
		);
		if ( suffix === 'options' ) {
			continue; // b_ keeps its own internal rows, so the whole-table checksum differs by design
		}
		expect( await checksumTable( scratch.pool, 'b_' + suffix ) ).toBe(
			await checksumTable( scratch.pool, 'a_' + suffix )
		);
	}
	const [ rows ] = await scratch.pool.query<
		import( 'mysql2' ).RowDataPacket[]
	>( 'SELECT option_value FROM ?? WHERE option_name = ?', [
		'b_options',
		'syteops_license',
	] );
	expect( rows[ 0 ].option_value ).toBe( 'b-license' );
	expect( await cleanupLeftovers( scratch.pool, 'b_' ) ).toEqual( {
		staging: [],
		old: expect.any( Array ),
	} );
} );

test( 'a working-table name over 64 characters is shortened to exactly 64, and cleanup still finds it', async () => {
	const prefix = 'c_long_'; // the live name fits in 64 characters, the staging name does not
	await scratch.pool.query(
		'CREATE TABLE ?? (id int PRIMARY KEY, v text) ENGINE=InnoDB',
		[ prefix + LONG_SUFFIX ]
	);
	await scratch.pool.query( 'INSERT INTO ?? VALUES (7, ?)', [
		prefix + LONG_SUFFIX,
		'to be replaced',
	] );
	const loaded = await loadIntoStaging( scratch.pool, reader, {
		prefix,
		tables: [ LONG_SUFFIX ],
	} );
	const staging = loaded.tables[ 0 ].table;
	expect( [ ...staging ] ).toHaveLength( 64 );
	expect( staging.startsWith( `${ prefix }syteops_stg_a_table` ) ).toBe(
		true
	);
	const swap = await swapInStaging( scratch.pool, {
		prefix,
		suffixes: [ LONG_SUFFIX ],
		preserveOptionNames: [],
	} );
	const old = swap.tables[ 0 ].old ?? '';
	expect( [ ...old ] ).toHaveLength( 64 );
	expect( await digest( prefix + LONG_SUFFIX, LONG_SUFFIX ) ).toEqual(
		await digest( 'a_' + LONG_SUFFIX, LONG_SUFFIX )
	);
	await loadIntoStaging( scratch.pool, reader, {
		prefix,
		tables: [ LONG_SUFFIX ],
	} );
	expect( await cleanupLeftovers( scratch.pool, prefix ) ).toEqual( {
		staging: [ staging ],
		old: [ old ],
	} );
} );

test( 'the SQL dump of the archive, piped into the real mariadb client, recreates identical tables', async () => {
	const file = path.join( tempStorage(), 'dump.sql' );
	const out = createWriteStream( file );
	const counts = await archiveToSql( reader, out, { prefix: 'q_' } );
	out.end();
	await finished( out );
	expect( counts ).toEqual( {
		tables: ALL_SUFFIXES.length,
		rows: dump.tables.reduce( ( n, t ) => n + t.rows, 0 ),
	} );
	const { root } = scratch;
	const args = root.socketPath
		? [ `--socket=${ root.socketPath }` ]
		: [ `--host=${ root.host }`, `--port=${ root.port }` ];
	const client = spawn(
		'mariadb',
		[ ...args, `--user=${ root.user }`, root.database ],
		{
			env: { ...process.env, MYSQL_PWD: root.password },
			stdio: [ 'pipe', 'inherit', 'pipe' ],
		}
	);
	let stderr = '';
	client.stderr.on( 'data', ( chunk ) => ( stderr += chunk ) );
	createReadStream( file ).pipe( client.stdin );
	const code = await new Promise( ( resolve ) =>
		client.on( 'close', resolve )
	);
	expect( { code, stderr } ).toEqual( { code: 0, stderr: '' } );
	for ( const suffix of ALL_SUFFIXES ) {
		expect( await digest( 'q_' + suffix, suffix ) ).toEqual(
			await digest( 'a_' + suffix, suffix )
		);
	}
	expect(
		( await tableNames( scratch.pool ) ).filter( ( n ) =>
			n.startsWith( 'q_' )
		)
	).toEqual( ALL_SUFFIXES.map( ( s ) => 'q_' + s ) );
} );
