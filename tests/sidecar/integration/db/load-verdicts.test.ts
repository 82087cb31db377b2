/**
 * loadIntoStaging with verdicts given while it runs (db/load-verdicts.ts), against a real MariaDB: a table
 * waiting for its verdict starts only after it, and is loaded when released; a table kept before it starts
 * is never created; a table kept while it loads stops between two INSERTs and its staging table is dropped;
 * a kept table is reported as kept, never as loaded.
 */
import { dumpDatabase } from '../../../../sidecar/src/db/dump';
import { loadIntoStaging } from '../../../../sidecar/src/db/load';
import { LoadVerdicts } from '../../../../sidecar/src/db/load-verdicts';
import type { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { dumpToArchive } from './support/archive';
import { registry } from './support/fixtures';
import { createScratch, tableNames, type Scratch } from './support/scratch';

const prefix = 'v_';
const ROWS = 3000; // six INSERT statements of 500 rows: room to stop between two
let scratch: Scratch;
let reader: ArchiveReader;

async function dropStaging(): Promise< void > {
	for ( const name of await tableNames( scratch.pool ) ) {
		if ( name.startsWith( `${ prefix }syteops_stg_` ) ) {
			await scratch.pool.query( 'DROP TABLE ??', [ name ] );
		}
	}
}

beforeAll( async () => {
	scratch = await createScratch();
	for ( const table of [ 'big', 'small' ] ) {
		await scratch.pool.query(
			`CREATE TABLE \`${ prefix }${ table }\` (id INT PRIMARY KEY, v TEXT) ENGINE=InnoDB`
		);
	}
	const values = Array.from(
		{ length: ROWS },
		( _, i ) => `(${ i + 1 }, 'row ${ i + 1 }')`
	).join( ',' );
	await scratch.pool.query(
		`INSERT INTO \`${ prefix }big\` VALUES ${ values }`
	);
	await scratch.pool.query(
		`INSERT INTO \`${ prefix }small\` VALUES (1, 'one'), (2, 'two')`
	);
	( { reader } = await dumpToArchive(
		( writer ) =>
			dumpDatabase( scratch.pool, { prefix, registry, writer } ),
		prefix
	) );
} );

afterEach( dropStaging );

afterAll( async () => {
	await scratch?.drop();
} );

test( 'a table waiting for its verdict starts after the others, and loads once released', async () => {
	const verdicts = new LoadVerdicts( [ 'big' ] );
	const started: string[] = [];
	const loading = loadIntoStaging( scratch.pool, reader, {
		prefix,
		tables: [ 'big', 'small' ],
		verdicts,
		onProgress: ( p ) => {
			if ( ! started.includes( p.table ) ) {
				started.push( p.table );
			}
		},
	} );
	// Two lanes: one loads small, the other waits; big has not started while its verdict is pending.
	while ( ! started.includes( 'small' ) ) {
		await new Promise( ( resolve ) => setTimeout( resolve, 10 ) );
	}
	expect( started ).toEqual( [ 'small' ] );
	verdicts.load( 'big' );
	const result = await loading;
	expect( started ).toEqual( [ 'small', 'big' ] );
	expect( result.kept ).toEqual( [] );
	expect( result.tables.map( ( t ) => [ t.name, t.rows ] ) ).toEqual( [
		[ 'big', ROWS ],
		[ 'small', 2 ],
	] );
} );

test( 'a table kept before it starts is never created, and is reported kept', async () => {
	const verdicts = new LoadVerdicts( [ 'big' ] );
	verdicts.keep( 'big' );
	const result = await loadIntoStaging( scratch.pool, reader, {
		prefix,
		tables: [ 'big', 'small' ],
		verdicts,
	} );
	expect( result.kept ).toEqual( [ 'big' ] );
	expect( result.tables.map( ( t ) => t.name ) ).toEqual( [ 'small' ] );
	expect( await tableNames( scratch.pool ) ).not.toContain(
		`${ prefix }syteops_stg_big`
	);
} );

test( 'a table kept while it loads stops between two INSERTs and its staging table is dropped', async () => {
	const verdicts = new LoadVerdicts();
	const done: number[] = [];
	const result = await loadIntoStaging( scratch.pool, reader, {
		prefix,
		tables: [ 'big' ],
		verdicts,
		onProgress: ( p ) => {
			done.push( p.rowsDone );
			if ( p.rowsDone === 500 ) {
				verdicts.keep( 'big' ); // after the first INSERT
			}
		},
	} );
	expect( result ).toEqual( { tables: [], kept: [ 'big' ] } );
	// The first INSERT ran, no later one: the next progress is the kept table's "nothing left" report.
	expect( done ).toEqual( [ 500, ROWS ] );
	expect( await tableNames( scratch.pool ) ).not.toContain(
		`${ prefix }syteops_stg_big`
	);
} );
