import { promises as fs, appendFileSync, truncateSync } from 'node:fs';
import path from 'node:path';

import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import type { CaptureProgress } from '../../../../sidecar/src/engine/files/capture';
import {
	backup,
	buildSite,
	CANARY,
	makeTempDir,
	pseudoRandom,
	readAll,
	writeFiles,
} from './site-fixture';

let root: string;
let content: string;
let storage: string;
beforeEach( async () => {
	root = await makeTempDir( 'capture' );
	content = await buildSite( root );
	storage = path.join( root, 'storage' );
} );
afterEach( async () => {
	await fs.rm( root, { recursive: true, force: true } );
} );

/**
 * Every decompressed entry of an archive, manifest.json included.
 * @param archivePath the ZIP
 */
async function allEntryBytes(
	archivePath: string
): Promise< Map< string, Buffer > > {
	const reader = await ArchiveReader.open( archivePath );
	const bytes = new Map< string, Buffer >();
	for ( const entryPath of reader.entryPaths() ) {
		bytes.set( entryPath, await readAll( reader.openEntry( entryPath ) ) );
	}
	return bytes;
}

describe( 'captureContent', () => {
	it( 'stores every regular file byte for byte under files/wp-content and counts them per section', async () => {
		const { archive, capture } = await backup( content, storage );
		const entries = await allEntryBytes( archive.path );
		const filePaths = [ ...entries.keys() ].filter(
			( name ) => name !== 'manifest.json'
		);
		expect( filePaths ).toEqual( [
			'files/wp-content/uploads/2024/01/notes.txt',
			'files/wp-content/uploads/2024/01/photo.jpg',
			'files/wp-content/uploads/empty.bin',
			'files/wp-content/themes/twentytwo/functions.php',
			'files/wp-content/themes/twentytwo/style.css',
			'files/wp-content/plugins/hello/hello.php',
		] );
		let diskBytes = 0;
		for ( const entryPath of filePaths ) {
			const onDisk = await fs.readFile(
				path.join(
					content,
					entryPath.slice( 'files/wp-content/'.length )
				)
			);
			expect( entries.get( entryPath )?.equals( onDisk ) ).toBe( true );
			diskBytes += onDisk.length;
		}
		expect( capture ).toMatchObject( {
			media_files: 3,
			theme_files: 2,
			plugin_files: 1,
			other_files: 0,
		} );
		expect( capture.bytes ).toBe( diskBytes );
		expect( capture.symlinks ).toEqual( [
			{ path: 'uploads/latest.jpg', target: '2024/01/photo.jpg' },
			{ path: 'themes/hello-link', target: '../plugins/hello' },
		] );
		expect( capture.directories ).toContain( 'uploads/2024/02/empty' );
		expect( capture.warnings ).toEqual( [] );
	} );

	it( 'never puts bytes of a symlink target outside wp-content in the archive (canary)', async () => {
		await fs.symlink(
			'../../wp-config.php',
			path.join( content, 'uploads/x' )
		);
		await writeFiles( root, {
			'secret-dir/keys.txt': `key=${ CANARY }\n`,
		} );
		await fs.symlink(
			'../../secret-dir',
			path.join( content, 'uploads/outside-dir' )
		);
		await fs.symlink(
			path.join( root, 'wp-config.php' ),
			path.join( content, 'plugins/abs-config.php' )
		);

		const { archive, capture } = await backup( content, storage );

		const needle = Buffer.from( CANARY );
		const zipBytes = await fs.readFile( archive.path );
		expect( zipBytes.includes( needle ) ).toBe( false );
		const entries = await allEntryBytes( archive.path );
		expect( entries.size ).toBeGreaterThan( 1 );
		for ( const [ entryPath, bytes ] of entries ) {
			expect( { entryPath, leaks: bytes.includes( needle ) } ).toEqual( {
				entryPath,
				leaks: false,
			} );
		}
		expect( capture.symlinks ).toEqual(
			expect.arrayContaining( [
				{ path: 'uploads/x', target: '../../wp-config.php' },
				{ path: 'uploads/outside-dir', target: '../../secret-dir' },
			] )
		);
		// The canary check above would be meaningless if the canary were not where a follower would find it.
		expect(
			( await fs.readFile( path.join( content, 'uploads/x' ) ) ).includes(
				needle
			)
		).toBe( true );
	} );

	it( 'reports progress that only grows and ends at the total from the first pass', async () => {
		const seen: CaptureProgress[] = [];
		const { capture } = await backup( content, storage, {
			onProgress: ( p ) => seen.push( p ),
		} );
		const last = seen[ seen.length - 1 ];
		expect( capture.bytes ).toBeGreaterThan( 70000 );
		expect( last ).toEqual( {
			bytesDone: capture.bytes,
			bytesTotal: capture.bytes,
			filesDone: 6,
			filesTotal: 6,
		} );
		for ( let i = 1; i < seen.length; i++ ) {
			expect( seen[ i ].bytesDone ).toBeGreaterThanOrEqual(
				seen[ i - 1 ].bytesDone
			);
			expect( seen[ i ].bytesDone ).toBeLessThanOrEqual(
				seen[ i ].bytesTotal
			);
		}
	} );

	it( 'turns a file that grows while it is read into a warning and stores the bytes it had', async () => {
		const only = await makeTempDir( 'grow' );
		const original = pseudoRandom( 512 * 1024, 9 );
		await writeFiles( only, { 'uploads/live.log': original } );
		let appended = false;
		const { archive, capture } = await backup( only, storage, {
			onProgress: ( p ) => {
				if ( ! appended && p.bytesDone > 0 ) {
					appended = true;
					appendFileSync(
						path.join( only, 'uploads/live.log' ),
						'more lines\n'
					);
				}
			},
		} );
		await fs.rm( only, { recursive: true, force: true } );
		expect( capture.warnings ).toEqual( [
			expect.objectContaining( {
				code: 'changed_while_read',
				path: 'uploads/live.log',
			} ),
		] );
		const entries = await allEntryBytes( archive.path );
		expect(
			entries
				.get( 'files/wp-content/uploads/live.log' )
				?.equals( original )
		).toBe( true );
	} );

	it( 'turns a file that shrinks while it is read into a warning, not a failed backup', async () => {
		const only = await makeTempDir( 'shrink' );
		await writeFiles( only, {
			'uploads/big.bin': pseudoRandom( 1024 * 1024, 3 ),
			'uploads/z.txt': 'after',
		} );
		let truncated = false;
		const { archive, capture } = await backup( only, storage, {
			onProgress: ( p ) => {
				if ( ! truncated && p.bytesDone > 0 ) {
					truncated = true;
					truncateSync( path.join( only, 'uploads/big.bin' ), 1000 );
				}
			},
		} );
		await fs.rm( only, { recursive: true, force: true } );
		expect( capture.warnings.map( ( w ) => [ w.code, w.path ] ) ).toEqual( [
			[ 'changed_while_read', 'uploads/big.bin' ],
		] );
		const entries = await allEntryBytes( archive.path );
		expect(
			entries.get( 'files/wp-content/uploads/z.txt' )?.toString()
		).toBe( 'after' );
		expect( capture.media_files ).toBe( 2 );
	} );
} );
