import { createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Open } from 'unzipper';

import { loadArchiver } from '../../fixtures/archive/archiver-reference';
import { readCentralDirectory } from '../../../../sidecar/src/archive/central-directory';
import { readEndOfDirectory } from '../../../../sidecar/src/archive/zip-structure';
import { buildZip } from '../../fixtures/archive/raw-zip';

let dir: string;
beforeEach( async () => {
	dir = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-cdir-' ) );
} );
afterEach( async () => {
	await fs.rm( dir, { recursive: true, force: true } );
} );

/** The fields the checks read, as unzipper's Open.file (the parser this one replaced) reports them. */
const FIELDS = [
	'signature',
	'versionMadeBy',
	'versionsNeededToExtract',
	'flags',
	'compressionMethod',
	'lastModifiedTime',
	'lastModifiedDate',
	'crc32',
	'compressedSize',
	'uncompressedSize',
	'extraFieldLength',
	'fileCommentLength',
	'diskNumber',
	'internalFileAttributes',
	'externalFileAttributes',
	'offsetToLocalFileHeader',
	'path',
] as const;

async function writeZip(
	file: string,
	options: { forceZip64?: boolean }
): Promise< void > {
	const { ZipArchive } = loadArchiver();
	const zip = new ZipArchive( {
		zlib: { level: 1 },
		forceZip64: options.forceZip64 ?? false,
	} );
	const done = new Promise< void >( ( resolve, reject ) => {
		const out = createWriteStream( file );
		out.on( 'close', () => resolve() );
		out.on( 'error', reject );
		zip.pipe( out );
	} );
	zip.append( 'x'.repeat( 5000 ), { name: 'db/options.rows.ndjson' } );
	zip.append( Buffer.alloc( 300, 7 ), {
		name: 'files/wp-content/uploads/ü-photo.jpg',
		store: true,
	} );
	zip.append( '', { name: 'files/wp-content/uploads/empty.txt' } );
	await zip.finalize();
	await done;
}

async function parse( file: string ) {
	const handle = await fs.open( file, 'r' );
	try {
		const end = await readEndOfDirectory(
			handle,
			( await handle.stat() ).size
		);
		return readCentralDirectory( handle, end );
	} finally {
		await handle.close();
	}
}

describe( 'readCentralDirectory', () => {
	it.each( [
		[ 'a plain archive', false ],
		[ 'an archive with a ZIP64 end record', true ],
	] )(
		'reads every record of %s exactly as unzipper does',
		async ( _name, forceZip64 ) => {
			const file = path.join( dir, 'a.zip' );
			await writeZip( file, { forceZip64 } );
			const ours = await parse( file );
			const theirs = ( await Open.file( file ) ).files;
			expect( ours ).toHaveLength( 3 );
			expect(
				ours.map( ( r ) =>
					Object.fromEntries( FIELDS.map( ( f ) => [ f, r[ f ] ] ) )
				)
			).toEqual(
				theirs.map( ( r ) =>
					Object.fromEntries(
						FIELDS.map( ( f ) => [
							f,
							( r as unknown as Record< string, unknown > )[ f ],
						] )
					)
				)
			);
			expect( ours.map( ( r ) => r.pathBuffer.toString() ) ).toEqual(
				theirs.map( ( r ) => r.path )
			);
			// The layout check tells ZIP64 entries by their parsed `extra`: it must be unzipper's too.
			expect( ours.map( ( r ) => ( { ...r.extra } ) ) ).toEqual(
				theirs.map( ( r ) => ( {
					...( r as unknown as { extra: object } ).extra,
				} ) )
			);
		}
	);

	it( 'takes the sizes and offset a record saturates (0xFFFFFFFF) from its ZIP64 extra field, as unzipper does', async () => {
		const file = path.join( dir, 'zip64.zip' );
		// One stored 5-byte entry whose record saturates both sizes and the offset, the real values in a
		// ZIP64 extended information field with an unknown extra field ahead of it (to be skipped).
		await fs.writeFile(
			file,
			buildZip( [
				{
					name: 'db/big.rows.ndjson',
					data: Buffer.from( 'hello' ),
					zip64: {
						uncompressed: 5n,
						compressed: 5n,
						offset: 0n,
						before: Buffer.from( [ 0x55, 0x54, 2, 0, 9, 9 ] ),
					},
				},
			] )
		);
		const [ ours ] = await parse( file );
		const [ theirs ] = ( await Open.file( file ) ).files;
		expect( ours ).toMatchObject( {
			path: 'db/big.rows.ndjson',
			uncompressedSize: 5,
			compressedSize: 5,
			offsetToLocalFileHeader: 0,
			extra: {
				uncompressedSize: 5,
				compressedSize: 5,
				offsetToLocalFileHeader: 0,
			},
		} );
		expect( {
			u: ours.uncompressedSize,
			c: ours.compressedSize,
			o: ours.offsetToLocalFileHeader,
			extra: { ...ours.extra },
		} ).toEqual( {
			u: theirs.uncompressedSize,
			c: theirs.compressedSize,
			o: theirs.offsetToLocalFileHeader,
			extra: { ...( theirs as unknown as { extra: object } ).extra },
		} );
	} );

	it( 'refuses a directory whose last record runs past the directory end (bad_central_directory)', async () => {
		const file = path.join( dir, 'a.zip' );
		await writeZip( file, {} );
		const bytes = await fs.readFile( file );
		// The first record's name length, made longer than the whole directory.
		const handle = await fs.open( file, 'r' );
		const end = await readEndOfDirectory( handle, bytes.length );
		await handle.close();
		bytes.writeUInt16LE( 60000, end.directoryOffset + 28 );
		await fs.writeFile( file, bytes );
		await expect( parse( file ) ).rejects.toMatchObject( {
			code: 'syteops_archive_bad_central_directory',
		} );
	} );
} );
