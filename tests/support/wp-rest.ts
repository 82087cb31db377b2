/**
 * A REST client for the real WordPress of the test stack, authenticated with a fresh application password
 * (as scripts and agencies use it: no cookie, no config nonce).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import type { StackEnv } from './stack';

export interface RestResponse< T = unknown > {
	status: number;
	headers: Headers;
	body: T;
}

export class WpRest {
	readonly auth: string;

	constructor(
		readonly baseUrl: string,
		login: string,
		appPassword: string
	) {
		this.auth =
			'Basic ' +
			Buffer.from( `${ login }:${ appPassword }` ).toString( 'base64' );
	}

	static forUser(
		stack: StackEnv,
		login: string,
		site: 'a' | 'b' = 'a'
	): WpRest {
		const dir = site === 'a' ? stack.WP_DIR : stack.WP2_DIR;
		const url = site === 'a' ? stack.WP_URL : stack.WP2_URL;
		const script = path.join(
			__dirname,
			'../../scripts/stack/app-password.php'
		);
		const password = execFileSync( 'php', [ script, dir, login, 'jest' ] )
			.toString()
			.trim();
		return new WpRest( url, login, password );
	}

	async request< T = unknown >(
		method: string,
		route: string,
		body?: unknown,
		headers: Record< string, string > = {}
	): Promise< RestResponse< T > > {
		const isRaw = Buffer.isBuffer( body );
		let payload: string | Blob | undefined;
		if ( isRaw ) {
			payload = new Blob( [ Uint8Array.from( body as Buffer ) ] );
		} else if ( body !== undefined ) {
			payload = JSON.stringify( body );
		}
		const response = await fetch( `${ this.baseUrl }/wp-json${ route }`, {
			method,
			headers: {
				authorization: this.auth,
				...( body === undefined
					? {}
					: {
							'content-type': isRaw
								? 'application/octet-stream'
								: 'application/json',
						} ),
				...headers,
			},
			body: payload,
		} );
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse( text );
		} catch {}
		return {
			status: response.status,
			headers: response.headers,
			body: parsed as T,
		};
	}
}
