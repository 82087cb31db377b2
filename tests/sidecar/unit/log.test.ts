/**
 * Log redaction: secret-looking fields are replaced and known secret values are masked wherever they appear.
 */
import { createLogger, redact } from '../../../sidecar/src/log';

const DB_PASSWORD = 'db-pass-8c1f';
const SHARED_SECRET = 'shared-secret-5a9e0d';
const SECRETS = [ DB_PASSWORD, SHARED_SECRET ];

describe( 'redact', () => {
	it.each( [
		'password',
		'DB_PASSWORD',
		'pass',
		'secret',
		'sidecarSecret',
		'token',
		'access_token',
		'api_key',
		'apiKey',
		'api-key',
		'signing_key',
		'authorization',
		'Cookie',
		'license_key',
	] )( 'replaces the value of a field named %s', ( key ) => {
		expect(
			redact( { [ key ]: 'anything', keep: 'visible' }, [] )
		).toEqual( { [ key ]: '[redacted]', keep: 'visible' } );
	} );

	it( 'replaces secret-named fields whatever their value, objects included', () => {
		expect(
			redact(
				{ token: { value: 'x' }, secret: 12345, password: null },
				[]
			)
		).toEqual( {
			token: '[redacted]',
			secret: '[redacted]',
			password: '[redacted]',
		} );
	} );

	it( 'masks a known secret value inside a longer string', () => {
		expect(
			redact(
				`Access denied for user 'a' using password ${ DB_PASSWORD }`,
				SECRETS
			)
		).toBe( "Access denied for user 'a' using password [redacted]" );
	} );

	it( 'masks every occurrence of every known secret', () => {
		expect(
			redact(
				`${ SHARED_SECRET }/${ DB_PASSWORD }/${ SHARED_SECRET }`,
				SECRETS
			)
		).toBe( '[redacted]/[redacted]/[redacted]' );
	} );

	it( 'masks known secrets inside nested objects and arrays under innocent names', () => {
		const out = redact(
			{
				error: {
					cause: { detail: `dsn mysql://u:${ DB_PASSWORD }@db` },
				},
				lines: [ 'ok', `header ${ SHARED_SECRET }` ],
				count: 3,
				ok: true,
			},
			SECRETS
		);
		expect( out ).toEqual( {
			error: { cause: { detail: 'dsn mysql://u:[redacted]@db' } },
			lines: [ 'ok', 'header [redacted]' ],
			count: 3,
			ok: true,
		} );
	} );

	it( 'leaves no secret in a structure nested deeper than it walks', () => {
		let deep: Record< string, unknown > = {
			note: `the secret is ${ SHARED_SECRET }`,
			password: 'x',
		};
		for ( let i = 0; i < 20; i++ ) {
			deep = { level: deep };
		}
		const line = JSON.stringify( redact( deep, SECRETS ) );
		expect( line ).not.toContain( SHARED_SECRET );
		expect( line ).not.toContain( '"password":"x"' );
	} );

	it( 'does not mask secrets shorter than 6 characters (they would blank out ordinary words)', () => {
		expect( redact( 'root at localhost', [ 'root' ] ) ).toBe(
			'root at localhost'
		);
	} );

	it( 'leaves the input object unchanged', () => {
		const input = { password: 'p', msg: `x ${ DB_PASSWORD }` };
		redact( input, SECRETS );
		expect( input ).toEqual( { password: 'p', msg: `x ${ DB_PASSWORD }` } );
	} );
} );

describe( 'createLogger', () => {
	it( 'writes one JSON line per call with time, level, message and fields, redacted', () => {
		const lines: string[] = [];
		const logger = createLogger( ( line ) => lines.push( line ), SECRETS );
		logger.warn( `connect failed with ${ DB_PASSWORD }`, {
			db_password: DB_PASSWORD,
			reason: `denied (${ DB_PASSWORD })`,
		} );
		expect( lines ).toHaveLength( 1 );
		expect( lines[ 0 ].endsWith( '\n' ) ).toBe( true );
		expect( lines[ 0 ] ).not.toContain( DB_PASSWORD );
		const parsed = JSON.parse( lines[ 0 ] );
		expect( parsed ).toMatchObject( {
			level: 'warn',
			msg: 'connect failed with [redacted]',
			db_password: '[redacted]',
			reason: 'denied ([redacted])',
		} );
		expect( Number.isNaN( Date.parse( parsed.time ) ) ).toBe( false );
	} );
} );
