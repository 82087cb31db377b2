/**
 * Validation of a Product License for this site. Pure: the key text, the authority's public key, this site's
 * URLs and the time are given. The checks, in order: a key is saved (missing), it is a license signed by the
 * authority with a well-formed content (invalid), it has not expired (expired), and it names this site
 * (site mismatch). The outcome carries what the license says, never the key.
 */
import type { KeyObject } from 'node:crypto';

import { LICENSE_TOKEN, verifyToken } from './signed-token';

export interface LicenseClaims {
	license_id: string;
	licensed_site: string;
	plan: string;
	issued_at: string | null;
	/** Null: the license does not expire. */
	expires_at: string | null;
}

export type LicenseFailure =
	| 'syteops_license_missing'
	| 'syteops_license_invalid'
	| 'syteops_license_expired'
	| 'syteops_license_site_mismatch';

export type LicenseCheck =
	| { ok: true; claims: LicenseClaims }
	| {
			ok: false;
			code: LicenseFailure;
			details: Record< string, string >;
			claims: LicenseClaims | null;
	  };

export interface LicenseCheckInput {
	key: string | null;
	publicKey: KeyObject;
	/** This site's `siteurl` and `home`: a license for either belongs to it. */
	siteUrls: readonly string[];
	now: Date;
}

/**
 * How a site URL is compared: scheme, a leading `www.`, a default port, letter case of the host and a
 * trailing slash do not matter; the host, any other port and the path do. Null for text that is no URL.
 * @param url
 */
export function siteIdentity( url: string ): string | null {
	let parsed: URL;
	try {
		parsed = new URL( url.trim() );
	} catch {
		return null;
	}
	if ( ! /^https?:$/.test( parsed.protocol ) || ! parsed.hostname ) {
		return null;
	}
	const host = parsed.hostname.toLowerCase().replace( /^www\./, '' );
	const port =
		parsed.port && ! [ '80', '443' ].includes( parsed.port )
			? `:${ parsed.port }`
			: '';
	const pathPart = parsed.pathname.replace( /\/+$/, '' );
	return `${ host }${ port }${ pathPart }`;
}

function isTime( value: unknown ): value is string {
	return typeof value === 'string' && ! Number.isNaN( Date.parse( value ) );
}

/**
 * The claims of a license payload, or the reason they are not acceptable.
 * @param payload
 */
export function readClaims(
	payload: Record< string, unknown >
): LicenseClaims | string {
	const { license_id: id, licensed_site: site, plan } = payload;
	if ( typeof id !== 'string' || id.length === 0 || id.length > 100 ) {
		return 'it has no license id';
	}
	if ( typeof site !== 'string' || siteIdentity( site ) === null ) {
		return 'it names no licensed site';
	}
	if ( typeof plan !== 'string' || plan.length === 0 || plan.length > 50 ) {
		return 'it names no plan';
	}
	const expires = payload.expires_at ?? null;
	if ( expires !== null && ! isTime( expires ) ) {
		return 'its expiry date is not a date';
	}
	const issued = payload.issued_at ?? null;
	return {
		license_id: id,
		licensed_site: site,
		plan,
		issued_at: isTime( issued ) ? issued : null,
		expires_at: expires,
	};
}

export function checkLicense( input: LicenseCheckInput ): LicenseCheck {
	if ( input.key === null || input.key.trim() === '' ) {
		return {
			ok: false,
			code: 'syteops_license_missing',
			details: {},
			claims: null,
		};
	}
	const token = verifyToken( input.key, LICENSE_TOKEN, input.publicKey );
	if ( ! token.ok ) {
		return {
			ok: false,
			code: 'syteops_license_invalid',
			details: { reason: token.reason },
			claims: null,
		};
	}
	const claims = readClaims( token.payload );
	if ( typeof claims === 'string' ) {
		return {
			ok: false,
			code: 'syteops_license_invalid',
			details: { reason: claims },
			claims: null,
		};
	}
	if (
		claims.expires_at !== null &&
		Date.parse( claims.expires_at ) <= input.now.getTime()
	) {
		return {
			ok: false,
			code: 'syteops_license_expired',
			details: { expires_at: claims.expires_at },
			claims,
		};
	}
	const mine = input.siteUrls
		.map( siteIdentity )
		.filter( ( id ): id is string => id !== null );
	if ( ! mine.includes( siteIdentity( claims.licensed_site ) as string ) ) {
		return {
			ok: false,
			code: 'syteops_license_site_mismatch',
			details: {
				licensed_site: claims.licensed_site,
				site_url: input.siteUrls[ 0 ] ?? '',
			},
			claims,
		};
	}
	return { ok: true, claims };
}
