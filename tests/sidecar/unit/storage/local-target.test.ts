/**
 * LocalTarget on a real temporary directory.
 */
import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Readable } from 'stream';
import { text } from 'stream/consumers';

import { SyteOpsError } from '../../../../sidecar/src/errors';
import { LocalTarget } from '../../../../sidecar/src/repository/storage/local-target';
import { openStorageTarget } from '../../../../sidecar/src/repository/storage/open-target';
import { PCloudTarget } from '../../../../sidecar/src/repository/storage/pcloud-target';

const NAME_A = `${ 'a'.repeat( 32 ) }.zip`;
const NAME_B = `${ '0123456789abcdef'.repeat( 2 ) }.zip`;

let directory: string;

beforeEach( async () => {
	directory = await fs.mkdtemp( join( tmpdir(), 'syteops-target-' ) );
} );

afterEach( async () => {
	await fs.rm( directory, { recursive: true, force: true } );
} );

async function codeOf( promise: Promise< unknown > ): Promise< string > {
	try {
		await promise;
	} catch ( error ) {
		if ( error instanceof SyteOpsError ) {
			return error.code;
		}
		throw error;
	}
	throw new Error( 'expected a SyteOpsError' );
}

describe( 'LocalTarget.open', () => {
	it( 'refuses a missing directory, a file and a relative path', async () => {
		const file = join( directory, 'file' );
		await fs.writeFile( file, 'x' );
		for ( const path of [
			join( directory, 'missing' ),
			file,
			'backups',
		] ) {
			expect( await codeOf( LocalTarget.open( path ) ) ).toBe(
				'syteops_storage_unwritable'
			);
		}
	} );

	it( 'leaves no probe file behind after checking the directory is writable', async () => {
		await LocalTarget.open( directory );
		expect( await fs.readdir( directory ) ).toEqual( [] );
	} );
} );

describe( 'LocalTarget archives', () => {
	it( 'stores a stream and reads the same bytes back', async () => {
		const target = await LocalTarget.open( directory );
		const stored = await target.put(
			NAME_A,
			Readable.from( [ 'PK', '-archive-', 'bytes' ] )
		);
		expect( stored ).toEqual(
			expect.objectContaining( { name: NAME_A, size: 16 } )
		);
		expect( await text( await target.getStream( NAME_A ) ) ).toBe(
			'PK-archive-bytes'
		);
		expect( await fs.readdir( directory ) ).toEqual( [ NAME_A ] );
	} );

	it( 'never overwrites an archive that is already there', async () => {
		const target = await LocalTarget.open( directory );
		await target.put( NAME_A, Readable.from( [ 'first' ] ) );
		expect(
			await codeOf( target.put( NAME_A, Readable.from( [ 'second' ] ) ) )
		).toBe( 'syteops_archive_exists' );
		expect( await text( await target.getStream( NAME_A ) ) ).toBe(
			'first'
		);
	} );

	it( 'leaves neither the archive nor a temporary file when the source fails midway', async () => {
		const target = await LocalTarget.open( directory );
		async function* failing() {
			yield Buffer.from( 'partial data' );
			throw new Error( 'source broke' );
		}
		await expect(
			target.put( NAME_A, Readable.from( failing() ) )
		).rejects.toThrow( 'source broke' );
		expect( await fs.readdir( directory ) ).toEqual( [] );
		expect( await target.stat( NAME_A ) ).toBeNull();
	} );

	it( 'lists only archives, in name order, ignoring temporary and foreign files', async () => {
		const target = await LocalTarget.open( directory );
		await target.put( NAME_B, Readable.from( [ 'bb' ] ) );
		await target.put( NAME_A, Readable.from( [ 'a' ] ) );
		await fs.writeFile( join( directory, '.partial-0011' ), 'half' );
		await fs.writeFile( join( directory, 'notes.txt' ), 'x' );
		await fs.mkdir( join( directory, `${ 'c'.repeat( 32 ) }.zip` ) );
		const listed = await target.list();
		expect( listed.map( ( a ) => [ a.name, a.size ] ) ).toEqual( [
			[ NAME_B, 2 ],
			[ NAME_A, 1 ],
		] );
	} );

	it( 'deletes once and reports an archive already gone', async () => {
		const target = await LocalTarget.open( directory );
		await target.put( NAME_A, Readable.from( [ 'a' ] ) );
		expect( await target.delete( NAME_A ) ).toBe( true );
		expect( await target.delete( NAME_A ) ).toBe( false );
		expect( await target.stat( NAME_A ) ).toBeNull();
	} );

	it( 'reports a missing archive with the catalogued not-found error', async () => {
		const target = await LocalTarget.open( directory );
		expect( await codeOf( target.getStream( NAME_A ) ) ).toBe(
			'syteops_archive_not_found'
		);
	} );

	it.each( [
		'../' + NAME_A,
		'/etc/passwd',
		NAME_A.toUpperCase(),
		'a'.repeat( 31 ) + '.zip',
		NAME_A + '/x',
		'.partial-0011',
		'',
	] )( 'rejects the name %j for every operation', async ( name ) => {
		const target = await LocalTarget.open( directory );
		const attempts = [
			target.put( name, Readable.from( [ 'x' ] ) ),
			target.getStream( name ),
			target.delete( name ),
			target.stat( name ),
		];
		for ( const attempt of attempts ) {
			expect( await codeOf( attempt ) ).toBe(
				'syteops_storage_bad_name'
			);
		}
		expect( await fs.readdir( directory ) ).toEqual( [] );
	} );

	it( 'reports the free space of the filesystem holding the directory', async () => {
		const target = await LocalTarget.open( directory );
		const stats = await fs.statfs( directory );
		const free = await target.freeSpace();
		expect( free ).toBeGreaterThan( 0 );
		// Other processes write too, so allow drift of a few percent.
		expect(
			Math.abs( free - stats.bavail * stats.bsize ) / free
		).toBeLessThan( 0.05 );
	} );
} );

describe( 'LocalTarget.adopt, localPath and at', () => {
	it( 'moves a finished file in by renaming it: same bytes, source gone, readable by name', async () => {
		const source = join( directory, 'upload.part' );
		await fs.writeFile( source, 'archive bytes' );
		const target = await LocalTarget.open( directory );
		const stored = await target.adopt( NAME_A, source );
		expect( stored ).toMatchObject( { name: NAME_A, size: 13 } );
		await expect( fs.stat( source ) ).rejects.toMatchObject( {
			code: 'ENOENT',
		} );
		expect( await text( await target.getStream( NAME_A ) ) ).toBe(
			'archive bytes'
		);
		expect( target.localPath( NAME_A ) ).toBe( join( directory, NAME_A ) );
	} );

	it( 'copies a file from another filesystem through put and removes the source', async () => {
		// /dev/shm is a tmpfs: a rename from there into the temporary directory fails with EXDEV.
		const other = await fs.mkdtemp( '/dev/shm/syteops-adopt-' );
		try {
			const source = join( other, 'upload.part' );
			await fs.writeFile( source, Buffer.alloc( 70_000, 7 ) );
			expect( ( await fs.stat( other ) ).dev ).not.toBe(
				( await fs.stat( directory ) ).dev
			);
			const target = await LocalTarget.open( directory );
			const stored = await target.adopt( NAME_B, source );
			expect( stored.size ).toBe( 70_000 );
			expect( await fs.readdir( other ) ).toEqual( [] );
			expect(
				( await fs.readFile( join( directory, NAME_B ) ) ).equals(
					Buffer.alloc( 70_000, 7 )
				)
			).toBe( true );
			expect( await fs.readdir( directory ) ).toEqual( [ NAME_B ] );
		} finally {
			await fs.rm( other, { recursive: true, force: true } );
		}
	} );

	it( 'never adopts over an archive that is already there, and keeps the source', async () => {
		const target = await LocalTarget.open( directory );
		await target.put( NAME_A, Readable.from( [ 'first' ] ) );
		const source = join( directory, 'upload.part' );
		await fs.writeFile( source, 'second' );
		expect( await codeOf( target.adopt( NAME_A, source ) ) ).toBe(
			'syteops_archive_exists'
		);
		expect( await fs.readFile( source, 'utf8' ) ).toBe( 'second' );
		expect( await text( await target.getStream( NAME_A ) ) ).toBe(
			'first'
		);
	} );

	it( 'refuses a bad name for adopt and localPath', async () => {
		const target = await LocalTarget.open( directory );
		expect(
			await codeOf( target.adopt( '../x.zip', '/etc/hostname' ) )
		).toBe( 'syteops_storage_bad_name' );
		expect( () => target.localPath( '../' + NAME_A ) ).toThrow(
			SyteOpsError
		);
	} );

	it( 'at() skips the checks open() makes, for reading directories that hold archives already', async () => {
		await (
			await LocalTarget.open( directory )
		).put( NAME_A, Readable.from( [ 'kept' ] ) );
		const reader = LocalTarget.at( directory );
		expect( await text( await reader.getStream( NAME_A ) ) ).toBe( 'kept' );
		expect( ( await reader.list() ).map( ( a ) => a.name ) ).toEqual( [
			NAME_A,
		] );
		// A directory that is gone: open() refuses it, at() answers "not there" archive by archive.
		const gone = join( directory, 'gone' );
		expect( await codeOf( LocalTarget.open( gone ) ) ).toBe(
			'syteops_storage_unwritable'
		);
		expect( await LocalTarget.at( gone ).stat( NAME_A ) ).toBeNull();
		expect( await LocalTarget.at( gone ).delete( NAME_A ) ).toBe( false );
	} );
} );

describe( 'pCloud and openStorageTarget', () => {
	it( 'refuses every pCloud operation as coming soon', async () => {
		const target = new PCloudTarget();
		const attempts = [
			target.put(),
			target.getStream(),
			target.list(),
			target.delete(),
			target.stat(),
			target.freeSpace(),
			target.adopt(),
		];
		for ( const attempt of attempts ) {
			expect( await codeOf( attempt ) ).toBe(
				'syteops_storage_coming_soon'
			);
		}
	} );

	it( 'has no local file for an archive on pCloud', () => {
		expect( new PCloudTarget().localPath() ).toBeNull();
	} );

	it( 'opens a local target from settings and refuses pCloud', async () => {
		const local = await openStorageTarget( {
			type: 'local',
			path: directory,
		} );
		expect( local.kind ).toBe( 'local' );
		expect( await codeOf( openStorageTarget( { type: 'pcloud' } ) ) ).toBe(
			'syteops_storage_coming_soon'
		);
	} );
} );
