/**
 * The pure rules of the chunked upload: chunk ranges, progress, which failures are retried, where to resume.
 */
import {
	chunkCount,
	effectiveChunkSize,
	isTransientFailure,
	nextChunk,
	resumeOffsetFrom,
	retryDelay,
	uploadPercent,
} from '../../plugin/admin-src/lib/upload-plan';

const MiB = 1024 * 1024;

describe( 'nextChunk', () => {
	it( 'walks a file in chunk-size steps with a short last chunk, covering every byte once', () => {
		const size = 20 * MiB + 5;
		const ranges: [ number, number ][] = [];
		let received = 0;
		for (
			let chunk = nextChunk( received, size, 8 * MiB );
			chunk;
			chunk = nextChunk( received, size, 8 * MiB )
		) {
			ranges.push( [ chunk.start, chunk.end ] );
			received = chunk.end;
		}
		expect( ranges ).toEqual( [
			[ 0, 8 * MiB ],
			[ 8 * MiB, 16 * MiB ],
			[ 16 * MiB, 20 * MiB + 5 ],
		] );
		expect( chunkCount( size, 8 * MiB ) ).toBe( 3 );
	} );

	it( 'starts at whatever offset the server holds, also one not on a chunk boundary', () => {
		expect( nextChunk( 123, 1000, 400 ) ).toEqual( {
			start: 123,
			end: 523,
		} );
	} );

	it( 'returns null once the server holds the whole file', () => {
		expect( nextChunk( 1000, 1000, 400 ) ).toBeNull();
	} );

	it( 'never plans a chunk above the 16 MiB the sidecar accepts, and replaces a zero chunk size', () => {
		expect( effectiveChunkSize( 64 * MiB ) ).toBe( 16 * MiB );
		expect( effectiveChunkSize( 0 ) ).toBe( 8 * MiB );
		expect( effectiveChunkSize( Number.NaN ) ).toBe( 8 * MiB );
		expect( nextChunk( 0, 40 * MiB, 64 * MiB ) ).toEqual( {
			start: 0,
			end: 16 * MiB,
		} );
	} );
} );

describe( 'uploadPercent', () => {
	it( 'rounds down and reaches 100 only when every byte is there', () => {
		expect( uploadPercent( 0, 1000 ) ).toBe( 0 );
		expect( uploadPercent( 999, 1000 ) ).toBe( 99 );
		expect( uploadPercent( 1000, 1000 ) ).toBe( 100 );
		expect( uploadPercent( 333, 1000 ) ).toBe( 33 );
	} );
} );

describe( 'resumeOffsetFrom', () => {
	it( 'reads the offset to resume from out of an offset-mismatch refusal', () => {
		expect(
			resumeOffsetFrom( {
				code: 'syteops_upload_offset_mismatch',
				status: 409,
				details: { offset: 16 * MiB, expected_offset: 8 * MiB },
			} )
		).toBe( 8 * MiB );
	} );

	it( 'gives null for other errors and for a refusal without a usable offset', () => {
		expect(
			resumeOffsetFrom( { code: 'syteops_network', status: 0 } )
		).toBeNull();
		expect(
			resumeOffsetFrom( {
				code: 'syteops_upload_offset_mismatch',
				details: { expected_offset: '8' },
			} )
		).toBeNull();
		expect(
			resumeOffsetFrom( {
				code: 'syteops_upload_offset_mismatch',
				details: { expected_offset: -1 },
			} )
		).toBeNull();
	} );
} );

describe( 'isTransientFailure', () => {
	it.each( [
		[ 'a dropped connection', { code: 'syteops_network', status: 0 } ],
		[
			'the sidecar briefly away',
			{ code: 'syteops_sidecar_unavailable', status: 503 },
		],
		[ 'a gateway error', { code: 'http_502', status: 502 } ],
		[
			'a damaged chunk',
			{ code: 'syteops_chunk_digest_mismatch', status: 400 },
		],
	] )( 'retries %s', ( _name, failure ) => {
		expect( isTransientFailure( failure ) ).toBe( true );
	} );

	it.each( [
		[
			'a missing upload',
			{ code: 'syteops_upload_not_found', status: 404 },
		],
		[ 'no permission', { code: 'syteops_forbidden', status: 403 } ],
		[ 'an expired nonce', { code: 'syteops_bad_nonce', status: 403 } ],
		[
			'a too-large upload',
			{ code: 'syteops_upload_too_large', status: 413 },
		],
	] )( 'does not retry %s', ( _name, failure ) => {
		expect( isTransientFailure( failure ) ).toBe( false );
	} );
} );

describe( 'retryDelay', () => {
	it( 'doubles from one second and stops growing at eight', () => {
		expect( [ 1, 2, 3, 4, 5, 9 ].map( retryDelay ) ).toEqual( [
			1000, 2000, 4000, 8000, 8000, 8000,
		] );
	} );
} );
