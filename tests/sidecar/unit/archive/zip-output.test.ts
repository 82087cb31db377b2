import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import zlib from 'node:zlib';

import { Open } from 'unzipper';

import {
	BLOCK_SIZE,
	BlockDeflater,
	FINAL_BLOCK,
} from '../../../../sidecar/src/archive/block-deflate';
import { readCentralDirectory } from '../../../../sidecar/src/archive/central-directory';
import { FailureSignal } from '../../../../sidecar/src/archive/failure-signal';
import { ZipOutput } from '../../../../sidecar/src/archive/zip-output';
import {
	centralRecord,
	dataDescriptor,
	endRecords,
} from '../../../../sidecar/src/archive/zip-records';
import { METHOD_STORED } from '../../../../sidecar/src/archive/zip-format';
import { readEndOfDirectory } from '../../../../sidecar/src/archive/zip-structure';
import { loadArchiver } from '../../fixtures/archive/archiver-reference';

const DATE = new Date( '2026-11-23T10:20:30Z' );

/** The entries both writers get: ASCII and non-ASCII names, an empty one, one over a deflate block. */
function sampleEntries(): { name: string; data: Buffer }[] {
	const text = Buffer.from(
		Array.from(
			{ length: 40_000 },
			( _, i ) => `["row ${ i }","http://example.test/?p=${ i % 97 }"]\n`
		).join( '' )
	);
	return [
		{ name: 'db/options.rows.ndjson', data: text },
		{
			name: 'files/wp-content/uploads/ü-photo.jpg',
			data: Buffer.alloc( 300, 7 ),
		},
		{ name: 'files/wp-content/uploads/empty.txt', data: Buffer.alloc( 0 ) },
		{ name: 'manifest.json', data: Buffer.from( '{"entries":[]}' ) },
	];
}

async function collect( write: ( sink: Writable ) => Promise< void > ) {
	const chunks: Buffer[] = [];
	const sink = new Writable( {
		write( chunk: Buffer, _encoding, callback ) {
			chunks.push( chunk );
			callback();
		},
	} );
	await write( sink );
	return Buffer.concat( chunks );
}

async function withArchiver(
	entries: { name: string; data: Buffer }[],
	store: boolean
): Promise< Buffer > {
	return collect( async ( sink ) => {
		const { ZipArchive } = loadArchiver();
		const zip = new ZipArchive( { zlib: { level: 1 } } );
		const closed = new Promise( ( resolve ) =>
			sink.on( 'finish', resolve )
		);
		zip.pipe( sink );
		for ( const { name, data } of entries ) {
			// A stream, as the old writer passed every entry: that is what gives data descriptors.
			zip.append( Readable.from( [ data ] ), {
				name,
				store,
				mode: 0o100644,
				// A string: archiver runs outside jest's realm, where this realm's Date fails instanceof.
				date: DATE.toISOString(),
			} );
		}
		await zip.finalize();
		await closed;
	} );
}

async function withZipOutput(
	entries: { name: string; data: Buffer }[],
	store: boolean
): Promise< Buffer > {
	return collect( async ( sink ) => {
		const closed = new Promise( ( resolve ) =>
			sink.on( 'finish', resolve )
		);
		const output = new ZipOutput( sink, new FailureSignal(), {
			now: () => DATE,
		} );
		for ( const { name, data } of entries ) {
			await output.writeStreamed( name, [ data ], store );
		}
		await output.finish();
		await closed;
	} );
}

async function directoryOf( zip: Buffer, dir: string ) {
	const file = path.join( dir, `${ Math.random() }.zip` );
	await fs.writeFile( file, zip );
	const handle = await fs.open( file, 'r' );
	try {
		const end = await readEndOfDirectory( handle, zip.length );
		return await readCentralDirectory( handle, end );
	} finally {
		await handle.close();
	}
}

let dir: string;
beforeEach( async () => {
	dir = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-zipout-' ) );
} );
afterEach( async () => {
	await fs.rm( dir, { recursive: true, force: true } );
} );

describe( 'ZipOutput', () => {
	it( 'writes stored entries byte for byte as archiver 8 (the writer it replaced) did', async () => {
		const entries = sampleEntries();
		const ours = await withZipOutput( entries, true );
		const reference = await withArchiver( entries, true );
		expect( ours.length ).toBe( reference.length );
		expect( ours.equals( reference ) ).toBe( true );
	} );

	it( 'writes deflated entries with archiver’s records, and any inflater reads back the input', async () => {
		const entries = sampleEntries();
		const ours = await withZipOutput( entries, false );
		const reference = await withArchiver( entries, false );
		const mine = await directoryOf( ours, dir );
		const theirs = await directoryOf( reference, dir );
		const comparable = ( records: typeof mine ) =>
			records.map( ( r ) => ( {
				...r,
				// Where records and data lie follows from the compressed sizes.
				compressedSize: undefined,
				offsetToLocalFileHeader: undefined,
				directoryAt: undefined,
				extra: undefined,
			} ) );
		expect( comparable( mine ) ).toEqual( comparable( theirs ) );
		// The entry over one block really was split (more than one sync-flushed block).
		expect( entries[ 0 ].data.length ).toBeGreaterThan( BLOCK_SIZE );

		const zip = await Open.buffer( ours );
		for ( const { name, data } of entries ) {
			const file = zip.files.find( ( f ) => f.path === name );
			expect( ( await file?.buffer() )?.equals( data ) ).toBe( true );
		}
	} );
} );

describe( 'BlockDeflater', () => {
	async function deflateInBlocks( chunks: Buffer[] ) {
		const out: Buffer[] = [];
		const deflater = new BlockDeflater( ( chunk ) => {
			out.push( chunk );
		} );
		for ( const chunk of chunks ) {
			await deflater.push( chunk );
		}
		await deflater.end();
		return out;
	}

	it( 'deflates 3.5 MiB in blocks that inflate as one stream, as small as one zlib stream makes it', async () => {
		const lines = Array.from(
			{ length: 60_000 },
			( _, i ) =>
				`{"id":${ i },"url":"http://example.test/p/${ i % 500 }"}\n`
		).join( '' );
		const input = Buffer.from( lines.repeat( 2 ) ).subarray(
			0,
			3.5 * BLOCK_SIZE
		);
		// Uneven chunks, so blocks are cut across them.
		const chunks = [];
		for ( let at = 0; at < input.length; at += 300_007 ) {
			chunks.push( input.subarray( at, at + 300_007 ) );
		}
		const out = await deflateInBlocks( chunks );
		expect( out ).toHaveLength( 5 ); // four blocks and the final block
		expect( out[ out.length - 1 ] ).toEqual( FINAL_BLOCK );
		const stream = Buffer.concat( out );
		expect( zlib.inflateRawSync( stream ).equals( input ) ).toBe( true );
		const oneStream = zlib.deflateRawSync( input, { level: 1 } );
		expect( stream.length ).toBeLessThan( oneStream.length * 1.01 );
	} );

	it( 'gives an empty entry the two bytes of an empty final block, as zlib does', async () => {
		const out = await deflateInBlocks( [] );
		expect( Buffer.concat( out ) ).toEqual(
			zlib.deflateRawSync( Buffer.alloc( 0 ), { level: 1 } )
		);
	} );

	it( 'stops taking input while its blocks wait to be written (backpressure)', async () => {
		let release: () => void = () => {};
		const emitted: Buffer[] = [];
		const deflater = new BlockDeflater( ( chunk ) => {
			emitted.push( chunk );
			return new Promise< void >( ( resolve ) => {
				release = resolve;
			} );
		} );
		let pushed = 0;
		const pushing = ( async () => {
			for ( let i = 0; i < 10; i++ ) {
				await deflater.push( Buffer.alloc( BLOCK_SIZE, i ) );
				pushed++;
			}
		} )();
		await new Promise( ( resolve ) => setTimeout( resolve, 200 ) );
		expect( pushed ).toBeLessThan( 4 ); // held at the blocks in flight, not all ten
		expect( emitted ).toHaveLength( 1 );
		while ( pushed < 10 ) {
			release();
			await new Promise( ( resolve ) => setTimeout( resolve, 20 ) );
		}
		await pushing;
	} );
} );

describe( 'ZIP records', () => {
	it( 'gives an archive of over 65,535 entries a ZIP64 end record that the reader reads', async () => {
		const end = endRecords( 70_000, 0, 0 );
		const file = path.join( dir, 'end.zip' );
		await fs.writeFile( file, end );
		const handle = await fs.open( file, 'r' );
		try {
			const read = await readEndOfDirectory( handle, end.length );
			expect( read ).toMatchObject( {
				entryCount: 70_000,
				directoryOffset: 0,
				directorySize: 0,
			} );
		} finally {
			await handle.close();
		}
	} );

	it( 'gives an entry past 4 GiB a ZIP64 extra field but keeps its 16-byte descriptor; a 4 GiB entry gets 8-byte sizes', () => {
		const past = {
			name: Buffer.from( 'files/wp-content/uploads/a.txt' ),
			method: METHOD_STORED,
			dosTime: 0,
			crc32: 1,
			compressedSize: 10,
			size: 10,
			offset: 5 * 1024 ** 3,
		} as const;
		const record = centralRecord( past );
		expect( record.readUInt16LE( 6 ) ).toBe( 45 );
		expect( record.readUInt32LE( 42 ) ).toBe( 0xffffffff );
		expect(
			Number( record.readBigUInt64LE( 46 + past.name.length + 20 ) )
		).toBe( past.offset );
		expect( dataDescriptor( past ) ).toHaveLength( 16 );
		expect(
			dataDescriptor( { ...past, size: 4 * 1024 ** 3 } )
		).toHaveLength( 24 );
		expect( centralRecord( { ...past, offset: 0 } ) ).toHaveLength(
			46 + past.name.length
		);
	} );
} );
