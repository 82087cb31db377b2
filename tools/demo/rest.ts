/**
 * A small REST client for the demo (application-password auth), with job polling and chunked upload.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface Site {
	url: string;
	dir: string;
	auth: string;
}

export function siteFor(
	root: string,
	url: string,
	dir: string,
	login: string
): Site {
	const password = execFileSync( 'php', [
		path.join( root, 'scripts/stack/app-password.php' ),
		dir,
		login,
		'demo',
	] )
		.toString()
		.trim();
	return {
		url,
		dir,
		auth:
			'Basic ' +
			Buffer.from( `${ login }:${ password }` ).toString( 'base64' ),
	};
}

export async function call< T >(
	site: Site,
	method: string,
	route: string,
	body?: unknown
): Promise< { status: number; body: T } > {
	const raw = Buffer.isBuffer( body );
	let payload: string | Blob | undefined;
	if ( raw ) {
		payload = new Blob( [ Uint8Array.from( body as Buffer ) ] );
	} else if ( body !== undefined ) {
		payload = JSON.stringify( body );
	}
	const response = await fetch(
		`${ site.url }/wp-json/syteops/v1${ route }`,
		{
			method,
			headers: {
				authorization: site.auth,
				'content-type': raw
					? 'application/octet-stream'
					: 'application/json',
			},
			body: payload,
		}
	);
	return { status: response.status, body: ( await response.json() ) as T };
}

export function expectOk< T >(
	what: string,
	response: { status: number; body: T }
): T {
	if ( response.status >= 400 ) {
		throw new Error(
			`${ what } failed: ${ JSON.stringify( response.body ) }`
		);
	}
	return response.body;
}

export interface Job {
	state: string;
	phase: string;
	progress: { percent: number | null };
	snapshot_id: string | null;
	result: Record< string, unknown > | null;
	error: { message: string } | null;
}

/**
 * Polls a job; `fallback` is tried when the first credentials stop working (a full restore replaces users).
 * @param site
 * @param jobId
 * @param fallback
 */
export async function waitForJob(
	site: Site,
	jobId: string,
	fallback?: Site
): Promise< Job > {
	let current = site;
	for (;;) {
		const response = await call< Job >(
			current,
			'GET',
			`/jobs/${ jobId }`
		);
		if ( response.status === 401 && fallback && current !== fallback ) {
			current = fallback;
			continue;
		}
		const job = expectOk( 'reading the job', response );
		if ( job.state !== 'running' ) {
			return job;
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 250 ) );
	}
}

export async function download(
	site: Site,
	snapshotId: string,
	file: string
): Promise< number > {
	const response = await fetch(
		`${ site.url }/wp-json/syteops/v1/backups/${ snapshotId }/download`,
		{ headers: { authorization: site.auth } }
	);
	if ( response.status !== 200 || ! response.body ) {
		throw new Error( `download failed: ${ response.status }` );
	}
	await pipeline(
		Readable.fromWeb(
			response.body as import( 'node:stream/web' ).ReadableStream
		),
		createWriteStream( file )
	);
	return ( await fs.stat( file ) ).size;
}

export async function upload( site: Site, file: string ): Promise< string > {
	const { size } = await fs.stat( file );
	const opened = expectOk(
		'opening the upload',
		await call< { upload_id: string; chunk_size: number } >(
			site,
			'POST',
			'/uploads',
			{ filename: path.basename( file ), size }
		)
	);
	const handle = await fs.open( file, 'r' );
	try {
		for ( let offset = 0; offset < size; offset += opened.chunk_size ) {
			const chunk = Buffer.alloc(
				Math.min( opened.chunk_size, size - offset )
			);
			await handle.read( chunk, 0, chunk.length, offset );
			expectOk(
				'sending a chunk',
				await call(
					site,
					'PUT',
					`/uploads/${ opened.upload_id }?offset=${ offset }`,
					chunk
				)
			);
		}
	} finally {
		await handle.close();
	}
	return expectOk(
		'completing the upload',
		await call< { backup_id: string } >(
			site,
			'POST',
			`/uploads/${ opened.upload_id }/complete`
		)
	).backup_id;
}
