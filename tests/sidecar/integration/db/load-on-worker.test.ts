/**
 * A restore's table load on a worker thread (engine/load-on-worker.ts) against a real MariaDB: the worker
 * reads only the entries the main thread's reader located, stages every table with the digests a load on
 * the main thread gives, runs the URL rewrite there and sends back its counts and the checklist's row facts;
 * a table it cannot load fails the whole load with the same named error, and no staging table is left.
 */
import { promises as fs } from 'node:fs';

import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { dumpDatabase, type DumpResult } from '../../../../sidecar/src/db/dump';
import { rowsPath, schemaPath } from '../../../../sidecar/src/db/schema-sql';
import { loadOnWorker } from '../../../../sidecar/src/engine/load-on-worker';
import type { LoadJob } from '../../../../sidecar/src/engine/load-messages';
import { isSyteOpsError } from '../../../../sidecar/src/errors';
import { dumpToArchive } from './support/archive';
import { createFixtures, registry, SITE_SUFFIXES } from './support/fixtures';
import { createScratch, tableNames, type Scratch } from './support/scratch';

const prefix = 't_';
let scratch: Scratch;
let reader: ArchiveReader;
let dump: DumpResult;

function jobFor(
	source: ArchiveReader,
	urlRewrite: LoadJob[ 'transform' ][ 'urlRewrite' ]
): LoadJob {
	return {
		entries: source.subset(
			SITE_SUFFIXES.flatMap( ( s ) => [ schemaPath( s ), rowsPath( s ) ] )
		),
		db: scratch.root,
		prefix,
		tables: [ ...SITE_SUFFIXES ],
		registry,
		transform: { sourcePrefix: prefix, targetPrefix: prefix, urlRewrite },
		sourceSiteUrl: 'https://a.example',
	};
}

beforeAll( async () => {
	scratch = await createScratch();
	await createFixtures( scratch.pool, prefix );
	( { reader, dump } = await dumpToArchive(
		( writer ) =>
			dumpDatabase( scratch.pool, { prefix, registry, writer } ),
		prefix
	) );
} );

afterAll( async () => {
	await scratch?.drop();
} );

test( 'a load on a worker thread stages every table with the digests the dump recorded, and reports progress', async () => {
	const progress: string[] = [];
	const done = await loadOnWorker( jobFor( reader, null ), ( p ) =>
		progress.push( p.table )
	).done;
	expect(
		done.tables.map( ( t ) => [ t.name, t.table, t.rows, t.sha256 ] )
	).toEqual(
		dump.tables.map( ( t ) => [
			t.name,
			`${ prefix }syteops_stg_${ t.name }`,
			t.rows,
			t.sha256,
		] )
	);
	expect( new Set( progress ) ).toEqual( new Set( SITE_SUFFIXES ) );
	expect( done.stats.values_rewritten ).toBe( 0 );
	expect( await tableNames( scratch.pool ) ).toEqual(
		expect.arrayContaining(
			SITE_SUFFIXES.map( ( s ) => `${ prefix }syteops_stg_${ s }` )
		)
	);
} );

test( 'the URL rewrite runs on the worker: its counts come back and the staged siteurl holds the target', async () => {
	const done = await loadOnWorker(
		jobFor( reader, {
			from: 'https://a.example',
			to: 'https://b.example',
		} ),
		() => undefined
	).done;
	expect( done.stats.values_rewritten ).toBeGreaterThan( 0 );
	expect( done.stats.rows_changed ).toBeGreaterThan( 0 );
	const [ rows ] = await scratch.pool.query<
		Array< { option_value: string } & import( 'mysql2' ).RowDataPacket >
	>( 'SELECT option_value FROM ?? WHERE option_name = ?', [
		`${ prefix }syteops_stg_options`,
		'siteurl',
	] );
	expect( rows[ 0 ]?.option_value ).toBe( 'https://b.example' );
} );

test( 'a rows entry whose bytes differ from the manifest fails the load with its named error, and no staging table is left', async () => {
	// A copy of the archive with one byte of the posts rows entry flipped: its directory and manifest are
	// intact, so only reading the entry (on the worker) can find it.
	const copy = `${ reader.path }.damaged.zip`;
	const bytes = await fs.readFile( reader.path );
	const target = reader
		.scanTargets( [ rowsPath( 'posts' ) ] )
		.find( ( t ) => t.path === rowsPath( 'posts' ) );
	if ( ! target ) {
		throw new Error( 'no posts rows entry in the fixture archive' );
	}
	const at = target.dataStart + Math.floor( target.compressedSize / 2 );
	bytes[ at ] = 255 - bytes[ at ];
	await fs.writeFile( copy, bytes );
	await scratch.pool.query(
		`DROP TABLE IF EXISTS ${ SITE_SUFFIXES.map(
			( s ) => `\`${ prefix }syteops_stg_${ s }\``
		).join( ', ' ) }`
	);
	const damaged = await ArchiveReader.open( copy );
	const failure = await loadOnWorker(
		jobFor( damaged, null ),
		() => undefined
	).done.catch( ( error: unknown ) => error );
	expect( isSyteOpsError( failure ) ).toBe( true );
	expect( ( failure as { code: string } ).code ).toMatch(
		/^syteops_archive_/
	);
	expect(
		( await tableNames( scratch.pool ) ).filter( ( name ) =>
			name.includes( 'syteops_stg_' )
		)
	).toEqual( [] );
} );
