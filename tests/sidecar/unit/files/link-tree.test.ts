/* eslint-disable no-bitwise -- permission bits of st_mode */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { linkTree } from '../../../../sidecar/src/engine/files/link-tree';
import { describeTree, makeTempDir, writeFiles } from './site-fixture';

let root: string;
beforeEach( async () => {
	root = await makeTempDir( 'link-tree' );
} );
afterEach( async () => {
	await fs.rm( root, { recursive: true, force: true } );
} );

describe( 'linkTree', () => {
	it( 'duplicates directories, files and symlinks (dangling ones too), with files hard-linked and modes kept', async () => {
		const from = path.join( root, 'plugin' );
		await writeFiles( from, {
			'plugin.php': '<?php // main\n',
			'includes/rest/routes.php': '<?php // routes\n',
			'build/index.js': 'console.log(1);\n',
		} );
		await fs.mkdir( path.join( from, 'empty' ) );
		await fs.symlink( 'includes/rest', path.join( from, 'rest-link' ) );
		await fs.symlink( '../nowhere', path.join( from, 'dangling' ) );
		await fs.chmod( path.join( from, 'includes' ), 0o750 );
		await fs.chmod( path.join( from, 'plugin.php' ), 0o600 );
		const to = path.join( root, 'duplicate' );

		await linkTree( from, to );

		expect( await describeTree( to ) ).toEqual(
			await describeTree( from )
		);
		expect(
			( await fs.stat( path.join( to, 'includes/rest/routes.php' ) ) ).ino
		).toBe(
			( await fs.stat( path.join( from, 'includes/rest/routes.php' ) ) )
				.ino
		);
		expect( await fs.readlink( path.join( to, 'dangling' ) ) ).toBe(
			'../nowhere'
		);
		expect(
			( await fs.stat( path.join( to, 'includes' ) ) ).mode & 0o777
		).toBe( 0o750 );
		expect(
			( await fs.stat( path.join( to, 'plugin.php' ) ) ).mode & 0o777
		).toBe( 0o600 );
		// The source is untouched: removing the duplicate leaves every original file.
		await fs.rm( to, { recursive: true } );
		expect(
			await fs.readFile( path.join( from, 'plugin.php' ), 'utf8' )
		).toBe( '<?php // main\n' );
	} );

	it( 'duplicates a plugin directory that is itself a symlink as that symlink', async () => {
		await writeFiles( root, { 'elsewhere/plugin.php': '<?php\n' } );
		const from = path.join( root, 'linked-plugin' );
		await fs.symlink( path.join( root, 'elsewhere' ), from );
		const to = path.join( root, 'duplicate' );
		await linkTree( from, to );
		expect( ( await fs.lstat( to ) ).isSymbolicLink() ).toBe( true );
		expect( await fs.readlink( to ) ).toBe(
			path.join( root, 'elsewhere' )
		);
	} );

	it( 'refuses to write over something already at the destination', async () => {
		await writeFiles( root, { 'a/f.txt': 'a', 'b/f.txt': 'b' } );
		await expect(
			linkTree( path.join( root, 'a' ), path.join( root, 'b' ) )
		).rejects.toMatchObject( { code: 'EEXIST' } );
		expect(
			await fs.readFile( path.join( root, 'b/f.txt' ), 'utf8' )
		).toBe( 'b' );
	} );
} );
