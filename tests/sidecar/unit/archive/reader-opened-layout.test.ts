/* eslint-disable no-bitwise -- the tests flip single bits. */
/**
 * A reader opened with `layout: 'opened'` (preview) checks each local header only when its entry is opened.
 * These tests prove the check moved rather than vanished: a damaged local header is still refused when that
 * entry is read, the whole-layout reader still refuses the archive at open, and undamaged entries read the same.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { buildArchive } from '../../fixtures/archive/archive-builder';

const PHOTO = 'files/wp-content/uploads/2026/11/photo.jpg';
const ROWS = 'db/wp_options.rows.ndjson';

let dir: string;

beforeAll( async () => {
	dir = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-opened-' ) );
} );
afterAll( async () => {
	await fs.rm( dir, { recursive: true, force: true } );
} );

async function write( name: string, bytes: Buffer ): Promise< string > {
	const file = path.join( dir, name );
	await fs.writeFile( file, bytes );
	return file;
}

async function readAll( reader: ArchiveReader, entry: string ) {
	const chunks: Buffer[] = [];
	for await ( const chunk of reader.openEntry( entry ) ) {
		chunks.push( chunk as Buffer );
	}
	return Buffer.concat( chunks );
}

/** The archive with one byte of the photo's local header (its method field) changed. */
function withDamagedPhotoHeader(): Buffer {
	const bytes = buildArchive();
	const nameAt = bytes.indexOf( PHOTO ); // the first copy of the name is the local header's
	bytes[ nameAt - 30 + 8 ] ^= 0x08; // compression method: stored (0) becomes 8
	return bytes;
}

/**
 * The reader's manifest with its entries as an array.
 * @param reader
 */
function plain( reader: ArchiveReader ) {
	return { ...reader.manifest, entries: [ ...reader.manifest.entries ] };
}

describe( 'ArchiveReader with layout: opened', () => {
	it( 'reads undamaged entries byte for byte as the whole-layout reader does', async () => {
		const file = await write( 'good.zip', buildArchive() );
		const whole = await ArchiveReader.open( file );
		const opened = await ArchiveReader.open( file, { layout: 'opened' } );
		expect( plain( opened ) ).toEqual( plain( whole ) );
		expect( await readAll( opened, ROWS ) ).toEqual(
			await readAll( whole, ROWS )
		);
		expect( opened.scanTargets( [ ROWS, PHOTO ] ) ).toEqual(
			whole.scanTargets( [ ROWS, PHOTO ] )
		);
	} );

	it( 'opens an archive whose unread entry has a damaged local header, and refuses that entry when it is read', async () => {
		const file = await write( 'damaged.zip', withDamagedPhotoHeader() );
		await expect( ArchiveReader.open( file ) ).rejects.toMatchObject( {
			code: 'syteops_archive_bad_central_directory',
		} );
		const opened = await ArchiveReader.open( file, { layout: 'opened' } );
		expect( ( await readAll( opened, ROWS ) ).length ).toBeGreaterThan( 0 );
		expect( () => opened.openEntry( PHOTO ) ).toThrow(
			expect.objectContaining( {
				code: 'syteops_archive_bad_central_directory',
			} )
		);
	} );

	it( 'reads an entry’s directory record again when the entry is opened, and refuses one changed since the archive was opened', async () => {
		const bytes = buildArchive();
		const file = await write( 'changed-later.zip', bytes );
		const opened = await ArchiveReader.open( file, { layout: 'opened' } );
		const centralAt = bytes.lastIndexOf( PHOTO ) - 46;
		bytes[ centralAt + 16 ] ^= 0x01; // the photo's CRC-32 in its directory record
		await fs.writeFile( file, bytes );
		expect( ( await readAll( opened, ROWS ) ).length ).toBeGreaterThan( 0 );
		expect( () => opened.openEntry( PHOTO ) ).toThrow(
			expect.objectContaining( {
				code: 'syteops_archive_bad_central_directory',
				message: expect.stringContaining(
					'changed since the archive was opened'
				),
			} )
		);
	} );

	it( 'still refuses a damaged directory record at open', async () => {
		const bytes = buildArchive();
		const centralAt = bytes.lastIndexOf( PHOTO ) - 46;
		bytes[ centralAt + 4 ] ^= 0x01; // version made by
		const file = await write( 'bad-directory.zip', bytes );
		await expect(
			ArchiveReader.open( file, { layout: 'opened' } )
		).rejects.toMatchObject( {
			code: 'syteops_archive_bad_central_directory',
		} );
	} );

	describe( 'a directory with two defects fails with the error the whole-layout reader gives', () => {
		/**
		 * The directory records of the photo and the rows entry, in directory order.
		 * @param bytes
		 */
		function twoRecords( bytes: Buffer ): [ number, number ] {
			const at = [ PHOTO, ROWS ].map(
				( name ) => bytes.lastIndexOf( name ) - 46
			);
			return [ Math.min( ...at ), Math.max( ...at ) ];
		}

		async function expectSameFailure(
			name: string,
			bytes: Buffer,
			code: string,
			limits = {}
		) {
			const file = await write( name, bytes );
			for ( const layout of [ 'whole', 'opened' ] as const ) {
				await expect(
					ArchiveReader.open( file, { layout, limits } )
				).rejects.toMatchObject( { code } );
			}
		}

		it( 'a later record’s own defect (encrypted) before an earlier record that is not canonical', async () => {
			const bytes = buildArchive();
			const [ earlier, later ] = twoRecords( bytes );
			bytes[ earlier + 4 ] ^= 0x01; // version made by
			bytes[ later + 8 ] |= 0x01; // flags: encrypted
			await expectSameFailure(
				'two-defects.zip',
				bytes,
				'syteops_archive_encrypted_entry'
			);
		} );

		it( 'the totals (too large) before a record that is not canonical', async () => {
			const bytes = buildArchive();
			bytes[ twoRecords( bytes )[ 0 ] + 4 ] ^= 0x01; // version made by
			await expectSameFailure(
				'too-large.zip',
				bytes,
				'syteops_archive_too_large',
				{ maxTotalBytes: 10 }
			);
		} );
	} );
} );
