/**
 * The one door to the REST API: apiFetch with the unified config nonce on every write, and errors reshaped
 * once into ApiError so screens only ever see a code and a human message.
 */

/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';

declare global {
	interface Window {
		syteopsBackup?: {
			configNonce: string;
			capabilities: Record< string, boolean >;
			siteUrl: string;
			restNonce?: string;
			restRoot?: string;
			timezone?: string;
			gmtOffset?: number;
			/** Settings tabs and modules a scoped export can name (from the data-model registry). */
			scopes?: {
				tabs: { name: string; label: string }[];
				modules: { name: string; label: string }[];
			};
		};
	}
}

export const NAMESPACE = '/syteops/v1';

export class ApiError extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly status: number,
		/** The values the message was built from (`data.details`); the sidecar names a bad field here. */
		readonly details: Record< string, unknown > = {},
		/** WordPress's own argument validation: parameter => message (`data.params` of rest_invalid_param). */
		readonly params: Record< string, string > = {}
	) {
		super( message );
	}
}

let installed = false;

/** Adds the unified config nonce to writes; the wp_rest nonce is already added by WordPress. */
export function installNonceMiddleware(): void {
	if ( installed ) {
		return;
	}
	installed = true;
	apiFetch.use( ( options, next ) => {
		const method = ( options.method ?? 'GET' ).toUpperCase();
		if ( method !== 'GET' && window.syteopsBackup?.configNonce ) {
			options.headers = {
				...( options.headers ?? {} ),
				'X-SyteOps-Config-Nonce': window.syteopsBackup.configNonce,
			};
		}
		return next( options );
	} );
}

function toApiError( error: unknown ): ApiError {
	const body = error as {
		code?: string;
		message?: string;
		data?: {
			status?: number;
			details?: Record< string, unknown >;
			params?: Record< string, string >;
		};
	};
	if ( body && typeof body.code === 'string' ) {
		return new ApiError(
			body.code,
			body.message ?? body.code,
			body.data?.status ?? 0,
			body.data?.details ?? {},
			body.data?.params ?? {}
		);
	}
	return new ApiError(
		'syteops_network',
		__(
			'The request did not reach WordPress. Check your connection and try again.',
			'syteops-backup'
		),
		0
	);
}

/**
 * A JSON request; returns the body and the response headers (for pagination).
 * @param path
 * @param options
 * @param options.method
 * @param options.data
 */
export async function request< T >(
	path: string,
	options: { method?: string; data?: unknown } = {}
): Promise< { body: T; headers: Headers } > {
	installNonceMiddleware();
	let response: Response;
	try {
		response = ( await apiFetch( {
			path: NAMESPACE + path,
			method: options.method ?? 'GET',
			data: options.data,
			parse: false,
		} ) ) as Response;
	} catch ( error ) {
		// With parse: false, apiFetch rejects with the Response for HTTP errors.
		if ( error instanceof Response ) {
			throw toApiError( await error.json().catch( () => null ) );
		}
		throw toApiError( error );
	}
	return { body: ( await response.json() ) as T, headers: response.headers };
}
