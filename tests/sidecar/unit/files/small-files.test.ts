import { promises as fs, closeSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { createHash } from 'node:crypto';

import type { ScanTarget } from '../../../../sidecar/src/archive/entry-scan';
import {
	listDirectory,
	readWholeFile,
	SmallEntryExtractor,
	Yielder,
} from '../../../../sidecar/src/engine/files/small-files';
import { makeTempDir, pseudoRandom } from './site-fixture';

let root: string;
beforeEach( async () => {
	root = await makeTempDir( 'small-files' );
} );
afterEach( async () => {
	await fs.rm( root, { recursive: true, force: true } );
} );

const sha256 = ( bytes: Buffer ) =>
	createHash( 'sha256' ).update( bytes ).digest( 'hex' );

/**
 * A file holding `prefix`, then the entry's stored bytes, and what the reader would prove of them.
 * @param bytes   the entry's real bytes
 * @param deflate whether the entry is stored deflated
 * @param lie     overrides of what the directory and manifest claim
 */
async function archiveWith(
	bytes: Buffer,
	deflate: boolean,
	lie: Partial< Pick< ScanTarget, 'size' | 'crc32' > > & {
		sha256?: string;
	} = {}
): Promise< { archive: string; located: ScanTarget } > {
	const stored = deflate ? deflateRawSync( bytes ) : bytes;
	const prefix = Buffer.from( 'not the entry' );
	const archive = path.join( root, 'archive.bin' );
	await fs.writeFile( archive, Buffer.concat( [ prefix, stored ] ) );
	const size = lie.size ?? bytes.length;
	return {
		archive,
		located: {
			path: 'files/wp-content/uploads/a.txt',
			size,
			crc32: lie.crc32 ?? crc32( bytes ) >>> 0, // eslint-disable-line no-bitwise -- unsigned CRC
			manifest: {
				path: 'files/wp-content/uploads/a.txt',
				size,
				sha256: lie.sha256 ?? sha256( bytes ),
				compressed: deflate,
			},
			offset: 0,
			dataStart: prefix.length,
			compressedSize: stored.length,
			deflated: deflate,
		},
	};
}

describe( 'SmallEntryExtractor', () => {
	it.each( [ true, false ] )(
		'writes the exact bytes of a checked entry (deflated: %s), with the given mode',
		async ( deflate ) => {
			const bytes = pseudoRandom( 70_000, 5 );
			const { archive, located } = await archiveWith( bytes, deflate );
			const extractor = new SmallEntryExtractor( archive );
			const target = path.join( root, 'out.txt' );
			extractor.extract( located, target, 0o640 );
			extractor.close();
			expect( ( await fs.readFile( target ) ).equals( bytes ) ).toBe(
				true
			);
			// eslint-disable-next-line no-bitwise -- permission bits
			expect( ( await fs.stat( target ) ).mode & 0o777 ).toBe(
				0o640 & ~process.umask() // eslint-disable-line no-bitwise -- the umask narrows it
			);
		}
	);

	it.each( [
		[ 'CRC-32', { crc32: 12345 }, 'syteops_archive_checksum_mismatch' ],
		[
			'SHA-256',
			{ sha256: 'f'.repeat( 64 ) },
			'syteops_archive_checksum_mismatch',
		],
		[
			'declared size (smaller)',
			{ size: 1000 },
			'syteops_archive_size_mismatch',
		],
		[
			'declared size (larger)',
			{ size: 90_000 },
			'syteops_archive_size_mismatch',
		],
	] )(
		'refuses an entry whose %s does not match, and never creates the file',
		async ( _what, lie, code ) => {
			const { archive, located } = await archiveWith(
				Buffer.from( 'x'.repeat( 50_000 ) ),
				true,
				lie
			);
			const extractor = new SmallEntryExtractor( archive );
			const target = path.join( root, 'out.txt' );
			expect( () => extractor.extract( located, target, 0o644 ) ).toThrow(
				expect.objectContaining( { code } )
			);
			extractor.close();
			await expect( fs.lstat( target ) ).rejects.toMatchObject( {
				code: 'ENOENT',
			} );
		}
	);

	it( "names a damaged deflate stream as the entry's corruption and never creates the file", async () => {
		const { archive, located } = await archiveWith(
			Buffer.from( 'y'.repeat( 20_000 ) ),
			true
		);
		const bytes = await fs.readFile( archive );
		bytes.fill( 0xff, located.dataStart, located.dataStart + 8 ); // invalid block headers
		await fs.writeFile( archive, bytes );
		const extractor = new SmallEntryExtractor( archive );
		const target = path.join( root, 'out.txt' );
		expect( () => extractor.extract( located, target, 0o644 ) ).toThrow(
			expect.objectContaining( {
				code: 'syteops_archive_entry_corrupt',
			} )
		);
		extractor.close();
		await expect( fs.lstat( target ) ).rejects.toMatchObject( {
			code: 'ENOENT',
		} );
	} );

	it( 'never writes through an existing file or link at the target', async () => {
		const bytes = Buffer.from( 'new content' );
		const { archive, located } = await archiveWith( bytes, false );
		const outside = path.join( root, 'outside.txt' );
		await fs.writeFile( outside, 'keep me' );
		const target = path.join( root, 'link.txt' );
		await fs.symlink( outside, target );
		const extractor = new SmallEntryExtractor( archive );
		expect( () => extractor.extract( located, target, 0o644 ) ).toThrow(
			expect.objectContaining( { code: 'EEXIST' } )
		);
		extractor.close();
		expect( await fs.readFile( outside, 'utf8' ) ).toBe( 'keep me' );
	} );
} );

describe( 'readWholeFile', () => {
	it( 'reads a regular file whole and leaves its descriptor open for the change check', async () => {
		const file = path.join( root, 'a.css' );
		await fs.writeFile( file, 'body{}' );
		const read = readWholeFile( file );
		if ( ! ( 'fd' in read ) ) {
			throw new Error( 'expected the file to be read' );
		}
		expect( read.data.toString() ).toBe( 'body{}' );
		closeSync( read.fd ); // throws if the descriptor was not left open
	} );

	it( 'does not follow a symlink (an open error), and says so for a directory', async () => {
		const secret = path.join( root, 'wp-config.php' );
		await fs.writeFile( secret, 'secret' );
		const link = path.join( root, 'link.css' );
		await fs.symlink( secret, link );
		const viaLink = readWholeFile( link );
		expect( viaLink ).toEqual( {
			openError: expect.objectContaining( { code: 'ELOOP' } ),
		} );
		expect( readWholeFile( root ) ).toEqual( { notFile: true } );
	} );
} );

describe( 'listDirectory', () => {
	it( 'lstats every entry without following links and lets the event loop run in between', async () => {
		await fs.writeFile( path.join( root, 'file.txt' ), '12345' );
		await fs.symlink( '/etc/passwd', path.join( root, 'link' ) );
		await fs.mkdir( path.join( root, 'dir' ) );
		// Callbacks queued with setImmediate run only when the event loop turns, never between microtasks.
		let turns = 0;
		let listing = true;
		const tick = () => {
			turns++;
			if ( listing ) {
				setImmediate( tick );
			}
		};
		setImmediate( tick );
		const entries = await listDirectory( root, new Yielder( 0 ) );
		listing = false;
		const turnsWhileListing = turns;
		const byName = new Map( entries.map( ( e ) => [ e.name, e ] ) );
		const kind = ( name: string ) => {
			const entry = byName.get( name );
			// eslint-disable-next-line no-bitwise -- the file type bits
			return entry && 'mode' in entry ? entry.mode & 0o170000 : null;
		};
		expect( kind( 'file.txt' ) ).toBe( 0o100000 );
		expect( kind( 'link' ) ).toBe( 0o120000 );
		expect( kind( 'dir' ) ).toBe( 0o040000 );
		expect( byName.get( 'file.txt' ) ).toMatchObject( { size: 5 } );
		expect( turnsWhileListing ).toBeGreaterThanOrEqual( 3 ); // one per entry with a 0 ms budget
	} );

	it( 'throws as readdir does for a directory that is not there', async () => {
		await expect(
			listDirectory( path.join( root, 'missing' ), new Yielder() )
		).rejects.toMatchObject( { code: 'ENOENT' } );
	} );
} );
