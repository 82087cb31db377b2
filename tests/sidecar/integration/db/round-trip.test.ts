/**
 * dump -> load -> swap on a real MariaDB reproduces every site table byte for byte (tableDigest and
 * CHECKSUM TABLE), keeps the backup's own tables and option rows out of the archive and in place, and
 * rollbackSwap / cleanupLeftovers put things back.
 */
import type { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { tableDigest } from '../../../../sidecar/src/db/checksum';
import { dumpDatabase, type DumpResult } from '../../../../sidecar/src/db/dump';
import { loadIntoStaging } from '../../../../sidecar/src/db/load';
import {
	cleanupLeftovers,
	dropOldTables,
	rollbackSwap,
	swapInStaging,
} from '../../../../sidecar/src/db/swap';
import { dumpToArchive, entryText } from './support/archive';
import { createFixtures, registry, SITE_SUFFIXES } from './support/fixtures';
import {
	checksumTable,
	createScratch,
	tableNames,
	type Scratch,
} from './support/scratch';

const prefix = 't_';
let scratch: Scratch;
let reader: ArchiveReader;
let dump: DumpResult;
const before = new Map<
	string,
	{ sha256: string; rows: number; checksum: string }
>();

async function digestOf( suffix: string ) {
	const conn = await scratch.pool.getConnection();
	try {
		const filter =
			suffix === 'options'
				? { column: 'option_name', notIn: registry.internal.options }
				: undefined;
		return await tableDigest( conn, prefix + suffix, {
			headerName: suffix,
			filter,
		} );
	} finally {
		conn.release();
	}
}

async function optionValue( name: string ): Promise< string | undefined > {
	const [ rows ] = await scratch.pool.query<
		Array< { option_value: string } & import( 'mysql2' ).RowDataPacket >
	>( 'SELECT option_value FROM ?? WHERE option_name = ?', [
		prefix + 'options',
		name,
	] );
	return rows[ 0 ]?.option_value;
}

beforeAll( async () => {
	scratch = await createScratch();
	await createFixtures( scratch.pool, prefix );
	for ( const suffix of SITE_SUFFIXES ) {
		before.set( suffix, {
			...( await digestOf( suffix ) ),
			checksum: await checksumTable( scratch.pool, prefix + suffix ),
		} );
	}
	( { reader, dump } = await dumpToArchive(
		( writer ) =>
			dumpDatabase( scratch.pool, { prefix, registry, writer } ),
		prefix
	) );
} );

afterAll( async () => {
	await scratch?.drop();
} );

test( 'the dump lists exactly the site tables (no internal tables, no decoy matching an unescaped _)', () => {
	expect( dump.tables.map( ( t ) => t.name ) ).toEqual( SITE_SUFFIXES );
	expect(
		[ ...reader.entryPaths() ]
			.filter( ( p ) => p.startsWith( 'db/' ) )
			.sort()
	).toEqual(
		SITE_SUFFIXES.flatMap( ( s ) => [
			`db/${ s }.rows.ndjson`,
			`db/${ s }.schema.sql`,
		] ).sort()
	);
} );

test( 'each table’s sha256 and row count equal the digest of the live table and its manifest entry', () => {
	for ( const table of dump.tables ) {
		expect( { sha256: table.sha256, rows: table.rows } ).toEqual( {
			sha256: before.get( table.name )?.sha256,
			rows: before.get( table.name )?.rows,
		} );
		expect(
			reader.manifest.entries.get( `db/${ table.name }.rows.ndjson` )
				?.sha256
		).toBe( table.sha256 );
	}
} );

test( 'internal option rows are not in the archive; secrets are listed by name only', async () => {
	const options = await entryText( reader, 'db/options.rows.ndjson' );
	expect( options ).toContain( 'siteurl' );
	expect( options ).not.toContain( 'syteops_license' );
	expect( options ).not.toContain( 'source-license' );
	expect( options ).not.toContain( 'syteops_backup_settings' );
	expect( dump.secretsExcluded ).toContain( 'license.product_key' );
} );

test( 'the schema entry names the table by placeholder, not by the prefix', async () => {
	const schema = await entryText( reader, 'db/posts.schema.sql' );
	expect( schema.startsWith( 'CREATE TABLE `__SYTEOPS_TABLE__` (' ) ).toBe(
		true
	);
	expect( schema ).not.toContain( prefix + 'posts' );
} );

test( 'the MyISAM table gives a warning naming it; InnoDB tables do not', () => {
	expect( dump.warnings ).toEqual( [
		`${ prefix }legacy is MyISAM: not part of the consistent snapshot`,
	] );
	expect( dump.tables.find( ( t ) => t.name === 'legacy' )?.engine ).toBe(
		'MyISAM'
	);
} );

test( 'binary, emoji, NULL and extreme integers are stored as the codec says', async () => {
	const lines = ( await entryText( reader, 'db/blobs.rows.ndjson' ) )
		.trim()
		.split( '\n' );
	const header = JSON.parse( lines[ 0 ] );
	expect(
		header.columns.map( ( c: { name: string; binary: boolean } ) => [
			c.name,
			c.binary,
		] )
	).toEqual( [
		[ 'id', false ],
		[ 'data', true ],
		[ 'bin', true ],
		[ 'flags', true ],
		[ 'big', false ],
		[ 'neg', false ],
		[ 'note', false ],
		[ 'latin', false ],
	] );
	const first = JSON.parse( lines[ 1 ] );
	expect(
		Buffer.from( first[ 1 ].b64, 'base64' ).equals(
			Buffer.from( Array.from( { length: 256 }, ( _, i ) => i ) )
		)
	).toBe( true );
	expect( first[ 4 ] ).toBe( '18446744073709551615' );
	expect( first[ 5 ] ).toBe( '-9223372036854775808' );
	expect( JSON.parse( lines[ 2 ] )[ 1 ] ).toEqual( { b64: '' } );
	expect( JSON.parse( lines[ 3 ] )[ 1 ] ).toBeNull();
} );

describe( 'load, swap, rollback, drop', () => {
	test( 'the staged tables have exactly the digests of the archive', async () => {
		// The live site changes after the backup: the restore must bring the backup's state back.
		await scratch.pool.query( 'UPDATE ?? SET post_title = ? WHERE ID = 1', [
			prefix + 'posts',
			'changed after the backup',
		] );
		await scratch.pool.query( 'DELETE FROM ?? WHERE id = 2', [
			prefix + 'blobs',
		] );
		await scratch.pool.query(
			'UPDATE ?? SET option_value = ? WHERE option_name = ?',
			[ prefix + 'options', 'destination-license', 'syteops_license' ]
		);
		const loaded = await loadIntoStaging( scratch.pool, reader, {
			prefix,
			tables: SITE_SUFFIXES,
			registry,
		} );
		expect(
			loaded.tables.map( ( t ) => [ t.name, t.table, t.rows, t.sha256 ] )
		).toEqual(
			dump.tables.map( ( t ) => [
				t.name,
				`${ prefix }syteops_stg_${ t.name }`,
				t.rows,
				t.sha256,
			] )
		);
	} );

	test( 'swap makes every live table identical to the original (digest and CHECKSUM TABLE)', async () => {
		const swap = await swapInStaging( scratch.pool, {
			prefix,
			suffixes: SITE_SUFFIXES,
			preserveOptionNames: registry.internal.options,
			registry,
		} );
		for ( const suffix of SITE_SUFFIXES ) {
			const { sha256, rows } = await digestOf( suffix );
			expect( { suffix, sha256, rows } ).toEqual( {
				suffix,
				sha256: before.get( suffix )?.sha256,
				rows: before.get( suffix )?.rows,
			} );
			if ( suffix !== 'options' ) {
				expect(
					await checksumTable( scratch.pool, prefix + suffix )
				).toBe( before.get( suffix )?.checksum );
			}
		}
		expect(
			swap.tables.every(
				( t ) => t.old === `${ prefix }syteops_old_${ t.suffix }`
			)
		).toBe( true );
		await dropOldTables( scratch.pool, swap );
	} );

	test( 'the destination’s internal options and internal tables survive the swap', async () => {
		expect( await optionValue( 'syteops_license' ) ).toBe(
			'destination-license'
		);
		expect( await optionValue( 'syteops_backup_settings' ) ).toBe(
			'source-settings'
		);
		const [ rows ] = await scratch.pool.query<
			import( 'mysql2' ).RowDataPacket[]
		>( 'SELECT v FROM ??', [ prefix + 'syteops_secrets' ] );
		expect( rows.map( ( r ) => r.v ) ).toEqual( [
			'destination-syteops_secrets',
		] );
		expect( await tableNames( scratch.pool ) ).not.toContain(
			`${ prefix }syteops_old_posts`
		);
	} );

	test( 'rollbackSwap puts the replaced tables back exactly', async () => {
		await scratch.pool.query( 'UPDATE ?? SET post_title = ? WHERE ID = 1', [
			prefix + 'posts',
			'live edit',
		] );
		const edited = await digestOf( 'posts' );
		await loadIntoStaging( scratch.pool, reader, {
			prefix,
			tables: [ 'posts' ],
		} );
		const swap = await swapInStaging( scratch.pool, {
			prefix,
			suffixes: [ 'posts' ],
			preserveOptionNames: [],
		} );
		expect( ( await digestOf( 'posts' ) ).sha256 ).toBe(
			before.get( 'posts' )?.sha256
		);
		await rollbackSwap( scratch.pool, swap );
		expect( ( await digestOf( 'posts' ) ).sha256 ).toBe( edited.sha256 );
		expect(
			( await tableNames( scratch.pool ) ).filter(
				( n ) =>
					n.includes( 'syteops_stg_' ) || n.includes( 'syteops_old_' )
			)
		).toEqual( [] );
	} );

	test( 'cleanupLeftovers drops staging and old tables and nothing else', async () => {
		await loadIntoStaging( scratch.pool, reader, {
			prefix,
			tables: [ 'posts', 'blobs' ],
		} );
		await scratch.pool.query( 'CREATE TABLE ?? (id int) ENGINE=InnoDB', [
			`${ prefix }syteops_old_options`,
		] );
		const tablesBefore = await tableNames( scratch.pool );
		const dropped = await cleanupLeftovers( scratch.pool, prefix );
		expect( dropped ).toEqual( {
			staging: [
				`${ prefix }syteops_stg_blobs`,
				`${ prefix }syteops_stg_posts`,
			],
			old: [ `${ prefix }syteops_old_options` ],
		} );
		expect( await tableNames( scratch.pool ) ).toEqual(
			tablesBefore.filter(
				( n ) => ! [ ...dropped.staging, ...dropped.old ].includes( n )
			)
		);
	} );

	test( 'the loader refuses the backup’s own tables and leaves no staging table behind', async () => {
		await expect(
			loadIntoStaging( scratch.pool, reader, {
				prefix,
				tables: [ 'syteops_secrets' ],
				registry,
			} )
		).rejects.toMatchObject( { code: 'syteops_db_table_refused' } );
		await expect(
			loadIntoStaging( scratch.pool, reader, {
				prefix,
				tables: [ 'posts', 'missing' ],
			} )
		).rejects.toMatchObject( { code: 'syteops_archive_entry_missing' } );
		expect(
			( await tableNames( scratch.pool ) ).filter( ( n ) =>
				n.includes( 'syteops_stg_' )
			)
		).toEqual( [] );
	} );
} );
