import { createHash } from 'node:crypto';
import { promises as fs, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';

import { Open } from 'unzipper';

import { ArchiveWriter } from '../../../../sidecar/src/archive/zip-writer';
import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { baseManifest } from '../../fixtures/archive/archive-builder';

let dir: string;
beforeEach( async () => {
	dir = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-writer-' ) );
} );
afterEach( async () => {
	await fs.rm( dir, { recursive: true, force: true } );
} );

async function readAll( stream: Readable ): Promise< Buffer > {
	const chunks: Buffer[] = [];
	for await ( const chunk of stream ) {
		chunks.push( chunk as Buffer );
	}
	return Buffer.concat( chunks );
}

function manifestFor( uploads: number ) {
	const base = baseManifest();
	return {
		...base,
		sections: { ...base.sections, tables: [], media_files: uploads },
	};
}

describe( 'ArchiveWriter', () => {
	it( 'round-trips buffers, streams and files byte for byte through the reader', async () => {
		const onDisk = path.join( dir, 'source.bin' );
		const fileBytes = Buffer.from(
			Array.from( { length: 70000 }, ( _, i ) => ( i * 7 ) % 256 )
		);
		await fs.writeFile( onDisk, fileBytes );
		const writer = await ArchiveWriter.open( path.join( dir, 'storage' ) );
		await writer.addBuffer(
			'files/wp-content/uploads/a.txt',
			Buffer.from( 'hello' )
		);
		await writer.addStream(
			'files/wp-content/uploads/b.bin',
			Readable.from( [ Buffer.from( 'ab' ), Buffer.from( 'cd' ) ] )
		);
		await writer.addFile( 'files/wp-content/uploads/c.png', onDisk );
		const done = await writer.finish( manifestFor( 3 ) );

		expect( done.name ).toMatch( /^[0-9a-f]{32}\.zip$/ );
		expect( ( await fs.stat( done.path ) ).size ).toBe( done.size );
		const reader = await ArchiveReader.open( done.path );
		expect( [ ...reader.manifest.entries.paths() ] ).toHaveLength( 3 );
		expect(
			(
				await readAll(
					reader.openEntry( 'files/wp-content/uploads/a.txt' )
				)
			).toString()
		).toBe( 'hello' );
		expect(
			(
				await readAll(
					reader.openEntry( 'files/wp-content/uploads/b.bin' )
				)
			).toString()
		).toBe( 'abcd' );
		expect(
			(
				await readAll(
					reader.openEntry( 'files/wp-content/uploads/c.png' )
				)
			).equals( fileBytes )
		).toBe( true );
	} );

	it( 'stores already-compressed types and deflates the rest', async () => {
		const writer = await ArchiveWriter.open( dir );
		const text = Buffer.from( 'x'.repeat( 10000 ) );
		const jpg = await writer.addBuffer(
			'files/wp-content/uploads/p.JPG',
			text
		);
		const css = await writer.addBuffer(
			'files/wp-content/uploads/s.css',
			text
		);
		const done = await writer.finish( manifestFor( 2 ) );
		expect( [ jpg.compressed, css.compressed ] ).toEqual( [ false, true ] );
		const methods = Object.fromEntries(
			( await Open.file( done.path ) ).files.map( ( f ) => [
				f.path,
				f.compressionMethod,
			] )
		);
		expect( methods ).toEqual( {
			'files/wp-content/uploads/p.JPG': 0,
			'files/wp-content/uploads/s.css': 8,
			'manifest.json': 8,
		} );
	} );

	it( 'reports the SHA-256 of the whole archive file as written, taken without reading it back', async () => {
		const writer = await ArchiveWriter.open( dir );
		await writer.addBuffer(
			'files/wp-content/uploads/b.txt',
			Buffer.from( 'b'.repeat( 5000 ) )
		);
		const done = await writer.finish( manifestFor( 1 ) );
		const onDisk = createHash( 'sha256' )
			.update( await fs.readFile( done.path ) )
			.digest( 'hex' );
		expect( done.sha256 ).toBe( onDisk );
	} );

	it( 'writes manifest.json as the last entry', async () => {
		const writer = await ArchiveWriter.open( dir );
		await writer.addBuffer(
			'files/wp-content/uploads/a.txt',
			Buffer.from( 'a' )
		);
		const done = await writer.finish( manifestFor( 1 ) );
		const files = ( await Open.file( done.path ) ).files;
		expect( files[ files.length - 1 ].path ).toBe( 'manifest.json' );
	} );

	it( 'leaves nothing in the storage directory after abort', async () => {
		const writer = await ArchiveWriter.open( dir );
		await writer.addBuffer(
			'files/wp-content/uploads/a.txt',
			Buffer.from( 'a' )
		);
		await writer.abort();
		expect( await fs.readdir( dir ) ).toEqual( [] );
	} );

	it( 'knows its final archive name from the start, and publishes under it only at finish', async () => {
		const writer = await ArchiveWriter.open( dir );
		expect( writer.archiveName ).toMatch( /^[0-9a-f]{32}\.zip$/ );
		await writer.addBuffer(
			'files/wp-content/uploads/a.txt',
			Buffer.from( 'a' )
		);
		expect( await fs.readdir( dir ) ).not.toContain( writer.archiveName );
		const done = await writer.finish( manifestFor( 1 ) );
		expect( done.name ).toBe( writer.archiveName );
		expect( await fs.readdir( dir ) ).toEqual( [ writer.archiveName ] );
	} );

	it( 'removes the published archive when aborted after finish (its snapshot could not be recorded)', async () => {
		const writer = await ArchiveWriter.open( dir );
		await writer.addBuffer(
			'files/wp-content/uploads/a.txt',
			Buffer.from( 'a' )
		);
		await writer.finish( manifestFor( 1 ) );
		await writer.abort();
		await writer.abort();
		expect( await fs.readdir( dir ) ).toEqual( [] );
	} );

	it( 'rejects with syteops_archive_write_failed on ENOSPC and removes the temp file', async () => {
		const failingOutput = ( tempPath: string ) => {
			const real = createWriteStream( tempPath, { flags: 'wx' } );
			let written = 0;
			return new Writable( {
				write( chunk: Buffer, _encoding, callback ) {
					written += chunk.length;
					if ( written > 2000 ) {
						callback(
							Object.assign(
								new Error( 'no space left on device' ),
								{ code: 'ENOSPC' }
							)
						);
						return;
					}
					real.write( chunk, callback );
				},
				destroy( error, callback ) {
					real.destroy();
					real.once( 'close', () => callback( error ) );
				},
			} );
		};
		const writer = await ArchiveWriter.open( dir, {
			openOutput: failingOutput,
		} );
		const random = Buffer.from(
			Array.from( { length: 50000 }, () =>
				Math.floor( Math.random() * 256 )
			)
		);
		// The writer batches its output, so the failure may surface at a later add or at finish; either way it must reject.
		const attempt = async () => {
			await writer.addBuffer( 'files/wp-content/uploads/r.bin', random );
			return writer.finish( manifestFor( 1 ) );
		};
		await expect( attempt() ).rejects.toMatchObject( {
			code: 'syteops_archive_write_failed',
			message:
				'The archive could not be written: the storage disk is full (ENOSPC)',
		} );
		expect( await fs.readdir( dir ) ).toEqual( [] );
	} );

	it( 'records a stream of strings (object mode) by its UTF-8 bytes, not its character count', async () => {
		const writer = await ArchiveWriter.open( path.join( dir, 'storage' ) );
		const entry = await writer.addStream(
			'files/wp-content/uploads/notes.txt',
			Readable.from( [ 'héllo ', 'wörld' ] )
		);
		const bytes = Buffer.from( 'héllo wörld', 'utf8' );
		expect( entry.size ).toBe( bytes.length );
		expect( entry.sha256 ).toBe(
			createHash( 'sha256' ).update( bytes ).digest( 'hex' )
		);
		const done = await writer.finish( manifestFor( 1 ) );
		const reader = await ArchiveReader.open( done.path );
		expect(
			(
				await readAll(
					reader.openEntry( 'files/wp-content/uploads/notes.txt' )
				)
			).equals( bytes )
		).toBe( true );
	} );

	it( 'refuses unsafe, reserved and repeated entry names', async () => {
		const writer = await ArchiveWriter.open( dir );
		await expect(
			writer.addBuffer( '../x', Buffer.from( 'a' ) )
		).rejects.toMatchObject( {
			code: 'syteops_archive_entry_traversal',
		} );
		await expect(
			writer.addBuffer( 'manifest.json', Buffer.from( 'a' ) )
		).rejects.toMatchObject( {
			code: 'syteops_archive_writer_misuse',
		} );
		await writer.addBuffer(
			'files/wp-content/uploads/a',
			Buffer.from( 'a' )
		);
		await expect(
			writer.addBuffer( 'files/wp-content/uploads/a', Buffer.from( 'b' ) )
		).rejects.toMatchObject( {
			code: 'syteops_archive_writer_misuse',
		} );
		await writer.abort();
	} );
} );
