/**
 * Pure rules of the chunked upload protocol (docs/rest-api.md, "Chunked uploads"): where the next chunk starts
 * and ends, how far along the upload is, which failures are worth retrying, and where to resume after the
 * server said the upload is elsewhere. No DOM, no fetch: unit-tested in the admin jest project.
 */

/** The sidecar refuses chunks above 16 MiB; the server's advertised chunk_size is used when it is sane. */
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
export const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;

/** The error shape the uploader looks at: an ApiError, or anything else that was thrown. */
export interface UploadFailure {
	code?: string;
	status?: number;
	details?: Record< string, unknown >;
}

/**
 * The byte range [start, end) of the chunk that starts at `received`, or null when every byte is there.
 * @param received  Bytes the server holds.
 * @param size      Declared size of the file.
 * @param chunkSize The server's chunk_size.
 */
export function nextChunk(
	received: number,
	size: number,
	chunkSize: number
): { start: number; end: number } | null {
	if ( received >= size ) {
		return null;
	}
	const step = effectiveChunkSize( chunkSize );
	return { start: received, end: Math.min( size, received + step ) };
}

/**
 * The chunk size to use: the server's, clamped to what the sidecar accepts (a zero or bogus value would
 * otherwise loop forever or be refused).
 * @param chunkSize
 */
export function effectiveChunkSize( chunkSize: number ): number {
	if ( ! Number.isSafeInteger( chunkSize ) || chunkSize < 1 ) {
		return DEFAULT_CHUNK_BYTES;
	}
	return Math.min( chunkSize, MAX_CHUNK_BYTES );
}

/**
 * How many chunk requests the whole file takes (for the progress label).
 * @param size
 * @param chunkSize
 */
export function chunkCount( size: number, chunkSize: number ): number {
	return Math.ceil( size / effectiveChunkSize( chunkSize ) );
}

/**
 * Whole percent of the file the server holds; 100 only when every byte is there.
 * @param received
 * @param size
 */
export function uploadPercent( received: number, size: number ): number {
	if ( size <= 0 || received >= size ) {
		return 100;
	}
	return Math.min(
		99,
		Math.floor( ( Math.max( 0, received ) * 100 ) / size )
	);
}

/**
 * The offset to resume from when the server refused a chunk because the upload is elsewhere
 * (409 syteops_upload_offset_mismatch carries data.details.expected_offset); null for any other failure.
 * @param failure
 */
export function resumeOffsetFrom( failure: UploadFailure ): number | null {
	if ( failure?.code !== 'syteops_upload_offset_mismatch' ) {
		return null;
	}
	const expected = failure.details?.expected_offset;
	return typeof expected === 'number' &&
		Number.isSafeInteger( expected ) &&
		expected >= 0
		? expected
		: null;
}

/**
 * Failures that say nothing about the file and may pass if tried again: the connection dropped (no HTTP
 * answer), the service or a proxy was briefly away (502/503/504), or a chunk arrived damaged (resend it).
 * Everything else (a refused archive, a missing upload, no permission) is final.
 * @param failure
 */
export function isTransientFailure( failure: UploadFailure ): boolean {
	if ( failure?.code === 'syteops_chunk_digest_mismatch' ) {
		return true;
	}
	if ( failure?.code === 'syteops_network' ) {
		return true;
	}
	const status = failure?.status ?? 0;
	return status === 0 || status === 502 || status === 503 || status === 504;
}

/**
 * Milliseconds to wait before retry number `attempt` (1-based): 1 s, 2 s, 4 s, then 8 s.
 * @param attempt
 */
export function retryDelay( attempt: number ): number {
	return Math.min( 8000, 1000 * 2 ** Math.max( 0, attempt - 1 ) );
}
