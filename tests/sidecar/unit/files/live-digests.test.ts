/**
 * The hand-off from a restore's pre-restore snapshot to its extraction (live-digests.ts): a live file the
 * snapshot read is linked on the digest it computed, only while the file is in the state it was read in.
 * Real files in a temporary directory.
 */
import { createHash } from 'node:crypto';
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';

import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import {
	LiveDigests,
	RACY_MARGIN_MS,
} from '../../../../sidecar/src/engine/files/live-digests';
import { extractContentToStaging } from '../../../../sidecar/src/engine/files/restore';
import {
	createStagingDir,
	swapContent,
} from '../../../../sidecar/src/engine/files/swap';
import {
	linkIfUnchanged,
	linkIfUnchangedSync,
} from '../../../../sidecar/src/engine/files/unchanged-live';
import {
	backup,
	buildSite,
	describeTree,
	makeTempDir,
	pseudoRandom,
	writeFiles,
} from './site-fixture';

let root: string;
beforeEach( async () => {
	root = await makeTempDir( 'live-digests' );
} );
afterEach( async () => {
	await fs.rm( root, { recursive: true, force: true } );
} );

/** As if the snapshot's reads began a minute from now: files written by the test count as old. */
const readsLater = () => new LiveDigests( Date.now() + 60_000 );
const sha256 = ( data: Buffer ) =>
	createHash( 'sha256' ).update( data ).digest( 'hex' );
/** A digest no content of these tests has: only a remembered one can match it. */
const FAKE = 'f'.repeat( 64 );

async function liveFile( name: string, data: Buffer ): Promise< string > {
	const file = path.join( root, name );
	await fs.writeFile( file, data, { mode: 0o644 } );
	await fs.chmod( file, 0o644 );
	return file;
}

describe( 'LiveDigests', () => {
	it( 'gives a remembered digest back only for the same device, inode, size, mtime and ctime', async () => {
		const file = await liveFile( 'a.txt', Buffer.from( 'hello' ) );
		const state = statSync( file );
		const digests = readsLater();
		digests.remember( file, state, FAKE );
		expect( digests.sha256Of( file, state ) ).toBe( FAKE );
		for ( const key of [
			'dev',
			'ino',
			'size',
			'mtimeMs',
			'ctimeMs',
		] as const ) {
			expect(
				digests.sha256Of( file, {
					...state,
					[ key ]: state[ key ] + 1,
				} )
			).toBeUndefined();
		}
		expect( digests.sha256Of( file + '.other', state ) ).toBeUndefined();
	} );

	it( 'does not remember a file whose status changed within the racy margin before the reads began', async () => {
		const file = await liveFile( 'fresh.txt', Buffer.from( 'new' ) );
		const state = statSync( file );
		const justNow = new LiveDigests( state.ctimeMs + RACY_MARGIN_MS - 1 );
		justNow.remember( file, state, FAKE );
		expect( justNow.sha256Of( file, state ) ).toBeUndefined();
		const wellAfter = new LiveDigests( state.ctimeMs + RACY_MARGIN_MS + 1 );
		wellAfter.remember( file, state, FAKE );
		expect( wellAfter.sha256Of( file, state ) ).toBe( FAKE );
	} );

	it( 'settles done once closed, and closing twice is harmless', async () => {
		const digests = readsLater();
		let settled = false;
		void digests.done.then( () => ( settled = true ) );
		await new Promise( ( resolve ) => setImmediate( resolve ) );
		expect( settled ).toBe( false );
		digests.close();
		digests.close();
		await digests.done;
		expect( settled ).toBe( true );
	} );

	it( 'knows no file once it forgot them, and remembers anew after that', async () => {
		const files = await Promise.all(
			[ 'a.txt', 'b.txt', 'c.txt' ].map( ( name ) =>
				liveFile( name, Buffer.from( name ) )
			)
		);
		const digests = readsLater();
		files.forEach( ( file ) =>
			digests.remember( file, statSync( file ), FAKE )
		);
		expect( digests.sha256Of( files[ 1 ], statSync( files[ 1 ] ) ) ).toBe(
			FAKE
		);
		digests.forget();
		for ( const file of files ) {
			expect(
				digests.sha256Of( file, statSync( file ) )
			).toBeUndefined();
		}
		const again = sha256( Buffer.from( 'c.txt' ) );
		digests.remember( files[ 2 ], statSync( files[ 2 ] ), again );
		expect( digests.sha256Of( files[ 2 ], statSync( files[ 2 ] ) ) ).toBe(
			again
		);
		expect(
			digests.sha256Of( files[ 0 ], statSync( files[ 0 ] ) )
		).toBeUndefined();
	} );
} );

describe( 'linking a live file on a remembered digest', () => {
	it( 'links a small and a streamed file on the remembered digest alone (their bytes hash otherwise)', async () => {
		const small = await liveFile( 'small.txt', Buffer.from( 'small' ) );
		const big = await liveFile( 'big.bin', pseudoRandom( 1536 * 1024, 3 ) );
		const digests = readsLater();
		digests.remember( small, statSync( small ), FAKE );
		digests.remember( big, statSync( big ), FAKE );
		const scratch = Buffer.alloc( 1024 * 1024 );

		expect(
			linkIfUnchangedSync(
				small,
				path.join( root, 'small.staged' ),
				{ size: 5, sha256: FAKE },
				scratch,
				digests
			)
		).toBe( true );
		expect(
			await linkIfUnchanged(
				big,
				path.join( root, 'big.staged' ),
				{ size: 1536 * 1024, sha256: FAKE },
				digests
			)
		).toBe( true );
		expect( statSync( path.join( root, 'big.staged' ) ).ino ).toBe(
			statSync( big ).ino
		);
	} );

	it( 'reads a file written in place since (same size) and compares its real bytes', async () => {
		const file = await liveFile( 'notes.txt', Buffer.from( 'before' ) );
		const digests = readsLater();
		digests.remember( file, statSync( file ), FAKE );
		await new Promise( ( resolve ) => setTimeout( resolve, 20 ) );
		await fs.writeFile( file, 'after!' ); // same size, new bytes: ctime and mtime move
		const scratch = Buffer.alloc( 1024 );

		expect(
			linkIfUnchangedSync(
				file,
				path.join( root, 'a.staged' ),
				{ size: 6, sha256: FAKE },
				scratch,
				digests
			)
		).toBe( false );
		expect(
			linkIfUnchangedSync(
				file,
				path.join( root, 'b.staged' ),
				{ size: 6, sha256: sha256( Buffer.from( 'after!' ) ) },
				scratch,
				digests
			)
		).toBe( true );
		await expect(
			fs.access( path.join( root, 'a.staged' ) )
		).rejects.toThrow();
	} );
} );

describe( 'a snapshot capture handing its digests to an extraction', () => {
	it( 'remembers every file it read with the digest its entry records', async () => {
		const content = await buildSite( root );
		const digests = readsLater();
		const taken = await backup( content, path.join( root, 'snap' ), {
			digests,
		} );
		const reader = await ArchiveReader.open( taken.archive.path );
		const files = [ ...reader.manifest.entries ].filter( ( e ) =>
			e.path.startsWith( 'files/wp-content/' )
		);
		expect( files.length ).toBeGreaterThan( 3 );
		for ( const entry of files ) {
			const live = path.join(
				content,
				entry.path.slice( 'files/wp-content/'.length )
			);
			expect( digests.sha256Of( live, statSync( live ) ) ).toBe(
				entry.sha256
			);
		}
	} );

	it( 'waits for the reads to end, then links the unchanged files and writes the changed one: the tree is the archive’s', async () => {
		const content = await buildSite( root );
		const before = await describeTree( content, [
			'plugins/syteops-backup',
		] );
		const taken = await backup( content, path.join( root, 'archive' ) );
		await writeFiles( content, {
			'themes/twentytwo/style.css': 'body { color: green; }\n',
		} );
		const digests = readsLater();
		await backup( content, path.join( root, 'snap' ), { digests } );

		const reader = await ArchiveReader.open( taken.archive.path );
		const staging = await createStagingDir( content );
		let extracted = false;
		const extraction = extractContentToStaging( reader, staging, {
			symlinks: taken.capture.symlinks,
			directories: taken.capture.directories,
			wpContentDir: content,
			reuseUnchangedFrom: content,
			knownDigests: digests,
		} ).then( ( result ) => {
			extracted = true;
			return result;
		} );
		await new Promise( ( resolve ) => setTimeout( resolve, 50 ) );
		expect( extracted ).toBe( false ); // still waiting for the snapshot's reads
		digests.close();
		const result = await extraction;
		expect( result ).toMatchObject( { files: 6, unchanged: 5 } );
		const handle = await swapContent( content, staging );
		await handle.commit();
		expect(
			await describeTree( content, [ 'plugins/syteops-backup' ] )
		).toEqual( before );
	} );
} );
