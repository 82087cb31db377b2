/**
 * A pre-restore snapshot takes the deflated bytes of the archive being restored for files it holds byte for
 * byte (archive/deflated-reuse.ts), and only those: real files, real archives, the real writer and reader.
 */
import {
	closeSync,
	openSync,
	promises as fs,
	readSync,
	writeSync,
} from 'node:fs';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

import { ArchiveDeflatedReuse } from '../../../../sidecar/src/archive/deflated-reuse';
import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { verifyArchive } from '../../../../sidecar/src/archive/verify';
import {
	backup,
	buildSite,
	makeTempDir,
	readAll,
	type Backup,
} from './site-fixture';

let root: string;
let content: string;
beforeEach( async () => {
	root = await makeTempDir( 'capture-reuse' );
	content = await buildSite( root );
} );
afterEach( async () => {
	await fs.rm( root, { recursive: true, force: true } );
} );

/**
 * Every deflated entry of an archive with its stored (deflated) bytes, as the directory locates them.
 * @param archivePath
 */
async function deflatedEntries(
	archivePath: string
): Promise< Map< string, Buffer > > {
	const reader = await ArchiveReader.open( archivePath );
	const fd = openSync( archivePath, 'r' );
	try {
		const stored = new Map< string, Buffer >();
		for ( const target of reader.scanTargets(
			reader.manifest.entries.paths()
		) ) {
			if ( target.deflated ) {
				const bytes = Buffer.alloc( target.compressedSize );
				readSync( fd, bytes, 0, bytes.length, target.dataStart );
				stored.set( target.path, bytes );
			}
		}
		return stored;
	} finally {
		closeSync( fd );
	}
}

/**
 * A second capture of the site with the first archive attached as the reuse source.
 * @param first the archive to take deflated bytes from
 * @param label a storage directory name for the second archive
 */
async function recapture(
	first: string,
	label: string
): Promise< { second: Backup; reuse: ArchiveDeflatedReuse } > {
	const reuse = new ArchiveDeflatedReuse();
	reuse.attach( await ArchiveReader.open( first ) );
	try {
		const second = await backup( content, path.join( root, label ), {
			reusable: reuse,
		} );
		return { second, reuse };
	} finally {
		reuse.close();
	}
}

async function entryBytes(
	archivePath: string,
	entryPath: string
): Promise< Buffer > {
	return readAll(
		( await ArchiveReader.open( archivePath ) ).openEntry( entryPath )
	);
}

const STYLE = 'files/wp-content/themes/twentytwo/style.css';
const NOTES = 'files/wp-content/uploads/2024/01/notes.txt';

describe( 'a capture that may reuse another archive’s deflated bytes', () => {
	it( 'takes every deflated entry of an unchanged site from the archive, and the new archive verifies with the same stored bytes', async () => {
		const first = await backup( content, path.join( root, 'first' ) );
		const { second, reuse } = await recapture(
			first.archive.path,
			'second'
		);

		const before = await deflatedEntries( first.archive.path );
		const after = await deflatedEntries( second.archive.path );
		const fileEntries = [ ...before.keys() ].filter( ( name ) =>
			name.startsWith( 'files/' )
		);
		expect( fileEntries ).toEqual(
			expect.arrayContaining( [ STYLE, NOTES ] )
		);
		expect( reuse.reused ).toBe( fileEntries.length );
		for ( const entryPath of fileEntries ) {
			expect( after.get( entryPath ) ).toEqual( before.get( entryPath ) );
		}
		const report = await verifyArchive( second.archive.path );
		expect( report.findings ).toEqual( [] );
		expect( report.ok ).toBe( true );
	} );

	it( 'deflates a file changed in place with its size kept, and stores its new bytes', async () => {
		const first = await backup( content, path.join( root, 'first' ) );
		const live = path.join( content, 'themes/twentytwo/style.css' );
		const changed = Buffer.from( await fs.readFile( live ) );
		changed[ 0 ] = changed[ 0 ] ^ 0xff; // eslint-disable-line no-bitwise -- flip one byte, size kept
		await fs.writeFile( live, changed );

		const { second, reuse } = await recapture(
			first.archive.path,
			'second'
		);

		expect( await entryBytes( second.archive.path, STYLE ) ).toEqual(
			changed
		);
		const fileEntries = [
			...( await deflatedEntries( first.archive.path ) ).keys(),
		].filter( ( name ) => name.startsWith( 'files/' ) );
		expect( reuse.reused ).toBe( fileEntries.length - 1 );
	} );

	it( 'never copies damaged deflated bytes: the entry is deflated from the live file instead', async () => {
		const first = await backup( content, path.join( root, 'first' ) );
		const damaged = path.join( root, 'damaged.zip' );
		await fs.copyFile( first.archive.path, damaged );
		const [ notes ] = ( await ArchiveReader.open( damaged ) ).scanTargets( [
			NOTES,
		] );
		const fd = openSync( damaged, 'r+' );
		const byte = Buffer.alloc( 1 );
		const at = notes.dataStart + Math.floor( notes.compressedSize / 2 );
		readSync( fd, byte, 0, 1, at );
		byte[ 0 ] = byte[ 0 ] ^ 0x55; // eslint-disable-line no-bitwise -- bit rot in the deflated data
		writeSync( fd, byte, 0, 1, at );
		closeSync( fd );

		const { second, reuse } = await recapture( damaged, 'second' );

		const live = await fs.readFile(
			path.join( content, 'uploads/2024/01/notes.txt' )
		);
		expect( await entryBytes( second.archive.path, NOTES ) ).toEqual(
			live
		);
		const storedNotes = (
			await deflatedEntries( second.archive.path )
		).get( NOTES );
		expect( storedNotes ).toBeDefined();
		expect( storedNotes ).not.toEqual(
			( await deflatedEntries( damaged ) ).get( NOTES )
		);
		expect( ( await verifyArchive( second.archive.path ) ).ok ).toBe(
			true
		);
		expect( reuse.reused ).toBeGreaterThan( 0 ); // the undamaged entries are still taken
	} );
} );

describe( 'ArchiveDeflatedReuse', () => {
	/**
	 * A one-entry "archive": a file holding the deflated bytes of `stored`, described as bytes of `claimed`.
	 * @param stored  what the deflated bytes really hold
	 * @param claimed what the directory record claims (size and CRC-32)
	 */
	async function oneEntry( stored: Buffer, claimed: Buffer ) {
		const file = path.join( root, 'one.bin' );
		const deflated = deflateRawSync( stored );
		await fs.writeFile( file, deflated );
		return {
			path: file,
			scanTargets: ( paths: Iterable< string > ) =>
				[ ...paths ]
					.filter( ( name ) => name === 'files/x.txt' )
					.map( ( name ) => ( {
						path: name,
						size: claimed.length,
						crc32: crc32( claimed ),
						manifest: {
							path: name,
							size: claimed.length,
							sha256: '',
						},
						offset: 0,
						dataStart: 0,
						compressedSize: deflated.length,
						deflated: true,
					} ) ),
		};
	}

	it( 'turns down an entry whose size and CRC-32 match but whose bytes differ (it compares bytes, not checksums)', async () => {
		const live = Buffer.from( 'the live file, as the site holds it now' );
		const other = Buffer.from( 'the live file, as the site held it then' );
		expect( other.length ).toBe( live.length );
		expect( other.equals( live ) ).toBe( false );
		const reuse = new ArchiveDeflatedReuse();
		reuse.attach( await oneEntry( other, live ) );
		expect( reuse.deflatedOf( 'files/x.txt', live ) ).toBeUndefined();
		reuse.close();
	} );

	it( 'answers only between attach and close, and only for an entry it lists', async () => {
		const live = Buffer.from( 'same bytes on both sides\n'.repeat( 20 ) );
		const reuse = new ArchiveDeflatedReuse();
		expect( reuse.deflatedOf( 'files/x.txt', live ) ).toBeUndefined();
		reuse.attach( await oneEntry( live, live ) );
		expect( reuse.deflatedOf( 'files/y.txt', live ) ).toBeUndefined();
		expect( reuse.deflatedOf( 'files/x.txt', live ) ).toEqual(
			deflateRawSync( live )
		);
		expect( reuse.reused ).toBe( 1 );
		expect( reuse.reusedBytes ).toBe( live.length );
		reuse.close();
		expect( reuse.deflatedOf( 'files/x.txt', live ) ).toBeUndefined();
		reuse.attach( await oneEntry( live, live ) ); // ignored once closed
		expect( reuse.deflatedOf( 'files/x.txt', live ) ).toBeUndefined();
	} );
} );
