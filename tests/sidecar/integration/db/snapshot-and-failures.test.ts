/**
 * The dump reads every table in one consistent snapshot, and a dump whose archive cannot be written
 * leaves no temp file.
 */
import { readdirSync } from 'node:fs';
import { Writable } from 'node:stream';

import { ArchiveWriter } from '../../../../sidecar/src/archive/zip-writer';
import { dumpDatabase } from '../../../../sidecar/src/db/dump';
import { dumpToArchive, entryText, tempStorage } from './support/archive';
import { createFixtures, registry } from './support/fixtures';
import { createScratch, type Scratch } from './support/scratch';

const prefix = 's_';
let scratch: Scratch;

beforeAll( async () => {
	scratch = await createScratch();
	await createFixtures( scratch.pool, prefix );
} );

afterAll( async () => {
	await scratch?.drop();
} );

test( 'changes committed to two tables after the snapshot opened are in neither table of the archive', async () => {
	const progress: Array< string | null > = [];
	const { reader } = await dumpToArchive(
		( writer ) =>
			dumpDatabase( scratch.pool, {
				prefix,
				registry,
				writer,
				onProgress: ( p ) => progress.push( p.table ),
				onSnapshot: async () => {
					// Another connection, another transaction, committed before any row is read.
					const other = await scratch.pool.getConnection();
					try {
						await other.beginTransaction();
						await other.query(
							'UPDATE ?? SET data = ? WHERE id = 1',
							[
								prefix + 'blobs',
								Buffer.from( 'committed mid-dump' ),
							]
						);
						await other.query(
							'INSERT INTO ?? (ID, post_title) VALUES (99, ?)',
							[ prefix + 'posts', 'committed mid-dump' ]
						);
						await other.commit();
					} finally {
						other.release();
					}
				},
			} ),
		prefix
	);
	const blobs = await entryText( reader, 'db/blobs.rows.ndjson' );
	const posts = await entryText( reader, 'db/posts.rows.ndjson' );
	expect( blobs ).not.toContain(
		Buffer.from( 'committed mid-dump' ).toString( 'base64' )
	);
	expect( posts ).not.toContain( 'committed mid-dump' );
	expect( posts.trim().split( '\n' ) ).toHaveLength( 1 + 3 );
	// The changes are really committed: a new dump sees them.
	const [ rows ] = await scratch.pool.query<
		import( 'mysql2' ).RowDataPacket[]
	>( 'SELECT COUNT(*) AS n FROM ??', [ prefix + 'posts' ] );
	expect( Number( rows[ 0 ].n ) ).toBe( 4 );
	expect( progress[ 0 ] ).toBeNull();
	expect( new Set( progress ) ).toEqual(
		new Set( [ null, 'blobs', 'legacy', 'nokey', 'options', 'posts' ] )
	);
} );

test( 'a dump into an archive that fails part-way rejects with the write error and leaves no temp file', async () => {
	const storage = tempStorage();
	let written = 0;
	const writer = await ArchiveWriter.open( storage, {
		outputBatchBytes: 256, // so the small dump reaches the failing disk while it runs
		openOutput: () =>
			new Writable( {
				write( chunk: Buffer, _encoding, done ) {
					written += chunk.length;
					done(
						written > 600
							? Object.assign( new Error( 'no space' ), {
									code: 'ENOSPC',
								} )
							: null
					);
				},
			} ),
	} );
	await expect(
		dumpDatabase( scratch.pool, { prefix, registry, writer } )
	).rejects.toMatchObject( {
		code: 'syteops_archive_write_failed',
	} );
	expect( readdirSync( storage ) ).toEqual( [] );
	// The connection was not returned with the snapshot transaction open: the pool still works.
	await expect( scratch.pool.query( 'SELECT 1' ) ).resolves.toBeDefined();
} );

test( 'a dump whose database connection dies fails with a catalogued database error and no temp file', async () => {
	const storage = tempStorage();
	const writer = await ArchiveWriter.open( storage );
	const killer = await scratch.pool.getConnection();
	const promise = dumpDatabase( scratch.pool, {
		prefix,
		registry,
		writer,
		onSnapshot: async () => {
			// The dump's connection is idle (Sleep) while it awaits this callback.
			const [ dumpers ] = await killer.query<
				import( 'mysql2' ).RowDataPacket[]
			>(
				"SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND COMMAND = 'Sleep'"
			);
			for ( const row of dumpers ) {
				await killer.query( `KILL CONNECTION ${ Number( row.ID ) }` );
			}
		},
	} );
	await expect( promise ).rejects.toMatchObject( {
		code: 'syteops_db_query_failed',
	} );
	killer.release();
	expect( readdirSync( storage ) ).toEqual( [] );
} );
