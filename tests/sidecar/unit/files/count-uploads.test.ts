import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { countUploads } from '../../../../sidecar/src/engine/files/count-uploads';

let wpDir: string;
let uploads: string;
beforeEach( async () => {
	wpDir = await fs.mkdtemp( path.join( os.tmpdir(), 'count-uploads-' ) );
	uploads = path.join( wpDir, 'wp-content', 'uploads' );
} );
afterEach( async () => {
	await fs.rm( wpDir, { recursive: true, force: true } );
} );

async function writeFile( relative: string ): Promise< void > {
	const file = path.join( uploads, relative );
	await fs.mkdir( path.dirname( file ), { recursive: true } );
	await fs.writeFile( file, relative );
}

describe( 'countUploads', () => {
	it( 'counts regular files at every depth, not directories', async () => {
		await writeFile( 'a.jpg' );
		await writeFile( '2024/05/b.jpg' );
		await writeFile( '2024/05/c.txt' );
		await writeFile( '2024/06/deep/er/d.png' );
		await fs.mkdir( path.join( uploads, 'empty' ) );
		expect( await countUploads( wpDir ) ).toBe( 4 );
	} );

	it( 'counts a directory larger than one read of entries (2,000 files in one folder) exactly', async () => {
		await fs.mkdir( path.join( uploads, 'flat' ), { recursive: true } );
		await Promise.all(
			Array.from( { length: 2000 }, ( _, i ) =>
				fs.writeFile( path.join( uploads, 'flat', `${ i }.jpg` ), '' )
			)
		);
		await writeFile( 'other/x.jpg' );
		expect( await countUploads( wpDir ) ).toBe( 2001 );
	} );

	it( 'neither follows nor counts links, to files or to directories', async () => {
		await writeFile( 'real/a.jpg' );
		const outside = await fs.mkdtemp(
			path.join( os.tmpdir(), 'count-uploads-outside-' )
		);
		try {
			await fs.writeFile( path.join( outside, 'x.jpg' ), '' );
			await fs.writeFile( path.join( outside, 'y.jpg' ), '' );
			await fs.symlink( outside, path.join( uploads, 'linked-dir' ) );
			await fs.symlink(
				path.join( uploads, 'real', 'a.jpg' ),
				path.join( uploads, 'linked-file.jpg' )
			);
			expect( await countUploads( wpDir ) ).toBe( 1 );
		} finally {
			await fs.rm( outside, { recursive: true, force: true } );
		}
	} );

	it( 'is 0 for a site without an uploads directory', async () => {
		expect( await countUploads( wpDir ) ).toBe( 0 );
	} );
} );
