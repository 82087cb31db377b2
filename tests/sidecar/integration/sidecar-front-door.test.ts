/**
 * The real sidecar of the test stack refuses everything but fresh, correctly signed requests from the host
 * shim, addressed to a loopback host, and listens on 127.0.0.1 only.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';

import { HEADER, signedHeaders } from '../../../sidecar/src/http/signing';
import { loadStackEnv, startSidecar, stopSidecar } from '../../support/stack';

const stack = loadStackEnv();
const base = stack.SIDECAR_URL;
const secret = stack.SIDECAR_SECRET;
const admin = {
	user_id: 1,
	login: 'admin',
	capabilities: [ 'syteops_backup_list', 'syteops_backup_create' ],
};

/**
 * node:http, not fetch: fetch silently drops a custom Host header, which one test must send.
 * @param method
 * @param pathAndQuery
 * @param headers
 * @param body
 */
function call(
	method: string,
	pathAndQuery: string,
	headers: Record< string, string >,
	body?: string
): Promise< { status: number; body: { code?: string; database?: string } } > {
	return new Promise( ( resolve, reject ) => {
		const request = http.request(
			base + pathAndQuery,
			{ method, headers },
			( response ) => {
				const chunks: Buffer[] = [];
				response.on( 'data', ( chunk: Buffer ) =>
					chunks.push( chunk )
				);
				response.on( 'end', () =>
					resolve( {
						status: response.statusCode ?? 0,
						body: JSON.parse(
							Buffer.concat( chunks ).toString( 'utf8' )
						),
					} )
				);
			}
		);
		request.on( 'error', reject );
		request.end( body );
	} );
}

describe( 'sidecar front door', () => {
	it( 'answers a correctly signed health check with the real database reachable', async () => {
		const result = await call(
			'GET',
			'/v1/health',
			signedHeaders( secret, 'GET', '/v1/health' )
		);
		expect( result ).toMatchObject( {
			status: 200,
			body: { database: 'ok' },
		} );
	} );

	it( 'rejects an unsigned request with 401 syteops_unsigned', async () => {
		expect( await call( 'GET', '/v1/health', {} ) ).toMatchObject( {
			status: 401,
			body: { code: 'syteops_unsigned' },
		} );
	} );

	it( 'rejects a request signed with another secret', async () => {
		const headers = signedHeaders(
			'not-the-shared-secret-at-all',
			'GET',
			'/v1/health'
		);
		expect( await call( 'GET', '/v1/health', headers ) ).toMatchObject( {
			status: 401,
			body: { code: 'syteops_bad_signature' },
		} );
	} );

	it( 'rejects a tampered body whose digest no longer matches the signature', async () => {
		const headers = {
			...signedHeaders(
				secret,
				'POST',
				'/v1/backups',
				'{"label":"a"}',
				admin
			),
			'content-type': 'application/json',
		};
		const result = await call(
			'POST',
			'/v1/backups',
			headers,
			'{"label":"b"}'
		);
		expect( result ).toMatchObject( {
			status: 401,
			body: { code: 'syteops_bad_signature' },
		} );
	} );

	it( 'rejects a tampered path (signature made for another route)', async () => {
		const headers = signedHeaders( secret, 'GET', '/v1/health', '', admin );
		expect( await call( 'GET', '/v1/backups', headers ) ).toMatchObject( {
			status: 401,
			body: { code: 'syteops_bad_signature' },
		} );
	} );

	it( 'rejects a replayed request id within the clock skew', async () => {
		const headers = signedHeaders( secret, 'GET', '/v1/health' );
		expect( ( await call( 'GET', '/v1/health', headers ) ).status ).toBe(
			200
		);
		expect( await call( 'GET', '/v1/health', headers ) ).toMatchObject( {
			status: 401,
			body: { code: 'syteops_replayed_request' },
		} );
	} );

	it( 'rejects a stale timestamp even when correctly signed', async () => {
		const headers = signedHeaders(
			secret,
			'GET',
			'/v1/health',
			'',
			undefined,
			new Date( Date.now() - 3600_000 )
		);
		expect( await call( 'GET', '/v1/health', headers ) ).toMatchObject( {
			status: 401,
			body: { code: 'syteops_stale_request' },
		} );
	} );

	it( 'refuses a non-loopback Host header (DNS rebinding) before looking at the signature', async () => {
		const headers = {
			...signedHeaders( secret, 'GET', '/v1/health' ),
			host: 'evil.example:80',
		};
		expect( await call( 'GET', '/v1/health', headers ) ).toMatchObject( {
			status: 403,
			body: { code: 'syteops_bad_host' },
		} );
	} );

	it( 'refuses an actor without the route capability even with a valid signature', async () => {
		const viewer = {
			user_id: 5,
			login: 'viewer',
			capabilities: [ 'syteops_backup_list' ],
		};
		const headers = {
			...signedHeaders( secret, 'POST', '/v1/backups', '{}', viewer ),
			'content-type': 'application/json',
		};
		expect(
			await call( 'POST', '/v1/backups', headers, '{}' )
		).toMatchObject( { status: 403, body: { code: 'syteops_forbidden' } } );
	} );

	it( 'refuses a body over the size limit with 413', async () => {
		const big = 'x'.repeat( 2 * 1024 * 1024 );
		const headers = {
			...signedHeaders( secret, 'POST', '/v1/backups', big, admin ),
			'content-type': 'application/json',
		};
		expect(
			await call( 'POST', '/v1/backups', headers, big )
		).toMatchObject( {
			status: 413,
			body: { code: 'syteops_body_too_large' },
		} );
	} );

	it( 'listens on 127.0.0.1 only (the kernel socket table shows no wildcard or external bind)', () => {
		const port = Number( new URL( base ).port );
		const hexPort = port.toString( 16 ).toUpperCase().padStart( 4, '0' );
		const listening = ( file: string ) =>
			readFileSync( file, 'utf8' )
				.split( '\n' )
				.slice( 1 )
				.map( ( line ) => line.trim().split( /\s+/ ) )
				.filter(
					( cols ) =>
						cols[ 1 ]?.endsWith( `:${ hexPort }` ) &&
						cols[ 3 ] === '0A'
				)
				.map( ( cols ) => cols[ 1 ] );
		expect( listening( '/proc/net/tcp' ) ).toEqual( [
			`0100007F:${ hexPort }`,
		] );
		expect( listening( '/proc/net/tcp6' ) ).toEqual( [] );
	} );

	it( 'uses the header names of the documented protocol', () => {
		expect(
			Object.keys( signedHeaders( secret, 'GET', '/' ) ).sort()
		).toEqual( Object.values( HEADER ).sort() );
	} );

	it( 'refuses a request signed before the sidecar restarted, so a restart does not reopen the replay window', async () => {
		const captured = signedHeaders( secret, 'GET', '/v1/health' );
		await new Promise( ( resolve ) => setTimeout( resolve, 1100 ) );
		await stopSidecar( stack, 'a' );
		await startSidecar( stack, 'a' );
		expect( await call( 'GET', '/v1/health', captured ) ).toMatchObject( {
			status: 401,
			body: { code: 'syteops_stale_request' },
		} );
		expect(
			(
				await call(
					'GET',
					'/v1/health',
					signedHeaders( secret, 'GET', '/v1/health' )
				)
			).status
		).toBe( 200 );
	} );
} );
