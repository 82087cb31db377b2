/**
 * Product License validation (pure): a license signed by the authority for this site and not expired is
 * valid; missing, malformed, forged, expired and other-site licenses fail with their own code.
 */
import { generateKeyPairSync } from 'node:crypto';

import {
	LICENSE_TOKEN,
	PACKAGE_TOKEN,
	publicKeyBase64Of,
	publicKeyFromBase64,
	signToken,
} from '../../../../sidecar/src/license/signed-token';
import {
	checkLicense,
	siteIdentity,
} from '../../../../sidecar/src/license/verify-license';

function authority() {
	const { privateKey } = generateKeyPairSync( 'ed25519' );
	const pem = privateKey
		.export( { format: 'pem', type: 'pkcs8' } )
		.toString();
	const publicKey = publicKeyFromBase64( publicKeyBase64Of( pem ) );
	if ( ! publicKey ) {
		throw new Error( 'no public key' );
	}
	return { pem, publicKey };
}

const trusted = authority();
const now = new Date( '2026-11-23T12:00:00Z' );
const siteUrls = [ 'http://127.0.0.1:8081', 'http://127.0.0.1:8081' ];
const claims = {
	license_id: 'lic-1',
	licensed_site: 'http://127.0.0.1:8081',
	plan: 'agency',
	issued_at: '2026-01-01T00:00:00Z',
	expires_at: '2027-01-01T00:00:00Z',
};

function check( key: string | null ) {
	return checkLicense( { key, publicKey: trusted.publicKey, siteUrls, now } );
}

describe( 'checkLicense', () => {
	it( 'accepts a license signed by the authority for this site that has not expired, and returns its claims', () => {
		const result = check( signToken( LICENSE_TOKEN, claims, trusted.pem ) );
		expect( result ).toEqual( {
			ok: true,
			claims: { ...claims },
		} );
	} );

	it( 'accepts a license without expiry date', () => {
		const result = check(
			signToken(
				LICENSE_TOKEN,
				{ ...claims, expires_at: null },
				trusted.pem
			)
		);
		expect( result.ok ).toBe( true );
	} );

	it.each( [
		[ 'no key', null ],
		[ 'an empty key', '   ' ],
	] )( 'reports syteops_license_missing for %s', ( _name, key ) => {
		expect( check( key ) ).toMatchObject( {
			ok: false,
			code: 'syteops_license_missing',
		} );
	} );

	it( 'reports syteops_license_expired with the expiry date for a license past its expires_at', () => {
		const result = check(
			signToken(
				LICENSE_TOKEN,
				{ ...claims, expires_at: '2026-11-23T11:59:59Z' },
				trusted.pem
			)
		);
		expect( result ).toMatchObject( {
			ok: false,
			code: 'syteops_license_expired',
			details: { expires_at: '2026-11-23T11:59:59Z' },
		} );
	} );

	it( 'reports syteops_license_site_mismatch naming both URLs for a license issued to another site', () => {
		const result = check(
			signToken(
				LICENSE_TOKEN,
				{ ...claims, licensed_site: 'http://127.0.0.1:8080' },
				trusted.pem
			)
		);
		expect( result ).toMatchObject( {
			ok: false,
			code: 'syteops_license_site_mismatch',
			details: {
				licensed_site: 'http://127.0.0.1:8080',
				site_url: 'http://127.0.0.1:8081',
			},
		} );
	} );

	it( 'checks expiry before the site, so an expired license for another site says expired', () => {
		const result = check(
			signToken(
				LICENSE_TOKEN,
				{
					...claims,
					licensed_site: 'https://elsewhere.example',
					expires_at: '2020-01-01T00:00:00Z',
				},
				trusted.pem
			)
		);
		expect( result ).toMatchObject( { code: 'syteops_license_expired' } );
	} );

	it( 'reports syteops_license_invalid for a license signed by another key', () => {
		const forged = signToken( LICENSE_TOKEN, claims, authority().pem );
		expect( check( forged ) ).toMatchObject( {
			ok: false,
			code: 'syteops_license_invalid',
			details: {
				reason: 'its signature is not from the SyteOps license authority',
			},
		} );
	} );

	it( 'reports syteops_license_invalid when one character of the claims was changed after signing', () => {
		const token = signToken( LICENSE_TOKEN, claims, trusted.pem );
		const [ type, body, signature ] = token.split( '.' );
		const tampered = Buffer.from(
			Buffer.from( body, 'base64url' )
				.toString()
				.replace( 'agency', 'agencz' )
		).toString( 'base64url' );
		expect( check( [ type, tampered, signature ].join( '.' ) ).ok ).toBe(
			false
		);
		expect(
			check( [ type, tampered, signature ].join( '.' ) )
		).toMatchObject( { code: 'syteops_license_invalid' } );
	} );

	it.each( [
		[
			'a package token',
			() => signToken( PACKAGE_TOKEN, claims, trusted.pem ),
		],
		[ 'the seeder’s fake key', () => 'SYTE-SEEDFAKE-1A2B-3C4D-5E6F' ],
		[
			'a token with a truncated signature',
			() =>
				signToken( LICENSE_TOKEN, claims, trusted.pem ).slice( 0, -10 ),
		],
		[
			'claims without a licensed site',
			() =>
				signToken(
					LICENSE_TOKEN,
					{ ...claims, licensed_site: 'not a url' },
					trusted.pem
				),
		],
		[
			'claims with a bad expiry date',
			() =>
				signToken(
					LICENSE_TOKEN,
					{ ...claims, expires_at: 'soon' },
					trusted.pem
				),
		],
		[
			'claims without a plan',
			() =>
				signToken(
					LICENSE_TOKEN,
					{ ...claims, plan: '' },
					trusted.pem
				),
		],
	] )(
		'reports syteops_license_invalid for %s, never echoing the key',
		( _name, make ) => {
			const key = make();
			const result = check( key );
			expect( result ).toMatchObject( {
				ok: false,
				code: 'syteops_license_invalid',
			} );
			expect( JSON.stringify( result ) ).not.toContain( key );
		}
	);
} );

describe( 'siteIdentity', () => {
	it.each( [
		[ 'https://www.Example.com/', 'http://example.com' ],
		[ 'https://example.com:443/shop/', 'http://example.com/shop' ],
		[ 'http://127.0.0.1:8081', 'https://127.0.0.1:8081/' ],
	] )( 'treats %s and %s as the same site', ( a, b ) => {
		expect( siteIdentity( a ) ).toBe( siteIdentity( b ) );
	} );

	it.each( [
		[ 'http://127.0.0.1:8080', 'http://127.0.0.1:8081' ],
		[ 'https://example.com/shop', 'https://example.com' ],
		[ 'https://a.example.com', 'https://example.com' ],
	] )( 'tells %s and %s apart', ( a, b ) => {
		expect( siteIdentity( a ) ).not.toBe( siteIdentity( b ) );
	} );

	it( 'returns null for text that is not an http(s) URL', () => {
		expect( siteIdentity( 'ftp://example.com' ) ).toBeNull();
		expect( siteIdentity( 'example.com' ) ).toBeNull();
	} );
} );

describe( 'publicKeyFromBase64', () => {
	it( 'refuses text that is not a 32-byte key', () => {
		expect( publicKeyFromBase64( 'c2hvcnQ=' ) ).toBeNull();
		expect( publicKeyFromBase64( '' ) ).toBeNull();
	} );
} );
