import { execFileSync } from 'child_process';

import { parseSeedArgs } from '../../../../tools/seed/args';
import {
	generateBlacklistEntry,
	generateConnection,
} from '../../../../tools/seed/generate/licensing';
import {
	describeMedia,
	mediaBytes,
	mediaRows,
} from '../../../../tools/seed/generate/media';
import {
	generateEstimate,
	generateNote,
} from '../../../../tools/seed/generate/modules';
import { generatePost } from '../../../../tools/seed/generate/posts';
import {
	optionRows,
	secretRows,
} from '../../../../tools/seed/generate/settings';
import { generateUser } from '../../../../tools/seed/generate/users';
import { countsFor, type SeedContext } from '../../../../tools/seed/plan';
import {
	registrySecretNames,
	schemaStatements,
} from '../../../../tools/seed/project-files';

const counts = countsFor( 1 );
const context = ( seed: number ): SeedContext => ( {
	seed,
	scale: 1,
	siteUrl: 'http://site-a.test',
	uploadsUrl: 'http://site-a.test/wp-content/uploads',
	prefix: 'wp_',
} );

/**
 * Everything a seed run generates at scale 1, except file bytes.
 * @param seed
 */
function everything( seed: number ) {
	const ctx = context( seed );
	const secrets = registrySecretNames();
	return {
		users: Array.from( { length: counts.users }, ( _, i ) =>
			generateUser( ctx, counts, i )
		),
		notes: Array.from( { length: counts.notes }, ( _, i ) =>
			generateNote( ctx, counts, i )
		),
		estimates: Array.from( { length: counts.estimates }, ( _, i ) =>
			generateEstimate( ctx, counts, i )
		),
		connections: Array.from( { length: counts.connections }, ( _, i ) =>
			generateConnection( ctx, counts, i )
		),
		blacklist: Array.from( { length: counts.blacklist }, ( _, i ) =>
			generateBlacklistEntry( ctx, counts, i )
		),
		posts: Array.from( { length: counts.posts }, ( _, i ) =>
			generatePost( ctx, counts, 'post', i )
		),
		media: Array.from( { length: counts.media }, ( _, i ) =>
			describeMedia( ctx, counts, i )
		),
		options: optionRows( ctx, secrets ),
		secrets: secretRows( ctx, secrets ),
	};
}

/**
 * Runs PHP's unserialize() on each value; returns the indexes PHP rejected.
 * @param values
 */
function phpRejects( values: string[] ): number[] {
	const script =
		'$bad = array(); foreach ( json_decode( stream_get_contents( STDIN ), true ) as $i => $v ) {' +
		' if ( false === unserialize( $v, array( "allowed_classes" => false ) ) && "b:0;" !== $v ) { $bad[] = $i; } }' +
		' echo json_encode( $bad );';
	const out = execFileSync( 'php', [ '-r', script ], {
		input: JSON.stringify( values ),
	} );
	return JSON.parse( out.toString() ) as number[];
}

function looksSerialized( value: unknown ): value is string {
	return typeof value === 'string' && /^(a|s|i|b|d|N):/.test( value );
}

describe( 'seed generation', () => {
	it( 'produces identical data for the same seed', () => {
		expect( everything( 42 ) ).toEqual( everything( 42 ) );
	} );

	it( 'produces different data for a different seed', () => {
		const a = everything( 42 );
		const b = everything( 43 );
		expect( b.users ).not.toEqual( a.users );
		expect( b.notes ).not.toEqual( a.notes );
		expect( b.secrets ).not.toEqual( a.secrets );
	} );

	it( 'writes serialized meta and option values that PHP unserializes', () => {
		const data = everything( 7 );
		const media = data.media.map( ( item ) =>
			mediaRows( context( 7 ), item, 1234, 1001 )
		);
		const values = [
			...data.users.flatMap( ( user ) =>
				user.meta.map( ( row ) => row.meta_value )
			),
			...data.posts.flatMap( ( post ) =>
				post.meta.map( ( row ) => row.meta_value )
			),
			...media.flatMap( ( item ) =>
				item.meta.map( ( row ) => row.meta_value )
			),
			...data.options.map( ( row ) => row.option_value ),
		].filter( looksSerialized );
		expect( values.length ).toBeGreaterThan( 150 );
		expect( phpRejects( values ) ).toEqual( [] );
	} );

	it( 'puts the site URL inside serialized arrays and inside JSON with escaped slashes', () => {
		const options = everything( 1 )
			.options.map( ( row ) => String( row.option_value ) )
			.join( '\n' );
		const webhook = 'http://site-a.test/wp-json/syteops/v1/webhooks/stripe';
		expect( options ).toContain( `s:${ webhook.length }:"${ webhook }"` );
		expect( options ).toContain(
			'http:\\/\\/site-a.test\\/syteops\\/dashboard\\/'
		);
	} );

	it( 'points some profile pictures at the uploads and some at an external host', () => {
		const urls = everything( 5 ).users.map(
			( user ) =>
				user.meta.find(
					( row ) => row.meta_key === 'syteops_profile_picture_url'
				)?.meta_value
		);
		expect(
			urls.filter( ( url ) =>
				String( url ).startsWith(
					'http://site-a.test/wp-content/uploads/'
				)
			).length
		).toBeGreaterThan( 10 );
		expect(
			urls.filter( ( url ) =>
				String( url ).startsWith( 'https://avatars.example-cdn.com/' )
			).length
		).toBeGreaterThan( 5 );
	} );

	it( 'never generates the stack accounts admin or editor', () => {
		const logins = everything( 9 ).users.map(
			( user ) => user.user.user_login
		);
		expect( logins ).not.toContain( 'admin' );
		expect( logins ).not.toContain( 'editor' );
		expect( new Set( logins ).size ).toBe( logins.length );
	} );

	it( 'gives every registry secret a recognisably fake value', () => {
		const secrets = everything( 3 ).secrets;
		expect( secrets.map( ( row ) => row.name ) ).toEqual(
			registrySecretNames()
		);
		for ( const row of secrets ) {
			expect( String( row.value ) ).toMatch( /SEEDFAKE|seedfake_/ );
		}
	} );

	it( 'keeps unique-key values unique (connection keys, blacklist kind+value)', () => {
		const many = countsFor( 20 );
		const ctx = context( 11 );
		const keys = Array.from(
			{ length: many.connections },
			( _, i ) => generateConnection( ctx, many, i ).connection_key
		);
		const bans = Array.from( { length: many.blacklist }, ( _, i ) => {
			const row = generateBlacklistEntry( ctx, many, i );
			return `${ row.kind }:${ row.value }`;
		} );
		expect( new Set( keys ).size ).toBe( keys.length );
		expect( new Set( bans ).size ).toBe( bans.length );
	} );

	it( 'keeps estimate totals consistent with their JSON line items', () => {
		for ( const estimate of everything( 4 ).estimates ) {
			const items = JSON.parse(
				String( estimate.line_items )
			) as Array< { quantity: number; unit_price_cents: number } >;
			const subtotal = items.reduce(
				( sum, item ) => sum + item.quantity * item.unit_price_cents,
				0
			);
			expect( estimate.subtotal_cents ).toBe( subtotal );
			expect( estimate.total_cents ).toBe(
				subtotal + Number( estimate.tax_cents )
			);
		}
	} );

	it( 'generates media files that PHP recognises as the declared image type and size', () => {
		const ctx = context( 42 );
		const images = everything( 42 )
			.media.filter( ( item ) => item.kind !== 'text' )
			.slice( 0, 4 );
		const script =
			'foreach ( json_decode( stream_get_contents( STDIN ), true ) as $b64 ) { $s = getimagesizefromstring( base64_decode( $b64 ) ); echo $s ? $s[0] . "x" . $s[1] . " " . $s["mime"] : "invalid", "\\n"; }';
		const input = JSON.stringify(
			images.map( ( item ) =>
				mediaBytes( ctx, item ).toString( 'base64' )
			)
		);
		const lines = execFileSync( 'php', [ '-r', script ], { input } )
			.toString()
			.trim()
			.split( '\n' );
		expect( lines ).toEqual(
			images.map(
				( item ) =>
					`${ item.width }x${ item.height } image/${ item.kind }`
			)
		);
	} );

	it( 'renders schema.sql as idempotent CREATE TABLE statements with the prefix', () => {
		const statements = schemaStatements( 'bench_' );
		expect( statements.get( 'syteops_notes' ) ).toMatch(
			/^CREATE TABLE IF NOT EXISTS bench_syteops_notes \(/
		);
		expect( [ ...statements.keys() ] ).toEqual(
			expect.arrayContaining( [
				'syteops_backups',
				'syteops_jobs',
				'syteops_audit',
				'syteops_secrets',
			] )
		);
	} );
} );

describe( 'seed arguments', () => {
	it( 'takes defaults from the environment and lets flags override them', () => {
		const options = parseSeedArgs(
			[ '--seed', '7', '--site-url', 'http://b.test/' ],
			{
				DB_USER: 'u',
				DB_NAME: 'n',
				DB_PORT: '3391',
				WP_URL: 'http://a.test',
				WP_DIR: '/srv/wp',
			}
		);
		expect( options ).toMatchObject( {
			seed: 7,
			scale: 1,
			dbPort: 3391,
			siteUrl: 'http://b.test',
			uploadsDir: '/srv/wp/wp-content/uploads',
			uploadsUrl: 'http://b.test/wp-content/uploads',
			prefix: 'wp_',
		} );
	} );

	it( 'rejects a missing database name, an unsafe prefix and a zero scale', () => {
		const base = [
			'--db-user',
			'u',
			'--site-url',
			'http://a.test',
			'--uploads-dir',
			'/tmp/u',
		];
		expect( () => parseSeedArgs( base, {} ) ).toThrow( /--db-name/ );
		expect( () =>
			parseSeedArgs(
				[ ...base, '--db-name', 'n', '--prefix', 'wp;drop' ],
				{}
			)
		).toThrow( /prefix/ );
		expect( () =>
			parseSeedArgs( [ ...base, '--db-name', 'n', '--scale', '0' ], {} )
		).toThrow( /scale/ );
	} );
} );
