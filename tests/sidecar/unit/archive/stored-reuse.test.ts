/**
 * A streamed entry is written with another archive's deflated bytes only when they inflate to exactly its
 * bytes (archive/stored-reuse.ts); otherwise it is deflated anew and holds exactly the live bytes. Real
 * archives written and read by the real writer, reader and verifier.
 */
import {
	closeSync,
	openSync,
	promises as fs,
	readSync,
	writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';

import { digestOf } from '../../../../sidecar/src/archive/digest';
import {
	addReusingStored,
	type StoredEntry,
} from '../../../../sidecar/src/archive/stored-reuse';
import { verifyArchive } from '../../../../sidecar/src/archive/verify';
import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { ArchiveWriter } from '../../../../sidecar/src/archive/zip-writer';
import { baseManifest } from '../../fixtures/archive/archive-builder';

/** A large compressible file (a table's rows take the same path through the writer; see dump.ts). */
const ROWS = 'files/wp-content/uploads/export.ndjson';
const MEDIA = 'files/wp-content/uploads/big.jpg';

let dir: string;
beforeEach( async () => {
	dir = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-stored-' ) );
} );
afterEach( async () => {
	await fs.rm( dir, { recursive: true, force: true } );
} );

/**
 * About 3.4 MB of row-like text: several deflate blocks and several read chunks.
 * @param count
 */
function rowsText( count = 40000 ): Buffer {
	return Buffer.from(
		Array.from(
			{ length: count },
			( _, i ) =>
				`[${ i },"meta_${ i % 97 }","value ${ ( i * 7919 ) % 100003 } of row ${ i }"]\n`
		).join( '' ),
		'utf8'
	);
}

/**
 * The bytes as a stream of chunks of the given size.
 * @param bytes
 * @param chunk
 */
function chunked( bytes: Buffer, chunk: number ): Readable {
	const pieces: Buffer[] = [];
	for ( let at = 0; at < bytes.length; at += chunk ) {
		pieces.push( bytes.subarray( at, at + chunk ) );
	}
	return Readable.from( pieces );
}

function manifest() {
	const base = baseManifest();
	return {
		...base,
		sections: { ...base.sections, tables: [], media_files: 1 },
	};
}

async function archiveWith(
	label: string,
	add: ( writer: ArchiveWriter ) => Promise< unknown >
): Promise< string > {
	const writer = await ArchiveWriter.open( path.join( dir, label ) );
	await add( writer );
	return ( await writer.finish( manifest() ) ).path;
}

/**
 * An entry's deflated bytes as they lie in the archive file.
 * @param archivePath
 * @param entryPath
 */
async function storedBytes(
	archivePath: string,
	entryPath: string
): Promise< Buffer > {
	const [ target ] = ( await ArchiveReader.open( archivePath ) ).scanTargets(
		[ entryPath ]
	);
	const bytes = Buffer.alloc( target.compressedSize );
	const fd = openSync( archivePath, 'r' );
	try {
		readSync( fd, bytes, 0, bytes.length, target.dataStart );
	} finally {
		closeSync( fd );
	}
	return bytes;
}

/**
 * An entry's deflated bytes as another tool made them (zlib level 9, not the writer's level 1: so bytes
 * found in the new archive can only have been copied), at an offset inside a file.
 * @param bytes the entry's bytes
 */
async function storedElsewhere(
	bytes: Buffer
): Promise< { stored: StoredEntry; deflated: Buffer } > {
	const deflated = deflateRawSync( bytes, { level: 9 } );
	const archivePath = path.join( dir, 'other.zip' );
	const before = Buffer.from( 'PK\x03\x04 some header bytes' );
	await fs.writeFile(
		archivePath,
		Buffer.concat( [ before, deflated, before ] )
	);
	return {
		stored: {
			archivePath,
			dataStart: before.length,
			compressedSize: deflated.length,
		},
		deflated,
	};
}

async function entryBytes(
	archivePath: string,
	entryPath: string
): Promise< Buffer > {
	const chunks: Buffer[] = [];
	for await ( const chunk of (
		await ArchiveReader.open( archivePath )
	).openEntry( entryPath ) ) {
		chunks.push( chunk as Buffer );
	}
	return Buffer.concat( chunks );
}

/**
 * An archive whose one entry is `live`, offered `stored`.
 * @param live
 * @param stored
 */
function rewrite( live: Readable, stored: StoredEntry ): Promise< string > {
	return archiveWith( 'second', ( writer ) =>
		addReusingStored( writer, ROWS, live, stored )
	);
}

/**
 * Byte equality (jest's deep equality walks a buffer element by element: seconds for a few megabytes).
 * @param actual
 * @param expected
 */
function sameBytes( actual: Buffer, expected: Buffer ): boolean {
	return actual.length === expected.length && actual.equals( expected );
}

async function expectSound( archivePath: string ): Promise< void > {
	const report = await verifyArchive( archivePath );
	expect( report.findings ).toEqual( [] );
	expect( report.ok ).toBe( true );
}

describe( 'addReusingStored', () => {
	it( 'copies the offered deflated bytes of an entry equal byte for byte, whatever the live chunking, under the live bytes’ digest', async () => {
		const rows = rowsText();
		const { stored, deflated } = await storedElsewhere( rows );

		const second = await rewrite( chunked( rows, 65521 ), stored );

		expect( sameBytes( await storedBytes( second, ROWS ), deflated ) ).toBe(
			true
		);
		const listed = [
			...( await ArchiveReader.open( second ) ).manifest.entries,
		];
		expect( listed ).toEqual( [
			{
				path: ROWS,
				size: rows.length,
				sha256: digestOf( rows ).sha256,
				compressed: true,
			},
		] );
		expect( sameBytes( await entryBytes( second, ROWS ), rows ) ).toBe(
			true
		);
		await expectSound( second );
	} );

	it.each( [
		[
			'one byte changed in the middle',
			( rows: Buffer ) => {
				const changed = Buffer.from( rows );
				changed[ Math.floor( rows.length / 2 ) ] = 0x21;
				return changed;
			},
		],
		[
			'rows added at the end',
			( rows: Buffer ) =>
				Buffer.concat( [ rows, Buffer.from( '[1,"new","row"]\n' ) ] ),
		],
		[
			'the last rows gone',
			( rows: Buffer ) => rows.subarray( 0, rows.length - 1000 ),
		],
		[
			'a different first byte',
			( rows: Buffer ) =>
				Buffer.concat( [ Buffer.from( '#' ), rows.subarray( 1 ) ] ),
		],
		[ 'no bytes at all', () => Buffer.alloc( 0 ) ],
	] )(
		'deflates anew, holding exactly the live bytes, when they differ: %s',
		async ( _label, change ) => {
			const rows = rowsText();
			const { stored, deflated } = await storedElsewhere( rows );
			const live = change( rows );

			const second = await rewrite( chunked( live, 65536 ), stored );

			expect( sameBytes( await entryBytes( second, ROWS ), live ) ).toBe(
				true
			);
			expect(
				[
					...( await ArchiveReader.open( second ) ).manifest.entries,
				][ 0 ].sha256
			).toBe( digestOf( live ).sha256 );
			expect(
				sameBytes( await storedBytes( second, ROWS ), deflated )
			).toBe( false );
			await expectSound( second );
		}
	);

	it( 'never copies damaged deflated bytes: bit rot in the offered entry gives an entry deflated from the live bytes', async () => {
		const rows = rowsText();
		const { stored } = await storedElsewhere( rows );
		const fd = openSync( stored.archivePath, 'r+' );
		const byte = Buffer.alloc( 1 );
		const at = stored.dataStart + Math.floor( stored.compressedSize * 0.7 );
		readSync( fd, byte, 0, 1, at );
		byte[ 0 ] = byte[ 0 ] ^ 0x10; // eslint-disable-line no-bitwise -- flip one bit of the deflated data
		writeSync( fd, byte, 0, 1, at );
		closeSync( fd );
		const damaged = ( await fs.readFile( stored.archivePath ) ).subarray(
			stored.dataStart,
			stored.dataStart + stored.compressedSize
		);

		const second = await rewrite( chunked( rows, 65536 ), stored );

		expect( sameBytes( await entryBytes( second, ROWS ), rows ) ).toBe(
			true
		);
		expect( sameBytes( await storedBytes( second, ROWS ), damaged ) ).toBe(
			false
		);
		await expectSound( second );
	} );

	it( 'stores an already-compressed entry as usual, never asking for stored bytes', async () => {
		const media = Buffer.from(
			Array.from( { length: 300000 }, ( _, i ) => ( i * 131 ) % 251 )
		);
		const second = await archiveWith( 'second', ( writer ) =>
			addReusingStored( writer, MEDIA, chunked( media, 65536 ), {
				archivePath: path.join( dir, 'does-not-exist.zip' ),
				dataStart: 0,
				compressedSize: 10,
			} )
		);

		expect( sameBytes( await entryBytes( second, MEDIA ), media ) ).toBe(
			true
		);
		expect(
			[ ...( await ArchiveReader.open( second ) ).manifest.entries ][ 0 ]
				.compressed
		).toBe( false );
	} );

	it( 'writes the live bytes as usual when no stored entry is offered', async () => {
		const rows = rowsText( 500 );
		const second = await archiveWith( 'second', ( writer ) =>
			addReusingStored( writer, ROWS, chunked( rows, 4096 ), undefined )
		);
		expect( sameBytes( await entryBytes( second, ROWS ), rows ) ).toBe(
			true
		);
		await expectSound( second );
	} );
} );

describe( 'addReusingStored on a writer that has failed', () => {
	it( 'destroys the live stream it was given, so the query or file behind it is released', async () => {
		const rows = rowsText( 2000 );
		const { stored } = await storedElsewhere( rows );
		const writer = await ArchiveWriter.open( path.join( dir, 'aborted' ) );
		await writer.abort();
		// Different from the first byte: most of the live stream is still unread when the writer refuses.
		const changed = Buffer.concat( [
			Buffer.from( '#' ),
			rows.subarray( 1 ),
		] );
		const live = chunked( changed, 4096 );

		await expect(
			addReusingStored( writer, ROWS, live, stored )
		).rejects.toMatchObject( { code: 'syteops_archive_writer_misuse' } );
		expect( live.destroyed ).toBe( true );
	} );
} );

describe( 'ArchiveWriter.addCopied', () => {
	it( 'fails the archive, leaving no file, when the copied bytes are not the ones checked', async () => {
		const storage = path.join( dir, 'storage' );
		const writer = await ArchiveWriter.open( storage );
		const rows = rowsText( 100 );
		const failed = writer.addCopied( ROWS, {
			digest: digestOf( rows ),
			compressedSize: 4,
			compressedCrc: 12345,
			open: () => Readable.from( [ Buffer.from( 'abcd' ) ] ),
		} );

		await expect( failed ).rejects.toMatchObject( {
			code: 'syteops_archive_write_failed',
		} );
		expect( await fs.readdir( storage ) ).toEqual( [] );
	} );
} );
