/**
 * The signed-request scheme between the PHP host shim and the sidecar (documented in docs/rest-api.md).
 * Pure functions: the PHP client (class-syteops-backup-sidecar-client.php) computes the same string.
 *
 * signature = hex( HMAC-SHA256( secret, METHOD \n PATH?QUERY \n TIMESTAMP \n REQUEST_ID \n BODY_SHA256 \n ACTOR ) )
 */
import {
	createHash,
	createHmac,
	randomBytes,
	timingSafeEqual,
} from 'node:crypto';

export const HEADER = {
	timestamp: 'x-syteops-timestamp',
	requestId: 'x-syteops-request-id',
	contentSha256: 'x-syteops-content-sha256',
	actor: 'x-syteops-actor',
	signature: 'x-syteops-signature',
} as const;

export interface SignatureInput {
	method: string;
	pathAndQuery: string;
	timestamp: string;
	requestId: string;
	bodySha256: string;
	actor: string;
}

export const EMPTY_BODY_SHA256 = sha256Hex( '' );

export function sha256Hex( data: string | Buffer ): string {
	return createHash( 'sha256' ).update( data ).digest( 'hex' );
}

export function canonicalString( input: SignatureInput ): string {
	return [
		input.method.toUpperCase(),
		input.pathAndQuery,
		input.timestamp,
		input.requestId,
		input.bodySha256,
		input.actor,
	].join( '\n' );
}

export function sign( secret: string, input: SignatureInput ): string {
	return createHmac( 'sha256', secret )
		.update( canonicalString( input ) )
		.digest( 'hex' );
}

/**
 * Constant-time comparison of the expected and the presented signature.
 * @param secret
 * @param input
 * @param presented
 */
export function signatureMatches(
	secret: string,
	input: SignatureInput,
	presented: string
): boolean {
	const expected = Buffer.from( sign( secret, input ), 'hex' );
	const given = /^[0-9a-f]{64}$/.test( presented )
		? Buffer.from( presented, 'hex' )
		: Buffer.alloc( 32 );
	return timingSafeEqual( expected, given ) && presented.length === 64;
}

/**
 * Headers for a signed request; used by tests, the CLI and anything else that calls the sidecar.
 * @param secret
 * @param method
 * @param pathAndQuery
 * @param body
 * @param actor
 * @param now
 */
export function signedHeaders(
	secret: string,
	method: string,
	pathAndQuery: string,
	body: string | Buffer = '',
	actor: Actor = { user_id: 0, login: 'cli', capabilities: [] },
	now: Date = new Date()
): Record< string, string > {
	const input: SignatureInput = {
		method,
		pathAndQuery,
		timestamp: String( Math.floor( now.getTime() / 1000 ) ),
		requestId: randomBytes( 16 ).toString( 'hex' ),
		bodySha256: sha256Hex( body ),
		actor: Buffer.from( JSON.stringify( actor ) ).toString( 'base64' ),
	};
	return {
		[ HEADER.timestamp ]: input.timestamp,
		[ HEADER.requestId ]: input.requestId,
		[ HEADER.contentSha256 ]: input.bodySha256,
		[ HEADER.actor ]: input.actor,
		[ HEADER.signature ]: sign( secret, input ),
	};
}

/** Who is acting, as the host shim vouches: recorded in the audit log, checked against the route's capability. */
export interface Actor {
	user_id: number;
	login: string;
	capabilities: string[];
}

export function parseActor( header: string ): Actor | null {
	try {
		const value: unknown = JSON.parse(
			Buffer.from( header, 'base64' ).toString( 'utf8' )
		);
		if ( typeof value !== 'object' || value === null ) {
			return null;
		}
		const {
			user_id: userId,
			login,
			capabilities,
		} = value as Record< string, unknown >;
		if (
			// A WordPress user id (0 for the CLI), never a fraction or negative: it lands in the audit log.
			! Number.isSafeInteger( userId ) ||
			( userId as number ) < 0 ||
			typeof login !== 'string' ||
			! Array.isArray( capabilities )
		) {
			return null;
		}
		return {
			user_id: userId as number,
			login,
			capabilities: capabilities.filter(
				( c ): c is string => typeof c === 'string'
			),
		};
	} catch {
		return null;
	}
}
