/**
 * The upload loop against an in-memory server that keeps the protocol's rules (a chunk only at the offset
 * reached, 409 with expected_offset otherwise) and can drop connections before or after storing a chunk:
 * the file arrives byte-identical, each resume first asks the server where it stands, and final refusals stop
 * the loop with a resumable state.
 */
import {
	resumeUpload,
	startUpload,
	UploadInterrupted,
	type UploadState,
	type UploadTransport,
} from '../../plugin/admin-src/lib/chunked-upload';

type Fault = 'drop-before-store' | 'drop-after-store' | 'damage' | null;

class MemoryServer implements UploadTransport< Uint8Array > {
	stored: number[] = [];
	requests: { offset: number; length: number | null }[] = [];
	faults: Fault[] = [];
	refusal: { code: string; status: number } | null = null;

	constructor( readonly chunkSize: number ) {}

	async open() {
		return { uploadId: 'u1', chunkSize: this.chunkSize, received: 0 };
	}

	async put( _id: string, offset: number, bytes: Uint8Array | null ) {
		this.requests.push( { offset, length: bytes ? bytes.length : null } );
		if ( this.refusal ) {
			throw { ...this.refusal, message: 'refused' };
		}
		const fault = bytes ? ( this.faults.shift() ?? null ) : null;
		if ( fault === 'drop-before-store' ) {
			throw { code: 'syteops_network', status: 0, message: 'dropped' };
		}
		if ( offset !== this.stored.length ) {
			throw {
				code: 'syteops_upload_offset_mismatch',
				status: 409,
				message: 'mismatch',
				details: { offset, expected_offset: this.stored.length },
			};
		}
		if ( fault === 'damage' ) {
			throw { code: 'syteops_chunk_digest_mismatch', status: 400 };
		}
		this.stored.push( ...( bytes ?? [] ) );
		if ( fault === 'drop-after-store' ) {
			throw { code: 'syteops_network', status: 0, message: 'dropped' };
		}
		return this.stored.length;
	}

	async complete() {
		return 'snap';
	}
}

function file( size: number ) {
	const bytes = Uint8Array.from(
		{ length: size },
		( _, i ) => ( i * 7 ) % 251
	);
	return {
		bytes,
		source: {
			name: 'site.zip',
			size,
			slice: ( start: number, end: number ) => bytes.slice( start, end ),
		},
	};
}

const noWait = async () => undefined;

describe( 'chunked upload loop', () => {
	it( 'sends the whole file in order and reports progress after every chunk', async () => {
		const server = new MemoryServer( 10 );
		const { bytes, source } = file( 35 );
		const seen: number[] = [];
		const state = await startUpload( source, server, {
			onProgress: ( s ) => seen.push( s.received ),
			wait: noWait,
		} );
		expect( state.received ).toBe( 35 );
		expect( Uint8Array.from( server.stored ) ).toEqual( bytes );
		expect( seen ).toEqual( [ 0, 10, 20, 30, 35 ] );
		expect( server.requests.every( ( r ) => r.length !== null ) ).toBe(
			true
		);
	} );

	it( 'after a connection drop that lost the chunk, asks the server where it stands and sends that chunk again', async () => {
		const server = new MemoryServer( 10 );
		server.faults = [ null, 'drop-before-store' ];
		const { bytes, source } = file( 30 );
		const waits: number[] = [];
		await startUpload( source, server, {
			onProgress: () => undefined,
			wait: async ( ms ) => {
				waits.push( ms );
			},
		} );
		expect( Uint8Array.from( server.stored ) ).toEqual( bytes );
		expect( server.requests ).toEqual( [
			{ offset: 0, length: 10 },
			{ offset: 10, length: 10 }, // dropped
			{ offset: 10, length: null }, // probe: the server holds 10
			{ offset: 10, length: 10 },
			{ offset: 20, length: 10 },
		] );
		expect( waits ).toEqual( [ 1000 ] );
	} );

	it( 'after a drop whose chunk the server did store, learns the new offset from the probe and does not send it twice', async () => {
		const server = new MemoryServer( 10 );
		server.faults = [ 'drop-after-store' ];
		const { bytes, source } = file( 25 );
		await startUpload( source, server, {
			onProgress: () => undefined,
			wait: noWait,
		} );
		expect( Uint8Array.from( server.stored ) ).toEqual( bytes );
		expect( server.requests ).toEqual( [
			{ offset: 0, length: 10 }, // stored, answer lost
			{ offset: 0, length: null }, // probe: 409, expected 10
			{ offset: 10, length: 10 },
			{ offset: 20, length: 5 },
		] );
	} );

	it( 'resends a chunk the server found damaged', async () => {
		const server = new MemoryServer( 10 );
		server.faults = [ 'damage' ];
		const { bytes, source } = file( 12 );
		await startUpload( source, server, {
			onProgress: () => undefined,
			wait: noWait,
		} );
		expect( Uint8Array.from( server.stored ) ).toEqual( bytes );
	} );

	it( 'gives up after maxRetries consecutive drops with a resumable state, and resumeUpload finishes the file', async () => {
		const server = new MemoryServer( 10 );
		server.faults = [
			null,
			'drop-before-store',
			'drop-before-store',
			'drop-before-store',
		];
		const { bytes, source } = file( 30 );
		let interrupted: UploadInterrupted | null = null;
		try {
			await startUpload( source, server, {
				onProgress: () => undefined,
				wait: noWait,
				maxRetries: 2,
			} );
		} catch ( error ) {
			interrupted = error as UploadInterrupted;
		}
		expect( interrupted ).toBeInstanceOf( UploadInterrupted );
		expect( interrupted?.resumable ).toBe( true );
		expect( interrupted?.state.received ).toBe( 10 );

		const resumed: UploadState = await resumeUpload(
			source,
			server,
			( interrupted as UploadInterrupted ).state,
			{ onProgress: () => undefined, wait: noWait }
		);
		expect( resumed.received ).toBe( 30 );
		expect( Uint8Array.from( server.stored ) ).toEqual( bytes );
		// The resume began by asking the server, not by sending bytes.
		const afterGiveUp = server.requests.slice( 6 );
		expect( afterGiveUp[ 0 ] ).toEqual( { offset: 10, length: null } );
	} );

	it( 'stops at once, not resumable, when the server refuses for good', async () => {
		const server = new MemoryServer( 10 );
		server.refusal = { code: 'syteops_upload_not_found', status: 404 };
		const { source } = file( 30 );
		await expect(
			startUpload( source, server, {
				onProgress: () => undefined,
				wait: noWait,
			} )
		).rejects.toMatchObject( {
			resumable: false,
			failure: { code: 'syteops_upload_not_found' },
		} );
		expect( server.requests ).toHaveLength( 1 );
	} );
} );
