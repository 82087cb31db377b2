/**
 * Restore from file: the chunked upload routes (docs/rest-api.md, "Chunked uploads") as the transport the
 * upload loop (lib/chunked-upload.ts) drives.
 */

/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { ApiError, NAMESPACE, request } from './client';
import type { UploadTransport } from '../lib/chunked-upload';

/**
 * A chunk is a real PUT with a raw body, sent with fetch rather than apiFetch: WordPress 6.1's apiFetch turns
 * PUT into POST with X-HTTP-Method-Override and forces a JSON Content-Type, which the REST server then fails
 * to parse. The REST and config nonces go along as apiFetch would send them.
 * @param route REST route under the REST root, with its query.
 * @param bytes The chunk.
 */
async function putChunk(
	route: string,
	bytes: Blob
): Promise< { received: number } > {
	const boot = window.syteopsBackup;
	const root = boot?.restRoot ?? `${ boot?.siteUrl ?? '' }/wp-json/`;
	// With plain permalinks the root is ".../?rest_route=/", so the route's own query joins with "&".
	const url = root.includes( '?' )
		? `${ root }${ route.slice( 1 ).replace( '?', '&' ) }`
		: `${ root.replace( /\/$/, '' ) }${ route }`;
	let response: Response;
	try {
		response = await window.fetch( url, {
			method: 'PUT',
			credentials: 'same-origin',
			headers: {
				'Content-Type': 'application/octet-stream',
				Accept: 'application/json',
				'X-WP-Nonce': boot?.restNonce ?? '',
				'X-SyteOps-Config-Nonce': boot?.configNonce ?? '',
			},
			body: bytes,
		} );
	} catch {
		throw new ApiError(
			'syteops_network',
			__(
				'The connection dropped while sending part of the file.',
				'syteops-backup'
			),
			0
		);
	}
	const json = await response.json().catch( () => null );
	if ( ! response.ok ) {
		throw new ApiError(
			json?.code ?? `http_${ response.status }`,
			json?.message ??
				__(
					'The server did not accept this part of the file.',
					'syteops-backup'
				),
			json?.data?.status ?? response.status,
			json?.data?.details ?? {}
		);
	}
	return json as { received: number };
}

export const uploadTransport: UploadTransport< Blob > = {
	async open( filename, size ) {
		const { body } = await request< {
			upload_id: string;
			chunk_size: number;
			received: number;
		} >( '/uploads', { method: 'POST', data: { filename, size } } );
		return {
			uploadId: body.upload_id,
			chunkSize: body.chunk_size,
			received: body.received,
		};
	},

	async put( uploadId, offset, bytes ) {
		const body = await putChunk(
			`${ NAMESPACE }/uploads/${ uploadId }?offset=${ offset }`,
			// An empty chunk is the resume probe: it stores nothing and answers what the server holds.
			bytes ?? new Blob( [] )
		);
		return body.received;
	},

	async complete( uploadId ) {
		const { body } = await request< { backup_id: string } >(
			`/uploads/${ uploadId }/complete`,
			{ method: 'POST', data: {} }
		);
		return body.backup_id;
	},
};
