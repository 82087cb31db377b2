/**
 * Hostile requests against the real stack: every syteops/v1 route as anonymous (401) and as a Subscriber,
 * a SyteOps Viewer and an Editor wherever the default map denies them (403); path-like snapshot ids on
 * the id routes as the administrator (404, never a file); unsigned, forged, stale, actor-tampered and
 * replayed requests straight to the sidecar port (401). No answer holds a secret of the stack or the site,
 * and afterwards no log line, audit entry or archive (raw or decompressed) holds one either.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { dbConnection } from '../support/site-fingerprint';
import { loadStackEnv } from '../support/stack';
import { WpRest } from '../support/wp-rest';
import { ROUTES } from '../../sidecar/src/http/routes';
import { HEADER, signedHeaders } from '../../sidecar/src/http/signing';
import { printSummary } from './support/backups';
import { send, type RawAnswer } from './support/http';
import {
	FAKE_ID,
	REST_ROUTES,
	roleMay,
	type RestRoute,
} from './support/rest-routes';

const stack = loadStackEnv();
const answers: RawAnswer[] = [];
let denied = 0;
const deniedBy: Record< string, number > = {};
let leaked: number | undefined;
let leakedAtRest: number | undefined;
let restSources = 0;

function deny( category: string ): void {
	denied++;
	deniedBy[ category ] = ( deniedBy[ category ] ?? 0 ) + 1;
}

async function record( answer: Promise< RawAnswer > ): Promise< RawAnswer > {
	const got = await answer;
	answers.push( got );
	return got;
}

/**
 * Calls a REST route as WordPress would receive it from a browser or script (no nonce).
 * @param route
 * @param auth
 */
function callRoute( route: RestRoute, auth?: string ): Promise< RawAnswer > {
	const bodyless = route.method === 'GET' || route.method === 'DELETE';
	const query = new URLSearchParams(
		Object.entries(
			bodyless || route.method === 'PUT' ? route.params : {}
		).map( ( [ k, v ] ) => [ k, String( v ) ] )
	).toString();
	return record(
		send(
			`${ stack.WP_URL }/wp-json${ route.path }${ query ? `?${ query }` : '' }`,
			route.method,
			{
				...( auth ? { authorization: auth } : {} ),
				'content-type': 'application/json',
			},
			bodyless ? undefined : JSON.stringify( route.params )
		)
	);
}

async function loginWithRole( role: string ): Promise< string > {
	const conn = await dbConnection( stack );
	try {
		const [ rows ] = await conn.query(
			`SELECT u.user_login FROM ${ stack.TABLE_PREFIX }users u JOIN ${ stack.TABLE_PREFIX }usermeta m ON m.user_id = u.ID AND m.meta_key = ? WHERE m.meta_value = ? ORDER BY u.ID LIMIT 1`,
			[
				`${ stack.TABLE_PREFIX }capabilities`,
				`a:1:{s:${ role.length }:"${ role }";b:1;}`,
			]
		);
		const found = ( rows as { user_login: string }[] )[ 0 ];
		if ( ! found ) {
			throw new Error( `the seeded site has no ${ role }` );
		}
		return found.user_login;
	} finally {
		await conn.end();
	}
}

/**
 * Every place a secret could come to rest: each stack log, the audit table, and each archive in both
 * storage directories raw and decompressed (Info-ZIP), by name.
 */
async function restingTexts(): Promise< Record< string, Buffer > > {
	const texts: Record< string, Buffer > = {};
	const logs = path.join( stack.STACK_DIR, 'logs' );
	for ( const name of await fs.readdir( logs ) ) {
		texts[ `log ${ name }` ] = await fs.readFile( path.join( logs, name ) );
	}
	const conn = await dbConnection( stack );
	try {
		const [ rows ] = await conn.query(
			`SELECT * FROM ${ stack.TABLE_PREFIX }syteops_audit`
		);
		texts[ 'audit table' ] = Buffer.from( JSON.stringify( rows ) );
	} finally {
		await conn.end();
	}
	for ( const dir of [ stack.STORAGE_DIR, stack.STORAGE2_DIR ] ) {
		for ( const name of await fs.readdir( dir ).catch( () => [] ) ) {
			if ( name.endsWith( '.zip' ) ) {
				const file = path.join( dir, name );
				texts[ `archive ${ name }` ] = await fs.readFile( file );
				texts[ `archive ${ name } decompressed` ] = execFileSync(
					'unzip',
					[ '-p', file ],
					{ maxBuffer: 1024 * 1024 * 1024 }
				);
			}
		}
	}
	return texts;
}

async function stackSecrets(): Promise< string[] > {
	return [
		stack.DB_PASSWORD,
		stack.DB_ROOT_PASSWORD,
		stack.SIDECAR_SECRET,
		stack.SIDECAR2_SECRET,
		stack.WP_ADMIN_PASSWORD,
		...( await siteSecrets() ),
	].filter( ( s ) => s && s.length >= 8 );
}

async function siteSecrets(): Promise< string[] > {
	const conn = await dbConnection( stack );
	try {
		const [ rows ] = await conn.query(
			`SELECT value FROM ${ stack.TABLE_PREFIX }syteops_secrets`
		);
		return ( rows as { value: string }[] ).map( ( r ) => r.value );
	} finally {
		await conn.end();
	}
}

const PATH_IDS = [
	'..%2F..%2Fwp-config.php',
	'../../wp-config.php',
	'..%252F..%252Fwp-config.php',
	'%2e%2e%2f%2e%2e%2fwp-config.php',
	'..\\..\\wp-config.php',
];
const ID_ROUTES: [ string, string, string? ][] = [
	[ 'GET', '/download' ],
	[ 'POST', '/restore', '{"confirm":true}' ],
	[ 'POST', '/verify' ],
	[ 'GET', '/preview' ],
	[ 'GET', '' ],
];

/**
 * Text only wp-config.php holds: a body with any of it leaked the file.
 * @param text
 */
function leaksConfig( text: string ): boolean {
	return /DB_PASSWORD|wp-settings\.php|SYTEOPS_BACKUP_SIDECAR_SECRET/.test(
		text
	);
}

describe( 'hostile requests', () => {
	afterAll( () => {
		printSummary(
			'hostile requests',
			`${ denied } requests denied (${ deniedBy.anonymous ?? 0 } anonymous, ${ deniedBy.role ?? 0 } Subscriber/Viewer/Editor, ${ deniedBy[ 'path-like id' ] ?? 0 } path-like ids such as ../../wp-config.php, ${ deniedBy.sidecar ?? 0 } unsigned/forged/stale/actor-tampered/replayed straight to the sidecar port; ${ answers.length } sent); secrets found in answers: ${
				leaked ?? 'not checked'
			}, in logs, audit entries and archives: ${
				leakedAtRest ?? 'not checked'
			} (${ restSources } sources)`
		);
	} );

	it( 'answers every route called anonymously with 401 rest_not_logged_in', async () => {
		for ( const route of REST_ROUTES ) {
			const answer = await callRoute( route );
			expect( [ route.name, answer.status ] ).toEqual( [
				route.name,
				401,
			] );
			expect( JSON.parse( answer.text ).code ).toBe(
				'rest_not_logged_in'
			);
			deny( 'anonymous' );
		}
	} );

	it.each( [ 'subscriber', 'syteops_viewer', 'editor' ] )(
		'answers every route the default map denies to the role %s with 403 syteops_forbidden',
		async ( role ) => {
			const login =
				role === 'editor'
					? stack.WP_EDITOR_USER
					: await loginWithRole( role );
			const client = WpRest.forUser( stack, login );
			const routes = REST_ROUTES.filter(
				( r ) => ! roleMay( role, r.action )
			);
			expect( routes.length ).toBeGreaterThan(
				role === 'editor' ? 10 : 20
			);
			for ( const route of routes ) {
				const answer = await callRoute( route, client.auth );
				expect( [ route.name, answer.status ] ).toEqual( [
					route.name,
					403,
				] );
				expect( JSON.parse( answer.text ).code ).toBe(
					'syteops_forbidden'
				);
				deny( 'role' );
			}
		}
	);

	it( 'answers path-like snapshot ids with 404 and never the file, through both URL forms', async () => {
		const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
		for ( const id of PATH_IDS ) {
			for ( const [ method, suffix, body ] of ID_ROUTES ) {
				const route = `/syteops/v1/backups/${ id }${ suffix }`;
				for ( const url of [
					`${ stack.WP_URL }/wp-json${ route }`,
					`${ stack.WP_URL }/?rest_route=${ route }`,
				] ) {
					const answer = await record(
						send(
							url,
							method,
							{
								authorization: admin.auth,
								'content-type': 'application/json',
							},
							body ?? '{}'
						)
					);
					expect( [ url, answer.status ] ).toEqual( [ url, 404 ] );
					expect( leaksConfig( answer.text ) ).toBe( false );
					deny( 'path-like id' );
				}
			}
		}
	} );

	it( 'answers unsigned, forged, stale, actor-tampered and replayed sidecar requests with 401', async () => {
		const capabilities: string[] = [];
		for ( const spec of ROUTES ) {
			const capability: string | null = spec.capability;
			if ( capability && capability !== 'job' ) {
				capabilities.push( capability );
			}
		}
		const admin = { user_id: 1, login: 'admin', capabilities };
		const nobody = { user_id: 99, login: 'nobody', capabilities: [] };
		const hourAgo = new Date( Date.now() - 3600_000 );
		for ( const spec of ROUTES ) {
			const target = spec.path.replace( ':id', FAKE_ID );
			const body = spec.method === 'GET' ? '' : '{}';
			const attempts: Record< string, string >[] = [
				{},
				signedHeaders(
					'forged-secret-of-the-attacker',
					spec.method,
					target,
					body,
					admin
				),
				signedHeaders(
					stack.SIDECAR_SECRET,
					spec.method,
					target,
					body,
					admin,
					hourAgo
				),
				{
					...signedHeaders(
						stack.SIDECAR_SECRET,
						spec.method,
						target,
						body,
						nobody
					),
					[ HEADER.actor ]: Buffer.from(
						JSON.stringify( admin )
					).toString( 'base64' ),
				},
			];
			if ( spec.method === 'GET' ) {
				const replayed = signedHeaders(
					stack.SIDECAR_SECRET,
					'GET',
					target,
					'',
					admin
				);
				// The first use is genuine and must get past the signature check.
				const first = await record(
					send( stack.SIDECAR_URL + target, 'GET', replayed )
				);
				expect( [ target, first.status ] ).not.toEqual( [
					target,
					401,
				] );
				attempts.push( replayed );
			}
			for ( const headers of attempts ) {
				const answer = await record(
					send(
						stack.SIDECAR_URL + target,
						spec.method,
						{ ...headers, 'content-type': 'application/json' },
						body
					)
				);
				expect( [ spec.method, target, answer.status ] ).toEqual( [
					spec.method,
					target,
					401,
				] );
				deny( 'sidecar' );
			}
		}
	} );

	it( 'puts no secret of the stack or the site in any answer', async () => {
		const secrets = await stackSecrets();
		expect( secrets.length ).toBeGreaterThanOrEqual( 8 );
		expect( answers.length ).toBeGreaterThan( 100 );
		leaked = secrets.filter( ( secret ) =>
			answers.some( ( a ) => a.text.includes( secret ) )
		).length;
		expect( leaked ).toBe( 0 );
	} );

	it( 'leaves no secret of the stack or the site in any log line, audit entry or archive', async () => {
		const secrets = await stackSecrets();
		const texts = await restingTexts();
		restSources = Object.keys( texts ).length;
		expect(
			Object.keys( texts ).some( ( k ) => k.startsWith( 'log sidecar' ) )
		).toBe( true );
		const found = Object.entries( texts ).flatMap( ( [ where, text ] ) =>
			secrets
				.map( ( secret, i ) =>
					text.includes( secret )
						? `secret #${ i } in ${ where }`
						: ''
				)
				.filter( Boolean )
		);
		leakedAtRest = found.length;
		expect( found ).toEqual( [] );
	} );
} );
