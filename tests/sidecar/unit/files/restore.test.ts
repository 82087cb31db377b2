import { promises as fs } from 'node:fs';
import path from 'node:path';

import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import {
	extractContentToStaging,
	type ExtractOptions,
} from '../../../../sidecar/src/engine/files/restore';
import {
	createStagingDir,
	swapContent,
	type SwapOptions,
} from '../../../../sidecar/src/engine/files/swap';
import {
	backup,
	buildSite,
	CANARY,
	describeTree,
	makeTempDir,
	pseudoRandom,
	writeFiles,
	type Backup,
} from './site-fixture';

let root: string;
let content: string;
let storage: string;
beforeEach( async () => {
	root = await makeTempDir( 'restore' );
	content = await buildSite( root );
	storage = path.join( root, 'storage' );
} );
afterEach( async () => {
	await fs.rm( root, { recursive: true, force: true } );
} );

/** Changes every top directory so a restore has something to undo. */
async function changeSite(): Promise< void > {
	await fs.rm( path.join( content, 'uploads/2024/01/photo.jpg' ) );
	await fs.rm( path.join( content, 'uploads/2024/02/empty' ), {
		recursive: true,
	} );
	await writeFiles( content, {
		'uploads/2025/new.png': pseudoRandom( 3000, 4 ),
		'themes/twentytwo/style.css': 'body { color: blue; }\n',
		'plugins/added/added.php': '<?php // added after the backup\n',
		'plugins/syteops-backup/syteops-backup.php':
			'<?php // our plugin, updated since\n',
	} );
	await fs.rm( path.join( content, 'uploads/latest.jpg' ) );
	await fs.symlink(
		'2025/new.png',
		path.join( content, 'uploads/latest.jpg' )
	);
}

/** Our plugin's main file in the live tree: what WordPress must find to load the plugin. */
function ourPluginMainFile(): string {
	return path.join( content, 'plugins/syteops-backup/syteops-backup.php' );
}

function extractOptions( taken: Backup ): ExtractOptions {
	return {
		symlinks: taken.capture.symlinks,
		directories: taken.capture.directories,
		wpContentDir: content,
	};
}

/**
 * Extracts the backup's files into a new staging directory, as a restore does before its swap.
 * @param taken
 */
async function stage( taken: Backup ) {
	const reader = await ArchiveReader.open( taken.archive.path );
	const staging = await createStagingDir( content );
	const extracted = await extractContentToStaging(
		reader,
		staging,
		extractOptions( taken )
	);
	return { staging, extracted };
}

async function restore( taken: Backup, options?: SwapOptions ) {
	const { staging, extracted } = await stage( taken );
	const handle = await swapContent( content, staging, options );
	return { staging, extracted, handle };
}

describe( 'capture → extract → swap', () => {
	it( 'brings back every file, link and empty directory exactly, keeping our own plugin as it is live', async () => {
		const before = await describeTree( content, [
			'plugins/syteops-backup',
		] );
		const taken = await backup( content, storage );
		await changeSite();
		const ourPlugin = await describeTree(
			path.join( content, 'plugins/syteops-backup' )
		);

		const { staging, extracted, handle } = await restore( taken );
		await handle.commit();

		expect(
			await describeTree( content, [ 'plugins/syteops-backup' ] )
		).toEqual( before );
		expect(
			await describeTree( path.join( content, 'plugins/syteops-backup' ) )
		).toEqual( ourPlugin );
		expect( before[ 'uploads/2024/02/empty' ] ).toBe( 'dir' );
		expect( before[ 'themes/hello-link' ] ).toBe(
			'link -> ../plugins/hello'
		);
		expect( extracted ).toMatchObject( {
			files: 6,
			skippedSymlinks: [],
			skippedEntries: 0,
		} );
		expect( handle.swapped ).toEqual( [ 'uploads', 'themes', 'plugins' ] );
		await expect( fs.access( staging ) ).rejects.toThrow();
		expect(
			( await fs.readdir( content ) ).filter( ( n ) =>
				n.startsWith( '.syteops-' )
			)
		).toEqual( [] );
	} );

	it( 'restores files with 0644 and directories with 0755 whatever they had', async () => {
		await fs.chmod(
			path.join( content, 'plugins/hello/hello.php' ),
			0o600
		);
		await fs.chmod( path.join( content, 'plugins/hello' ), 0o700 );
		const { handle } = await restore( await backup( content, storage ) );
		await handle.commit();
		const mode = async ( rel: string ) =>
			// eslint-disable-next-line no-bitwise -- permission bits
			( await fs.stat( path.join( content, rel ) ) ).mode & 0o777;
		expect( await mode( 'plugins/hello/hello.php' ) ).toBe( 0o644 );
		expect( await mode( 'plugins/hello' ) ).toBe( 0o755 );
	} );

	it( 'never writes entries of our own plugin, even when an archive carries them', async () => {
		const taken = await backup(
			content,
			storage,
			{},
			{
				'files/wp-content/plugins/syteops-backup/syteops-backup.php':
					Buffer.from( '<?php // old copy\n' ),
				'files/wp-content/plugins/syteops-backup/evil.php':
					Buffer.from( '<?php // planted\n' ),
			}
		);
		const live = await describeTree(
			path.join( content, 'plugins/syteops-backup' )
		);
		const { extracted, handle } = await restore( taken );
		await handle.commit();
		expect( extracted.skippedEntries ).toBe( 2 );
		expect(
			await describeTree( path.join( content, 'plugins/syteops-backup' ) )
		).toEqual( live );
	} );

	it( 'skips and reports links that resolve outside wp-content, and recreates none of them', async () => {
		await fs.symlink(
			'../../wp-config.php',
			path.join( content, 'uploads/x' )
		);
		await writeFiles( root, { 'secret-dir/keys.txt': CANARY } );
		await fs.symlink(
			'../../secret-dir',
			path.join( content, 'uploads/outside-dir' )
		);
		const { extracted, handle } = await restore(
			await backup( content, storage )
		);
		await handle.commit();
		expect( extracted.skippedSymlinks ).toEqual( [
			{
				path: 'uploads/outside-dir',
				target: '../../secret-dir',
				reason: 'outside',
			},
			{
				path: 'uploads/x',
				target: '../../wp-config.php',
				reason: 'outside',
			},
		] );
		const names = await fs.readdir( path.join( content, 'uploads' ) );
		expect( names ).not.toContain( 'x' );
		expect( names ).not.toContain( 'outside-dir' );
		expect( names ).toContain( 'latest.jpg' );
	} );

	it( 'swaps a top directory in when WordPress recreates it in the instant the live one is set aside, replacing what was written there', async () => {
		const before = await describeTree( content, [
			'plugins/syteops-backup',
		] );
		const taken = await backup( content, storage );
		await changeSite();
		let raced = 0;
		const { handle } = await restore( taken, {
			onStep: async ( step, dir ) => {
				// An upload in that instant: wp_mkdir_p() makes uploads/<year>/<month> again.
				if ( step === 'live-set-aside' && dir === 'uploads' ) {
					raced++;
					await writeFiles( content, {
						'uploads/2026/12/racing.jpg': 'uploaded meanwhile',
					} );
				}
			},
		} );
		await handle.commit();

		expect( raced ).toBe( 1 );
		expect( handle.swapped ).toEqual( [ 'uploads', 'themes', 'plugins' ] );
		expect(
			await describeTree( content, [ 'plugins/syteops-backup' ] )
		).toEqual( before );
		expect(
			( await fs.readdir( content ) ).filter( ( n ) =>
				n.startsWith( '.syteops-' )
			)
		).toEqual( [] );
	} );

	it( 'keeps our own plugin live at every step of the swap but the instant between the two renames of plugins, so WordPress never serves a request without its REST routes', async () => {
		const taken = await backup( content, storage );
		await changeSite();
		const ourFile = ourPluginMainFile();
		const livePlugin = await fs.readFile( ourFile, 'utf8' );
		const seen: string[] = [];
		const { handle } = await restore( taken, {
			onStep: async ( step, dir ) => {
				// Between the two renames of plugins there is no plugins directory at all; nowhere else.
				const expectLive = ! (
					step === 'live-set-aside' && dir === 'plugins'
				);
				const present = await fs
					.readFile( ourFile, 'utf8' )
					.catch( () => 'missing' );
				seen.push(
					`${ step } ${ dir }: ${
						present === livePlugin ? 'live' : present
					}`
				);
				expect( present === livePlugin ).toBe( expectLive );
			},
		} );
		await handle.commit();
		expect( seen ).toHaveLength( 9 );
		expect( seen ).toContain( 'staged-moved-in plugins: live' );
		expect( await fs.readFile( ourFile, 'utf8' ) ).toBe( livePlugin );
	} );

	it( 'rollback after the swap keeps the original plugin files, not the duplicates the restored tree carried', async () => {
		const taken = await backup( content, storage );
		await changeSite();
		const ourFile = ourPluginMainFile();
		const original = await fs.stat( ourFile );
		const { handle } = await restore( taken );
		// The restored tree's copy is a hard link: the same file, not a second one.
		expect( ( await fs.stat( ourFile ) ).ino ).toBe( original.ino );
		await handle.rollback();
		expect( ( await fs.stat( ourFile ) ).ino ).toBe( original.ino );
		expect(
			( await fs.readdir( content ) ).filter( ( n ) =>
				n.startsWith( '.syteops-' )
			)
		).toEqual( [] );
	} );

	it( 'rollback puts the original tree back exactly, our plugin included', async () => {
		const taken = await backup( content, storage );
		await changeSite();
		const changed = await describeTree( content );
		const { staging, handle } = await restore( taken );
		expect( await describeTree( content ) ).not.toEqual( changed );
		await handle.rollback();
		expect( await describeTree( content ) ).toEqual( changed );
		await expect( fs.access( staging ) ).rejects.toThrow();
		await expect( handle.commit() ).rejects.toThrow( /rolled back/ );
	} );

	it( 'refuses to swap while a crashed restore’s old tree is still there', async () => {
		const taken = await backup( content, storage );
		await fs.mkdir( path.join( content, '.syteops-old-themes' ) );
		const { staging } = await stage( taken );
		const before = await describeTree( content );
		await expect( swapContent( content, staging ) ).rejects.toMatchObject( {
			code: 'syteops_files_leftovers',
		} );
		expect( await describeTree( content ) ).toEqual( before );
	} );
} );

describe( 'extractContentToStaging on a corrupt archive', () => {
	it( 'fails on the damaged entry, removes the staging directory and leaves the live tree untouched', async () => {
		await writeFiles( content, {
			'uploads/zz-last.jpg': pseudoRandom( 40000, 77 ),
		} );
		const taken = await backup( content, storage );
		const zip = await fs.readFile( taken.archive.path );
		// A stored (not deflated) JPEG sits raw in the ZIP: flip one byte in the middle of its data.
		const at = zip.indexOf(
			pseudoRandom( 40000, 77 ).subarray( 20000, 20064 )
		);
		expect( at ).toBeGreaterThan( 0 );
		zip[ at ] ^= 0xff; // eslint-disable-line no-bitwise -- flip every bit of one byte
		await fs.writeFile( taken.archive.path, zip );
		const before = await describeTree( content );

		const reader = await ArchiveReader.open( taken.archive.path );
		const staging = await createStagingDir( content );
		const progress: number[] = [];
		await expect(
			extractContentToStaging( reader, staging, {
				...extractOptions( taken ),
				onProgress: ( p ) => progress.push( p.filesDone ),
			} )
		).rejects.toMatchObject( {
			code: 'syteops_archive_checksum_mismatch',
		} );

		expect( progress.length ).toBeGreaterThan( 0 ); // it really failed midway, after other files
		await expect( fs.access( staging ) ).rejects.toThrow();
		expect( await describeTree( content ) ).toEqual( before );
	} );
} );

describe( 'restore onto a site that still holds some of the archive’s files', () => {
	const stats = ( rel: string ) => fs.stat( path.join( content, rel ) );

	async function restoreReusing( taken: Backup ) {
		const reader = await ArchiveReader.open( taken.archive.path );
		const staging = await createStagingDir( content );
		const extracted = await extractContentToStaging( reader, staging, {
			...extractOptions( taken ),
			reuseUnchangedFrom: content,
		} );
		const handle = await swapContent( content, staging );
		return { extracted, handle };
	}

	it( 'links the files the live site holds unchanged (small and streamed ones), writes the others, and the committed tree is exactly the archive’s', async () => {
		// Over a megabyte stored: the streamed path, not the small-file one.
		await writeFiles( content, {
			'uploads/big.jpg': pseudoRandom( 1536 * 1024, 9 ),
		} );
		const before = await describeTree( content, [
			'plugins/syteops-backup',
		] );
		const taken = await backup( content, storage );
		const notes = await stats( 'uploads/2024/01/notes.txt' );
		const big = await stats( 'uploads/big.jpg' );
		await changeSite(); // photo.jpg removed, style.css changed; the rest stays

		const { extracted, handle } = await restoreReusing( taken );
		expect( extracted ).toMatchObject( { files: 7, unchanged: 5 } );
		await handle.commit();

		expect(
			await describeTree( content, [ 'plugins/syteops-backup' ] )
		).toEqual( before );
		const notesAfter = await stats( 'uploads/2024/01/notes.txt' );
		expect( notesAfter.ino ).toBe( notes.ino ); // kept, not rewritten
		expect( notesAfter.nlink ).toBe( 1 ); // the old tree's name is gone
		expect( ( await stats( 'uploads/big.jpg' ) ).ino ).toBe( big.ino );
	} );

	it( 'writes a file again when the live one has other bytes of the same size, another mode, or a second link', async () => {
		const before = await describeTree( content, [
			'plugins/syteops-backup',
		] );
		const taken = await backup( content, storage );
		await writeFiles( content, {
			'uploads/2024/01/photo.jpg': pseudoRandom( 70000, 2 ),
		} );
		const photo = await stats( 'uploads/2024/01/photo.jpg' );
		await fs.chmod(
			path.join( content, 'uploads/2024/01/notes.txt' ),
			0o600
		);
		const outside = path.join( root, 'hello-elsewhere.php' );
		await fs.link(
			path.join( content, 'plugins/hello/hello.php' ),
			outside
		);

		const { extracted, handle } = await restoreReusing( taken );
		// empty.bin, style.css and functions.php are the only files kept.
		expect( extracted ).toMatchObject( { files: 6, unchanged: 3 } );
		await handle.commit();

		expect(
			await describeTree( content, [ 'plugins/syteops-backup' ] )
		).toEqual( before );
		expect( ( await stats( 'uploads/2024/01/photo.jpg' ) ).ino ).not.toBe(
			photo.ino
		);
		const notesMode = ( await stats( 'uploads/2024/01/notes.txt' ) ).mode;
		expect( notesMode & 0o777 ).toBe( 0o644 ); // eslint-disable-line no-bitwise -- permission bits
		const hello = await stats( 'plugins/hello/hello.php' );
		expect( hello.ino ).not.toBe( ( await fs.stat( outside ) ).ino );
		expect( hello.nlink ).toBe( 1 );
	} );

	it( 'rollback after linking leaves every live file as it was: same inode, same bytes, one link', async () => {
		const taken = await backup( content, storage );
		await writeFiles( content, {
			'themes/twentytwo/style.css': 'body { color: green; }\n',
		} );
		const live = await describeTree( content );
		const notes = await stats( 'uploads/2024/01/notes.txt' );

		const { extracted, handle } = await restoreReusing( taken );
		expect( extracted.unchanged ).toBe( 5 );
		await handle.rollback();

		expect( await describeTree( content ) ).toEqual( live );
		const notesAfter = await stats( 'uploads/2024/01/notes.txt' );
		expect( notesAfter.ino ).toBe( notes.ino );
		expect( notesAfter.nlink ).toBe( 1 );
	} );
} );
