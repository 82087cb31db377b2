import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';

import {
	walkContent,
	type ContentItem,
	type WalkOptions,
} from '../../../../sidecar/src/engine/files/walk';
import type { ContentWarning } from '../../../../sidecar/src/engine/files/warnings';
import { buildSite, makeTempDir, writeFiles } from './site-fixture';

let root: string;
let content: string;
beforeEach( async () => {
	root = await makeTempDir( 'walk' );
	content = await buildSite( root );
} );
afterEach( async () => {
	await fs.rm( root, { recursive: true, force: true } );
} );

async function walk(
	options: WalkOptions = {}
): Promise< { items: ContentItem[]; warnings: ContentWarning[] } > {
	const items: ContentItem[] = [];
	const warnings: ContentWarning[] = [];
	for await ( const item of walkContent( content, {
		...options,
		onWarning: ( warning ) => warnings.push( warning ),
	} ) ) {
		items.push( item );
	}
	return { items, warnings };
}

const summary = ( items: ContentItem[] ) =>
	items.map(
		( item ) =>
			`${ item.kind } ${ item.rel }${ item.target ? ' -> ' + item.target : '' }`
	);

describe( 'walkContent', () => {
	it( 'lists top directories in order, names sorted, directories before their contents', async () => {
		const { items, warnings } = await walk();
		expect( summary( items ) ).toEqual( [
			'dir uploads',
			'dir uploads/2024',
			'dir uploads/2024/01',
			'file uploads/2024/01/notes.txt',
			'file uploads/2024/01/photo.jpg',
			'dir uploads/2024/02',
			'dir uploads/2024/02/empty',
			'file uploads/empty.bin',
			'symlink uploads/latest.jpg -> 2024/01/photo.jpg',
			'dir themes',
			'symlink themes/hello-link -> ../plugins/hello',
			'dir themes/twentytwo',
			'file themes/twentytwo/functions.php',
			'file themes/twentytwo/style.css',
			'dir plugins',
			'dir plugins/hello',
			'file plugins/hello/hello.php',
		] );
		expect( warnings ).toEqual( [] );
	} );

	it( 'reports sizes, permission bits and modification times from lstat', async () => {
		await fs.chmod(
			path.join( content, 'plugins/hello/hello.php' ),
			0o640
		);
		const { items } = await walk();
		const hello = items.find(
			( item ) => item.rel === 'plugins/hello/hello.php'
		);
		const stats = await fs.lstat(
			path.join( content, 'plugins/hello/hello.php' )
		);
		expect( hello ).toEqual( {
			rel: 'plugins/hello/hello.php',
			kind: 'file',
			size: stats.size,
			mode: 0o640,
			mtimeMs: stats.mtimeMs,
		} );
	} );

	it( 'does not descend into a symlinked directory that points outside wp-content', async () => {
		await writeFiles( root, { 'secret-dir/secret.txt': 'outside' } );
		await fs.symlink(
			'../../secret-dir',
			path.join( content, 'uploads/outside' )
		);
		const { items } = await walk();
		expect( summary( items ) ).toContain(
			'symlink uploads/outside -> ../../secret-dir'
		);
		expect(
			items.some( ( item ) => item.rel.startsWith( 'uploads/outside/' ) )
		).toBe( false );
	} );

	it( 'leaves out the configured skip and exclude paths and their contents', async () => {
		await writeFiles( content, {
			'uploads/syteops-backup-tmp/part.bin': 'x',
			'uploads/cache/page.html': 'x',
			'plugins/syteops-backup-extra/keep.php': 'x',
		} );
		const { items } = await walk( {
			exclude: [ 'uploads/cache', 'uploads/syteops-backup-tmp' ],
		} );
		const rels = items.map( ( item ) => item.rel );
		expect(
			rels.filter(
				( rel ) => rel.includes( 'cache' ) || rel.includes( 'tmp' )
			)
		).toEqual( [] );
		expect(
			rels.filter( ( rel ) =>
				rel.startsWith( 'plugins/syteops-backup/' )
			)
		).toEqual( [] );
		// Only whole segments match: a sibling whose name merely starts the same is captured.
		expect( rels ).toContain( 'plugins/syteops-backup-extra/keep.php' );
	} );

	it( 'leaves out a storage directory inside wp-content even when given by another path', async () => {
		await writeFiles( content, { 'uploads/backups/a.zip': 'zip' } );
		await fs.symlink(
			path.join( content, 'uploads/backups' ),
			path.join( root, 'storage-alias' )
		);
		const { items } = await walk( {
			storageDir: path.join( root, 'storage-alias' ),
		} );
		expect(
			items.some( ( item ) => item.rel.startsWith( 'uploads/backups' ) )
		).toBe( false );
		expect(
			items.some( ( item ) => item.rel === 'uploads/empty.bin' )
		).toBe( true );
	} );

	it( 'skips a named pipe with a warning instead of blocking on it', async () => {
		execFileSync( 'mkfifo', [ path.join( content, 'uploads/pipe' ) ] );
		const { items, warnings } = await walk();
		expect( items.some( ( item ) => item.rel === 'uploads/pipe' ) ).toBe(
			false
		);
		expect( warnings ).toEqual( [
			expect.objectContaining( {
				code: 'special_file',
				path: 'uploads/pipe',
			} ),
		] );
		expect( warnings[ 0 ].message ).toContain( 'named pipe' );
	} );

	it( 'warns about names an archive cannot hold and about names it cannot even examine', async () => {
		await writeFiles( content, { 'uploads/back\\slash.txt': 'x' } );
		const latin1Name = Buffer.concat( [
			Buffer.from( path.join( content, 'uploads' ) + '/caf' ),
			Buffer.from( [ 0xe9 ] ), // "é" in Latin-1: not valid UTF-8
			Buffer.from( '.txt' ),
		] );
		await fs.writeFile( latin1Name, 'x' );
		const { items, warnings } = await walk();
		expect( warnings.map( ( warning ) => warning.code ).sort() ).toEqual( [
			'unsafe_name',
			'vanished',
		] );
		expect( items.some( ( item ) => item.rel.includes( 'slash' ) ) ).toBe(
			false
		);
		expect( items.some( ( item ) => item.rel.includes( 'caf' ) ) ).toBe(
			false
		);
	} );

	it( 'treats a missing top directory as empty and a symlinked one as a link, with a warning', async () => {
		await fs.rm( path.join( content, 'themes' ), { recursive: true } );
		await fs.rename(
			path.join( content, 'uploads' ),
			path.join( root, 'shared-uploads' )
		);
		await fs.symlink(
			'../shared-uploads',
			path.join( content, 'uploads' )
		);
		const { items, warnings } = await walk();
		expect( summary( items ).slice( 0, 2 ) ).toEqual( [
			'symlink uploads -> ../shared-uploads',
			'dir plugins',
		] );
		expect( warnings ).toEqual( [
			expect.objectContaining( {
				code: 'top_dir_symlink',
				path: 'uploads',
			} ),
		] );
	} );

	it( 'refuses a top directory name that is not a single plain name', async () => {
		await expect( walk( { topDirs: [ '../etc' ] } ) ).rejects.toThrow(
			/top directory/
		);
	} );
} );
