/**
 * Signed tokens of the SyteOps license authority: `<TYPE>.<base64url(JSON payload)>.<base64url(signature)>`,
 * where the signature is Ed25519 over the ASCII text `<TYPE>.<base64url(JSON payload)>` (as in JWS compact
 * form). The type prefix separates uses, so a Product License can never pass as a package or the other way
 * round. Pure: no I/O; the authority's public key is given by the caller.
 */
import {
	createPrivateKey,
	createPublicKey,
	sign,
	verify,
	type KeyObject,
} from 'node:crypto';

export const LICENSE_TOKEN = 'SYTELIC1';
export const PACKAGE_TOKEN = 'SYTEPKG1';
export type TokenType = typeof LICENSE_TOKEN | typeof PACKAGE_TOKEN;

/** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from( '302a300506032b6570032100', 'hex' );
/** Tokens are small; anything bigger is refused before decoding. */
export const MAX_TOKEN_CHARS = 700_000;

export type TokenCheck =
	| { ok: true; payload: Record< string, unknown > }
	| { ok: false; reason: string };

/**
 * The authority's public key from its configured form: base64 of the raw 32-byte Ed25519 key. Null when the
 * text is not such a key.
 * @param base64 The configured value.
 */
export function publicKeyFromBase64( base64: string ): KeyObject | null {
	const raw = Buffer.from( base64.trim(), 'base64' );
	if ( raw.length !== 32 ) {
		return null;
	}
	try {
		return createPublicKey( {
			key: Buffer.concat( [ ED25519_SPKI_PREFIX, raw ] ),
			format: 'der',
			type: 'spki',
		} );
	} catch {
		return null;
	}
}

/**
 * Base64 of the raw public key of a private key (PEM, PKCS#8): what a site configures.
 * @param privatePem
 */
export function publicKeyBase64Of( privatePem: string ): string {
	const der = createPublicKey( createPrivateKey( privatePem ) ).export( {
		format: 'der',
		type: 'spki',
	} );
	return der.subarray( ED25519_SPKI_PREFIX.length ).toString( 'base64' );
}

/**
 * Signs a payload as a token of the given type (the license tool and tests use it; sites only verify).
 * @param type
 * @param payload
 * @param privatePem
 */
export function signToken(
	type: TokenType,
	payload: Record< string, unknown >,
	privatePem: string
): string {
	const head = `${ type }.${ Buffer.from( JSON.stringify( payload ) ).toString( 'base64url' ) }`;
	const signature = sign(
		null,
		Buffer.from( head ),
		createPrivateKey( privatePem )
	);
	return `${ head }.${ signature.toString( 'base64url' ) }`;
}

/**
 * Checks a token's form, type and signature and returns its payload. The reason never contains the token.
 * @param token
 * @param type
 * @param publicKey
 */
export function verifyToken(
	token: string,
	type: TokenType,
	publicKey: KeyObject
): TokenCheck {
	const text = token.trim();
	if ( text.length > MAX_TOKEN_CHARS ) {
		return { ok: false, reason: 'it is too long' };
	}
	const parts = text.split( '.' );
	if ( parts.length !== 3 || parts[ 0 ] !== type ) {
		return {
			ok: false,
			reason: `it is not a ${ type === LICENSE_TOKEN ? 'SyteOps Product License' : 'SyteOps package' }`,
		};
	}
	const [ , body, signature ] = parts;
	if (
		! /^[A-Za-z0-9_-]+$/.test( body ) ||
		! /^[A-Za-z0-9_-]+$/.test( signature )
	) {
		return { ok: false, reason: 'it is not well formed' };
	}
	let valid = false;
	try {
		valid = verify(
			null,
			Buffer.from( `${ type }.${ body }` ),
			publicKey,
			Buffer.from( signature, 'base64url' )
		);
	} catch {
		// A signature of the wrong length is simply not a valid one.
	}
	if ( ! valid ) {
		return {
			ok: false,
			reason: 'its signature is not from the SyteOps license authority',
		};
	}
	try {
		const payload = JSON.parse(
			Buffer.from( body, 'base64url' ).toString( 'utf8' )
		) as unknown;
		if (
			typeof payload !== 'object' ||
			payload === null ||
			Array.isArray( payload )
		) {
			return { ok: false, reason: 'its content is not an object' };
		}
		return { ok: true, payload: payload as Record< string, unknown > };
	} catch {
		return { ok: false, reason: 'its content is not valid JSON' };
	}
}
