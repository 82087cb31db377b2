/**
 * A sidecar spoken to directly on its port with correctly signed requests (as the plugin signs them), and a
 * dedicated sidecar process for site A started on a spare port with its own storage directory, for tests
 * that must not disturb the stack's own sidecar (a storage directory on a tiny filesystem).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

import { ROUTES } from '../../../sidecar/src/http/routes';
import { signedHeaders } from '../../../sidecar/src/http/signing';
import type { StackEnv } from '../../support/stack';

const CAPABILITIES: string[] = [];
for ( const route of ROUTES ) {
	const capability: string | null = route.capability;
	if ( capability && capability !== 'job' ) {
		CAPABILITIES.push( capability );
	}
}

export interface DirectAnswer< T > {
	status: number;
	body: T;
}

export class SidecarClient {
	constructor(
		readonly url: string,
		private readonly secret: string
	) {}

	/**
	 * One request signed as the administrator (user 1) holding every capability.
	 * @param method
	 * @param route  Path and query, e.g. /v1/backups.
	 * @param body
	 */
	async request< T = Record< string, unknown > >(
		method: string,
		route: string,
		body?: unknown
	): Promise< DirectAnswer< T > > {
		const text = body === undefined ? '' : JSON.stringify( body );
		const response = await fetch( this.url + route, {
			method,
			headers: {
				...signedHeaders( this.secret, method, route, text, {
					user_id: 1,
					login: 'admin',
					capabilities: CAPABILITIES,
				} ),
				...( text ? { 'content-type': 'application/json' } : {} ),
			},
			body: text || undefined,
		} );
		const raw = await response.text();
		let parsed: unknown = raw;
		try {
			parsed = JSON.parse( raw );
		} catch {}
		return { status: response.status, body: parsed as T };
	}
}

async function freePort(): Promise< number > {
	return new Promise( ( resolve, reject ) => {
		const server = createServer();
		server.once( 'error', reject );
		server.listen( 0, '127.0.0.1', () => {
			const address = server.address();
			server.close( () =>
				resolve(
					typeof address === 'object' && address ? address.port : 0
				)
			);
		} );
	} );
}

export interface DedicatedSidecar {
	client: SidecarClient;
	process: ChildProcess;
	/** What it wrote to stdout and stderr. */
	output: () => string;
	stop: () => Promise< void >;
}

/**
 * Starts `build/node/.../main.js serve` for site A on a free port with `storageDir`, and waits for /v1/health.
 * @param stack
 * @param storageDir
 */
export async function startDedicatedSidecar(
	stack: StackEnv,
	storageDir: string
): Promise< DedicatedSidecar > {
	const port = await freePort();
	const child = spawn(
		process.execPath,
		[
			path.join(
				__dirname,
				'../../../build/node/sidecar/src/cli/main.js'
			),
			'serve',
		],
		{
			env: {
				...process.env,
				SYTEOPS_WP_CONFIG: path.join( stack.WP_DIR, 'wp-config.php' ),
				SYTEOPS_STORAGE_DIR: storageDir,
				SYTEOPS_SIDECAR_PORT: String( port ),
			},
			stdio: [ 'ignore', 'pipe', 'pipe' ],
		}
	);
	let output = '';
	child.stdout?.on( 'data', ( d ) => ( output += d ) );
	child.stderr?.on( 'data', ( d ) => ( output += d ) );
	const exited = new Promise< void >( ( resolve ) =>
		child.once( 'exit', () => resolve() )
	);
	const client = new SidecarClient(
		`http://127.0.0.1:${ port }`,
		stack.SIDECAR_SECRET
	);
	const stop = async () => {
		if ( child.exitCode === null && child.signalCode === null ) {
			child.kill( 'SIGTERM' );
			await exited;
		}
	};
	for ( let i = 0; i < 100; i++ ) {
		if ( child.exitCode !== null ) {
			throw new Error( `the dedicated sidecar exited: ${ output }` );
		}
		const up = await client
			.request( 'GET', '/v1/health' )
			.then( ( r ) => r.status === 200 )
			.catch( () => false );
		if ( up ) {
			return { client, process: child, output: () => output, stop };
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 100 ) );
	}
	await stop();
	throw new Error( `the dedicated sidecar did not answer: ${ output }` );
}
