/**
 * The restore engine on a scratch copy of the test stack's site A database (every table, rows included; no
 * files): a table the pre-restore snapshot finds equal to the archive is kept, not loaded; a table changed
 * since the backup is loaded; a write to a kept table after the snapshot and before the swap is seen and the
 * table loaded after all; the checksum guess releases a changed table at once and holds the others until the
 * snapshot settles them (or fails); a database user without the LOCK TABLES privilege, and a cross-site restore
 * with a URL rewrite, keep nothing. Each time every table ends
 * as the archive holds it.
 */
import { mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';

import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { archiveFile } from '../../../../sidecar/src/engine/archive-store';
import { takeFullBackup } from '../../../../sidecar/src/engine/backup';
import { KeptTables } from '../../../../sidecar/src/engine/kept-tables';
import { createPool } from '../../../../sidecar/src/db/pool';
import {
	restoreSnapshot,
	type RestoreResult,
} from '../../../../sidecar/src/engine/restore';
import { silentLogger } from '../../../../sidecar/src/log';
import { createSiteContext } from '../../../../sidecar/src/site-context';
import { loadStackEnv } from '../../../support/stack';
import { registry } from '../db/support/fixtures';
import {
	checksumTable,
	copySiteTables,
	createScratch,
	scratchConfig,
	scratchSite,
	tableNames,
	type Scratch,
} from '../db/support/scratch';

const stack = loadStackEnv();
const PREFIX = stack.TABLE_PREFIX;

let scratch: Scratch;
let storageDir: string;

function site() {
	return scratchSite( scratch, PREFIX, storageDir );
}

/**
 * The site's tables and their checksums. Left out: the backup's own tables, which a restore never replaces,
 * and options, which it always loads and writes its license lock into.
 */
async function siteChecksums(): Promise< Record< string, string > > {
	const internal = [ ...registry.internal.tables, 'options' ].map(
		( t ) => PREFIX + t
	);
	const names = ( await tableNames( scratch.pool ) ).filter(
		( name ) => ! internal.includes( name )
	);
	const sums: Record< string, string > = {};
	for ( const name of names ) {
		sums[ name ] = await checksumTable( scratch.pool, name );
	}
	return sums;
}

async function backup(): Promise< string > {
	const taken = await takeFullBackup(
		site(),
		{ type: 'manual', label: 'kept tables', userId: null },
		null
	);
	return taken.snapshot_id;
}

async function restore(
	id: string,
	options: { urlRewrite?: boolean; onStarted?: () => Promise< void > } = {}
): Promise< RestoreResult > {
	const context = site();
	const row = await context.catalog.get( id );
	if ( ! row ) {
		throw new Error( `no snapshot ${ id }` );
	}
	return restoreSnapshot(
		context,
		row,
		{ urlRewrite: options.urlRewrite ?? true, userId: null },
		null,
		options.onStarted
	);
}

beforeAll( async () => {
	scratch = await createScratch();
	await copySiteTables( scratch, stack.DB_NAME, PREFIX );
	storageDir = mkdtempSync( path.join( os.tmpdir(), 'syteops-kept-' ) );
} );

afterAll( async () => {
	await scratch?.drop();
	await fs.rm( storageDir, { recursive: true, force: true } );
} );

describe( 'a restore keeps the live tables that already are the archive’s', () => {
	it( 'keeps every table but options when the site has not changed, and the site is the archive', async () => {
		const id = await backup();
		const before = await siteChecksums();
		const result = await restore( id );
		expect( result.verification ).toMatchObject( {
			ok: true,
			tables_checked: 1, // options, always loaded
			tables_kept: result.tables - 1,
		} );
		expect( await siteChecksums() ).toEqual( before );
	} );

	it( 'loads a table changed since the backup and keeps the others; the changed table is the archive’s again', async () => {
		const id = await backup();
		const before = await siteChecksums();
		await scratch.pool.query(
			`UPDATE \`${ PREFIX }posts\` SET post_title = CONCAT(post_title, ' changed') ORDER BY ID DESC LIMIT 1`
		);
		expect( await siteChecksums() ).not.toEqual( before );
		const result = await restore( id );
		expect( result.verification ).toMatchObject( {
			ok: true,
			tables_checked: 2, // options and posts
			tables_kept: result.tables - 2,
		} );
		expect( await siteChecksums() ).toEqual( before );
	} );

	it( 'sees a write to a kept table between the snapshot and the swap, and loads that table after all', async () => {
		const id = await backup();
		const before = await siteChecksums();
		// When the pre-restore snapshot is done, every verdict is given; the swap has not started.
		const result = await restore( id, {
			onStarted: async () => {
				await scratch.pool.query(
					`UPDATE \`${ PREFIX }users\` SET display_name = CONCAT(display_name, ' meanwhile') ORDER BY ID LIMIT 1`
				);
			},
		} );
		expect( result.verification ).toMatchObject( {
			ok: true,
			tables_checked: 2, // options and users
			tables_kept: result.tables - 2,
		} );
		expect( await siteChecksums() ).toEqual( before );
	} );

	it( 'guesses from the manifest’s checksums: a changed table is loaded at once, an unchanged one waits until the snapshot settles it or is abandoned', async () => {
		const id = await backup();
		const context = site();
		const row = await context.catalog.get( id );
		const reader = await ArchiveReader.open(
			await archiveFile( context, row as NonNullable< typeof row > )
		);
		await scratch.pool.query(
			`UPDATE \`${ PREFIX }posts\` SET post_title = CONCAT(post_title, ' guessed') ORDER BY ID DESC LIMIT 1`
		);
		const told: string[] = [];
		const listener = {
			keep: ( suffix: string ) => told.push( `keep ${ suffix }` ),
			load: ( suffix: string ) => told.push( `load ${ suffix }` ),
		};
		const transform = {
			sourcePrefix: PREFIX,
			targetPrefix: PREFIX,
			urlRewrite: null,
		};
		const kept = new KeptTables( Promise.resolve( { reader, transform } ) );
		const waiting = await kept.guess( scratch.pool, PREFIX );
		expect( waiting ).toEqual(
			expect.arrayContaining( [ 'posts', 'users' ] )
		);
		expect( waiting ).not.toContain( 'options' );
		kept.listen( listener );
		while ( ! told.includes( 'load posts' ) ) {
			await new Promise( ( resolve ) => setTimeout( resolve, 20 ) );
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 200 ) ); // the other checksums
		expect( told ).toEqual( [ 'load posts' ] ); // only the changed table
		kept.abandon();
		expect( told.sort() ).toEqual(
			[
				...waiting
					.filter( ( s ) => s !== 'posts' )
					.map( ( s ) => `keep ${ s }` ),
				'load posts',
			].sort()
		);
		told.length = 0;
		kept.settle(); // nothing waits any more
		expect( told ).toEqual( [] );
		const settling = new KeptTables(
			Promise.resolve( { reader, transform } )
		);
		const again = await settling.guess( scratch.pool, PREFIX );
		settling.listen( listener );
		settling.settle();
		expect( told.sort() ).toEqual(
			again.map( ( s ) => `load ${ s }` ).sort()
		);
		await scratch.pool.query(
			`UPDATE \`${ PREFIX }posts\` SET post_title = TRIM(TRAILING ' guessed' FROM post_title) ORDER BY ID DESC LIMIT 1`
		);
	} );

	it( 'keeps nothing when the database user may not lock tables, and restores every table', async () => {
		const id = await backup();
		const before = await siteChecksums();
		const user = `nolock_${ scratch.name.slice( -8 ) }`;
		const password = 'nolock-password-0000';
		for ( const host of [ 'localhost', '127.0.0.1' ] ) {
			await scratch.pool.query( 'CREATE USER ?@? IDENTIFIED BY ?', [
				user,
				host,
				password,
			] );
			await scratch.pool.query(
				`GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX ON \`${ scratch.name }\`.* TO ?@?`,
				[ user, host ]
			);
		}
		const pool = createPool( { ...scratch.root, user, password } );
		try {
			await scratch.pool.query(
				`UPDATE \`${ PREFIX }posts\` SET post_title = CONCAT(post_title, ' nolock') ORDER BY ID DESC LIMIT 1`
			);
			const context = createSiteContext(
				scratchConfig( scratch, PREFIX, storageDir ),
				pool,
				silentLogger
			);
			const row = await context.catalog.get( id );
			// The guess finds the user may not lock: no table waits for a verdict, none will be kept.
			const reader = await ArchiveReader.open(
				await archiveFile( context, row as NonNullable< typeof row > )
			);
			const basis = Promise.resolve( {
				reader,
				transform: {
					sourcePrefix: PREFIX,
					targetPrefix: PREFIX,
					urlRewrite: null,
				},
			} );
			expect(
				await new KeptTables( basis ).guess( pool, PREFIX )
			).toEqual( [] );
			expect(
				await new KeptTables( basis ).guess( scratch.pool, PREFIX )
			).toContain( 'posts' );
			const result = await restoreSnapshot(
				context,
				row as NonNullable< typeof row >,
				{ urlRewrite: true, userId: null },
				null
			);
			expect( result.verification ).toMatchObject( {
				ok: true,
				tables_kept: 0,
				tables_checked: result.tables,
			} );
			expect( await siteChecksums() ).toEqual( before );
		} finally {
			await pool.end();
			for ( const host of [ 'localhost', '127.0.0.1' ] ) {
				await scratch.pool.query( 'DROP USER IF EXISTS ?@?', [
					user,
					host,
				] );
			}
		}
	} );

	it( 'keeps nothing on a cross-site restore that rewrites URLs: every table is loaded', async () => {
		const id = await backup();
		const [ rows ] = await scratch.pool.query< RowDataPacket[] >(
			`SELECT option_value FROM \`${ PREFIX }options\` WHERE option_name = 'siteurl'`
		);
		const from = String( rows[ 0 ].option_value );
		await scratch.pool.query(
			`UPDATE \`${ PREFIX }options\` SET option_value = 'https://elsewhere.example' WHERE option_name IN ('siteurl', 'home')`
		);
		try {
			const result = await restore( id );
			expect( result.url_rewrite ).toEqual( {
				from,
				to: 'https://elsewhere.example',
			} );
			expect( result.verification ).toMatchObject( {
				ok: true,
				tables_kept: 0,
				tables_checked: result.tables,
			} );
		} finally {
			// Back to the site's own URL for the tests after this one.
			await scratch.pool.query(
				`UPDATE \`${ PREFIX }options\` SET option_value = ? WHERE option_name IN ('siteurl', 'home')`,
				[ from ]
			);
		}
	} );
} );
