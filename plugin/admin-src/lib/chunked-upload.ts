/**
 * The upload loop of restore-from-file, independent of fetch and the DOM: it talks to the server through an
 * injected transport, so the same code runs in the browser (api/uploads.ts) and under unit tests.
 *
 * Resuming: after a failure that may pass (a dropped connection, the service briefly away) the loop waits,
 * then asks the server how many bytes it really holds by sending an empty chunk at the offset it believes
 * (200 says "that many", 409 syteops_upload_offset_mismatch names the real offset), and continues from there.
 * So a chunk the server did store before the answer was lost is not sent twice, and one it did not store is.
 */

/**
 * Internal dependencies
 */
import {
	isTransientFailure,
	nextChunk,
	resumeOffsetFrom,
	retryDelay,
	type UploadFailure,
} from './upload-plan';

/** A file, or anything that can hand out byte ranges of itself (Blob.slice). */
export interface UploadSource< Bytes > {
	name: string;
	size: number;
	slice: ( start: number, end: number ) => Bytes;
}

export interface UploadTransport< Bytes > {
	open: (
		filename: string,
		size: number
	) => Promise< { uploadId: string; chunkSize: number; received: number } >;
	/** Sends bytes at offset (null: an empty probe); resolves with the bytes the server now holds. */
	put: (
		uploadId: string,
		offset: number,
		bytes: Bytes | null
	) => Promise< number >;
	/** Registers the finished upload as a snapshot; resolves with its id. */
	complete: ( uploadId: string ) => Promise< string >;
}

export interface UploadState {
	uploadId: string;
	size: number;
	chunkSize: number;
	received: number;
	/** Consecutive failed attempts since the last chunk that went through. */
	retries: number;
}

export interface UploadOptions {
	onProgress: ( state: UploadState ) => void;
	/** Attempts after a transient failure before giving up and letting the user resume by hand. */
	maxRetries?: number;
	wait?: ( ms: number ) => Promise< void >;
	isCancelled?: () => boolean;
}

/** The upload stopped; `state` is where it stands, so resumeUpload() can continue it. */
export class UploadInterrupted extends Error {
	constructor(
		readonly failure: UploadFailure & { message?: string },
		readonly state: UploadState,
		/** False when trying again cannot help (the server refused the file or the upload is gone). */
		readonly resumable: boolean
	) {
		super( failure?.message ?? 'upload interrupted' );
	}
}

export class UploadCancelled extends Error {}

const sleep = ( ms: number ) =>
	new Promise< void >( ( resolve ) => setTimeout( resolve, ms ) );

/**
 * Opens an upload for the file and sends all of it; resolves with the state once every byte is stored.
 * @param source
 * @param transport
 * @param options
 */
export async function startUpload< Bytes >(
	source: UploadSource< Bytes >,
	transport: UploadTransport< Bytes >,
	options: UploadOptions
): Promise< UploadState > {
	const opened = await transport.open( source.name, source.size );
	const state: UploadState = {
		uploadId: opened.uploadId,
		size: source.size,
		chunkSize: opened.chunkSize,
		received: opened.received,
		retries: 0,
	};
	options.onProgress( { ...state } );
	return sendChunks( source, transport, state, options, false );
}

/**
 * Continues an interrupted upload: first asks the server where it stands, then sends the rest.
 * @param source
 * @param transport
 * @param state
 * @param options
 */
export function resumeUpload< Bytes >(
	source: UploadSource< Bytes >,
	transport: UploadTransport< Bytes >,
	state: UploadState,
	options: UploadOptions
): Promise< UploadState > {
	return sendChunks(
		source,
		transport,
		{ ...state, retries: 0 },
		options,
		true
	);
}

async function sendChunks< Bytes >(
	source: UploadSource< Bytes >,
	transport: UploadTransport< Bytes >,
	state: UploadState,
	options: UploadOptions,
	probeFirst: boolean
): Promise< UploadState > {
	const maxRetries = options.maxRetries ?? 5;
	const wait = options.wait ?? sleep;
	let mustProbe = probeFirst;
	for (;;) {
		if ( options.isCancelled?.() ) {
			throw new UploadCancelled( 'cancelled' );
		}
		try {
			if ( mustProbe ) {
				state.received = await transport.put(
					state.uploadId,
					state.received,
					null
				);
				mustProbe = false;
				options.onProgress( { ...state } );
			}
			const chunk = nextChunk(
				state.received,
				state.size,
				state.chunkSize
			);
			if ( ! chunk ) {
				return { ...state };
			}
			state.received = await transport.put(
				state.uploadId,
				chunk.start,
				source.slice( chunk.start, chunk.end )
			);
			state.retries = 0;
			options.onProgress( { ...state } );
		} catch ( error ) {
			const failure = error as UploadFailure & { message?: string };
			const resumeAt = resumeOffsetFrom( failure );
			if ( resumeAt !== null && resumeAt <= state.size ) {
				// The server holds a different amount than we thought: it has told us where to go on.
				state.received = resumeAt;
				mustProbe = false;
				options.onProgress( { ...state } );
				continue;
			}
			const transient = isTransientFailure( failure );
			if ( ! transient || state.retries >= maxRetries ) {
				throw new UploadInterrupted( failure, { ...state }, transient );
			}
			state.retries++;
			options.onProgress( { ...state } );
			await wait( retryDelay( state.retries ) );
			mustProbe = true;
		}
	}
}
