/**
 * Moving an archive between the stack's sites through the real REST API: download it from one site, upload it
 * into another in chunks (the restore-from-file path), and poll a job whose credentials a full restore may
 * replace.
 */
import type { JobView } from './jobs';
import { WpRest, type RestResponse } from './wp-rest';

export async function downloadArchive(
	rest: WpRest,
	snapshotId: string
): Promise< Buffer > {
	const response = await fetch(
		`${ rest.baseUrl }/wp-json/syteops/v1/backups/${ snapshotId }/download`,
		{ headers: { authorization: rest.auth } }
	);
	if ( response.status !== 200 ) {
		throw new Error( `download failed: ${ response.status }` );
	}
	return Buffer.from( await response.arrayBuffer() );
}

/**
 * Uploads an archive and completes the upload; returns the complete call's answer as it came.
 * @param rest
 * @param bytes
 */
export async function uploadArchive(
	rest: WpRest,
	bytes: Buffer
): Promise<
	RestResponse< { backup_id?: string; code?: string; message?: string } >
> {
	const opened = await rest.request< {
		upload_id: string;
		chunk_size: number;
	} >( 'POST', '/syteops/v1/uploads', {
		filename: 'transfer.zip',
		size: bytes.length,
	} );
	if ( opened.status !== 201 ) {
		throw new Error( `opening the upload failed: ${ opened.status }` );
	}
	const { upload_id: id, chunk_size: chunk } = opened.body;
	for ( let offset = 0; offset < bytes.length; offset += chunk ) {
		const sent = await rest.request(
			'PUT',
			`/syteops/v1/uploads/${ id }?offset=${ offset }`,
			bytes.subarray( offset, offset + chunk )
		);
		if ( sent.status !== 200 ) {
			throw new Error( `chunk at ${ offset } failed: ${ sent.status }` );
		}
	}
	return rest.request( 'POST', `/syteops/v1/uploads/${ id }/complete` );
}

/**
 * A client of `baseUrl` with another client's credentials (a full restore brings the source's users and
 * their application passwords along).
 * @param rest
 * @param baseUrl
 */
export function sameCredentialsOn( rest: WpRest, baseUrl: string ): WpRest {
	return Object.assign( Object.create( WpRest.prototype ) as WpRest, {
		auth: rest.auth,
		baseUrl,
	} );
}

/**
 * Polls a job with the first client that is still accepted.
 * @param clients
 * @param jobId
 * @param timeoutMs
 */
export async function waitForJobWithAny(
	clients: WpRest[],
	jobId: string,
	timeoutMs = 180_000
): Promise< JobView > {
	const deadline = Date.now() + timeoutMs;
	while ( Date.now() < deadline ) {
		for ( const client of clients ) {
			const { status, body } = await client.request< JobView >(
				'GET',
				`/syteops/v1/jobs/${ jobId }`
			);
			if ( status === 200 ) {
				if ( body.state === 'succeeded' || body.state === 'failed' ) {
					return body;
				}
				break;
			}
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 250 ) );
	}
	throw new Error( `job ${ jobId } still running after ${ timeoutMs } ms` );
}
