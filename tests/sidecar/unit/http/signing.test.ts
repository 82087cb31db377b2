/**
 * The signed-request scheme shared by the PHP host shim and the sidecar (docs/rest-api.md, "Sidecar protocol").
 */
import { createHash, createHmac } from 'node:crypto';

import {
	EMPTY_BODY_SHA256,
	HEADER,
	canonicalString,
	parseActor,
	sign,
	signatureMatches,
	signedHeaders,
	type SignatureInput,
} from '../../../../sidecar/src/http/signing';

const SECRET = 'a-shared-secret-of-some-length';

const base: SignatureInput = {
	method: 'post',
	pathAndQuery: '/v1/backups/0123456789abcdef0123456789abcdef/pin?x=1',
	timestamp: '1767225600',
	requestId: 'ffeeddccbbaa99887766554433221100',
	bodySha256: createHash( 'sha256' )
		.update( '{"label":"a"}' )
		.digest( 'hex' ),
	actor: Buffer.from(
		JSON.stringify( { user_id: 1, login: 'admin', capabilities: [] } )
	).toString( 'base64' ),
};

function encodeActor( value: unknown ): string {
	return Buffer.from( JSON.stringify( value ) ).toString( 'base64' );
}

describe( 'canonical string', () => {
	it( 'joins upper-cased method, path with query, timestamp, request id, body digest and actor with newlines', () => {
		expect( canonicalString( base ).split( '\n' ) ).toEqual( [
			'POST',
			base.pathAndQuery,
			base.timestamp,
			base.requestId,
			base.bodySha256,
			base.actor,
		] );
	} );

	it( 'is what the signature is an HMAC-SHA256 of, in lowercase hex (the PHP client computes the same)', () => {
		const independent = createHmac( 'sha256', SECRET )
			.update(
				[
					'POST',
					base.pathAndQuery,
					base.timestamp,
					base.requestId,
					base.bodySha256,
					base.actor,
				].join( '\n' )
			)
			.digest( 'hex' );
		expect( sign( SECRET, base ) ).toBe( independent );
		expect( sign( SECRET, base ) ).toMatch( /^[0-9a-f]{64}$/ );
	} );

	it( 'uses the digest of the empty string for a request without a body', () => {
		expect( EMPTY_BODY_SHA256 ).toBe(
			createHash( 'sha256' ).update( '' ).digest( 'hex' )
		);
	} );
} );

describe( 'signatureMatches', () => {
	const good = sign( SECRET, base );

	it( 'accepts the signature of the same input and secret', () => {
		expect( signatureMatches( SECRET, base, good ) ).toBe( true );
	} );

	it.each( [
		[ 'method', { method: 'DELETE' } ],
		[ 'path', { pathAndQuery: '/v1/backups' } ],
		[ 'query string', { pathAndQuery: base.pathAndQuery + '&y=2' } ],
		[ 'timestamp', { timestamp: '1767225601' } ],
		[ 'request id', { requestId: '00112233445566778899aabbccddeeff' } ],
		[ 'body digest', { bodySha256: EMPTY_BODY_SHA256 } ],
		[
			'actor',
			{
				actor: encodeActor( {
					user_id: 1,
					login: 'admin',
					capabilities: [ 'syteops_admin' ],
				} ),
			},
		],
	] )( 'rejects it once the %s changes', ( _field, change ) => {
		expect( signatureMatches( SECRET, { ...base, ...change }, good ) ).toBe(
			false
		);
	} );

	it( 'rejects a signature made with another secret', () => {
		expect(
			signatureMatches(
				SECRET,
				base,
				sign( 'another-secret-of-length', base )
			)
		).toBe( false );
	} );

	it.each( [
		[ 'empty', '' ],
		[ 'too short', good.slice( 0, 63 ) ],
		[ 'too long', good + '0' ],
		[ 'upper-case hex', good.toUpperCase() ],
		[ 'not hex', 'z'.repeat( 64 ) ],
		[
			'base64 of the right bytes',
			Buffer.from( good, 'hex' ).toString( 'base64' ),
		],
		[ 'with a trailing newline', good + '\n' ],
	] )(
		'returns false without throwing for a malformed signature (%s)',
		( _name, presented ) => {
			expect( () =>
				signatureMatches( SECRET, base, presented )
			).not.toThrow();
			expect( signatureMatches( SECRET, base, presented ) ).toBe( false );
		}
	);
} );

describe( 'signedHeaders', () => {
	const now = new Date( '2026-01-01T00:00:00.900Z' );
	const actor = {
		user_id: 7,
		login: 'editor',
		capabilities: [ 'syteops_backup_list' ],
	};
	const headers = signedHeaders(
		SECRET,
		'put',
		'/v1/uploads/x?offset=0',
		'chunk',
		actor,
		now
	);

	it( 'produces headers the sidecar accepts for the same request', () => {
		const input: SignatureInput = {
			method: 'PUT',
			pathAndQuery: '/v1/uploads/x?offset=0',
			timestamp: headers[ HEADER.timestamp ],
			requestId: headers[ HEADER.requestId ],
			bodySha256: headers[ HEADER.contentSha256 ],
			actor: headers[ HEADER.actor ],
		};
		expect(
			signatureMatches( SECRET, input, headers[ HEADER.signature ] )
		).toBe( true );
	} );

	it( 'uses whole seconds, a 32-hex request id, the body digest and a base64 JSON actor', () => {
		expect( headers[ HEADER.timestamp ] ).toBe( '1767225600' );
		expect( headers[ HEADER.requestId ] ).toMatch( /^[0-9a-f]{32}$/ );
		expect( headers[ HEADER.contentSha256 ] ).toBe(
			createHash( 'sha256' ).update( 'chunk' ).digest( 'hex' )
		);
		expect( parseActor( headers[ HEADER.actor ] ) ).toEqual( actor );
	} );

	it( 'draws a fresh request id for every request', () => {
		const again = signedHeaders(
			SECRET,
			'put',
			'/v1/uploads/x?offset=0',
			'chunk',
			actor,
			now
		);
		expect( again[ HEADER.requestId ] ).not.toBe(
			headers[ HEADER.requestId ]
		);
	} );
} );

describe( 'parseActor', () => {
	it( 'reads the user id, login and capabilities the host shim vouches for', () => {
		expect(
			parseActor(
				encodeActor( {
					user_id: 3,
					login: 'viewer',
					capabilities: [ 'syteops_backup_list' ],
				} )
			)
		).toEqual( {
			user_id: 3,
			login: 'viewer',
			capabilities: [ 'syteops_backup_list' ],
		} );
	} );

	it( 'drops capabilities that are not strings', () => {
		expect(
			parseActor(
				encodeActor( {
					user_id: 3,
					login: 'viewer',
					capabilities: [ 'syteops_backup_list', 5, null, {} ],
				} )
			)?.capabilities
		).toEqual( [ 'syteops_backup_list' ] );
	} );

	it.each( [
		[ 'an empty header', '' ],
		[ 'text that is not base64 JSON', 'not base64 json!' ],
		[ 'JSON null', encodeActor( null ) ],
		[ 'a JSON string', encodeActor( 'admin' ) ],
		[ 'a JSON array', encodeActor( [ 1, 'admin', [] ] ) ],
		[
			'a missing user id',
			encodeActor( { login: 'a', capabilities: [] } ),
		],
		[
			'a user id given as text',
			encodeActor( { user_id: '1', login: 'a', capabilities: [] } ),
		],
		[
			'a fractional user id',
			encodeActor( { user_id: 1.5, login: 'a', capabilities: [] } ),
		],
		[
			'a negative user id',
			encodeActor( { user_id: -1, login: 'a', capabilities: [] } ),
		],
		[ 'a missing login', encodeActor( { user_id: 1, capabilities: [] } ) ],
		[
			'capabilities that are not a list',
			encodeActor( {
				user_id: 1,
				login: 'a',
				capabilities: 'syteops_admin',
			} ),
		],
	] )( 'rejects %s', ( _name, header ) => {
		expect( parseActor( header ) ).toBeNull();
	} );
} );
