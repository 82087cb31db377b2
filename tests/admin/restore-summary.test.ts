/**
 * The wizard's reading of a preview and of a finished restore: scope in words, diff totals, the URL rewrite
 * as "from → to", and the post-restore checklist (the server's when it sends one, otherwise derived).
 */
import {
	appliesAsImport,
	buildChecklist,
	displaySiteUrl,
	integrationsFromSecrets,
	isSessionLost,
	parseScopeString,
	rewriteLine,
	scopeLabel,
	summarizeDiff,
} from '../../plugin/admin-src/lib/restore-summary';

describe( 'scopeLabel', () => {
	it.each( [
		[ { kind: 'full' }, 'Full site' ],
		[ 'full', 'Full site' ],
		[ { kind: 'tab', name: 'general' }, 'Settings tab: general' ],
		[ 'tab:integrations', 'Settings tab: integrations' ],
		[ { kind: 'module', name: 'notes' }, 'Module: notes' ],
		[ { kind: 'user', name: '1003', user_login: 'jdoe' }, 'User: jdoe' ],
		[ 'user:1003', 'User: 1003' ],
	] )( 'names %p as %p', ( scope, label ) => {
		expect( scopeLabel( scope ) ).toBe( label );
	} );

	it( 'splits a catalog scope only at its first colon', () => {
		expect( parseScopeString( 'module:a:b' ) ).toEqual( {
			kind: 'module',
			name: 'a:b',
		} );
	} );
} );

describe( 'summarizeDiff', () => {
	it( 'counts replaced, changed and new tables, rows, users and media', () => {
		expect(
			summarizeDiff( {
				tables: [
					{ name: 'posts', rows_in_archive: 40, rows_now: 40 },
					{ name: 'options', rows_in_archive: 150, rows_now: 120 },
					{
						name: 'syteops_notes',
						rows_in_archive: 400,
						rows_now: null,
					},
				],
				media_files: { in_archive: 18, now: 0 },
				users: {
					in_archive: 42,
					now: 2,
					added: 40,
					changed: 1,
					removed: 0,
				},
			} )
		).toEqual( {
			tables: 3,
			tablesChanged: 1,
			tablesNew: 1,
			rowsInArchive: 590,
			rowsNow: 160,
			usersAdded: 40,
			usersChanged: 1,
			usersRemoved: 0,
			mediaInArchive: 18,
			mediaNow: 0,
		} );
	} );

	it( 'treats a preview without a users entry as no user changes', () => {
		const summary = summarizeDiff( {
			tables: [],
			media_files: { in_archive: 0, now: null },
			users: null,
		} );
		expect(
			summary.usersAdded + summary.usersChanged + summary.usersRemoved
		).toBe( 0 );
		expect( summary.mediaNow ).toBeNull();
	} );
} );

describe( 'rewriteLine', () => {
	it( 'shows source → destination without trailing slashes', () => {
		expect(
			rewriteLine( {
				from: 'http://127.0.0.1:8080/',
				to: 'http://127.0.0.1:8081',
			} )
		).toBe( 'http://127.0.0.1:8080 → http://127.0.0.1:8081' );
	} );

	it( 'keeps the scheme, so an http → https move is visible', () => {
		expect(
			rewriteLine( {
				from: 'http://example.com',
				to: 'https://example.com',
			} )
		).toBe( 'http://example.com → https://example.com' );
	} );

	it( 'is null when both sides are the same site or one is missing', () => {
		expect(
			rewriteLine( { from: 'https://a.test/', to: 'https://a.test' } )
		).toBeNull();
		expect( rewriteLine( { from: '', to: 'https://a.test' } ) ).toBeNull();
		expect( displaySiteUrl( ' https://a.test// ' ) ).toBe(
			'https://a.test'
		);
	} );
} );

describe( 'buildChecklist', () => {
	const secrets = [
		'integrations.stripe.secret_key',
		'integrations.stripe.webhook_signing_key',
		'integrations.slack.bot_token',
		'license.product_key',
	];

	it( 'names each integration whose secrets were left out once', () => {
		expect( integrationsFromSecrets( secrets ) ).toEqual( [
			'stripe',
			'slack',
		] );
	} );

	it( 'after a full restore without a server checklist: license, each integration, media links', () => {
		const items = buildChecklist( {
			checklist: null,
			fullRestore: true,
			secretsExcluded: secrets,
		} );
		expect( items.map( ( item ) => item.id ) ).toEqual( [
			'license',
			'integration:stripe',
			'integration:slack',
			'media',
		] );
	} );

	it( 'after a scoped import: no license re-check', () => {
		const items = buildChecklist( {
			fullRestore: false,
			secretsExcluded: [],
		} );
		expect( items ).toEqual( [] );
	} );

	it( 'reads the sidecar’s checklist shape: license_recheck, integration cards, profile_pictures', () => {
		const items = buildChecklist( {
			checklist: {
				license_recheck: {
					required: true,
					route: '/syteops/v1/license/recheck',
				},
				integrations: [ { card: 'stripe' }, { card: 'slack' } ],
				profile_pictures: { total: 27, items: [] },
			},
			fullRestore: true,
			secretsExcluded: [],
		} );
		expect( items.map( ( item ) => item.id ) ).toEqual( [
			'license',
			'integration:stripe',
			'integration:slack',
			'media',
		] );
		expect( items[ 3 ].title ).toContain( '27' );
	} );

	it( 'uses the server checklist when the job reports one', () => {
		const items = buildChecklist( {
			checklist: {
				license: { recheck_required: true, message: 'Recheck now.' },
				integrations: [ { name: 'mailchimp', label: 'Mailchimp' } ],
				media: { count: 3 },
			},
			fullRestore: true,
			secretsExcluded: secrets,
		} );
		expect( items.map( ( item ) => item.id ) ).toEqual( [
			'license',
			'integration:Mailchimp',
			'media',
		] );
		expect( items[ 0 ].detail ).toBe( 'Recheck now.' );
		expect( items[ 2 ].title ).toBe( 'Re-upload 3 media links' );
	} );

	it( 'passes a server list of ready-made items through as is', () => {
		expect(
			buildChecklist( {
				checklist: {
					items: [
						{
							id: 'x',
							title: 'Do X',
							detail: 'because',
							url: '/x',
						},
					],
				},
				fullRestore: true,
				secretsExcluded: secrets,
			} )
		).toEqual( [
			{ id: 'x', title: 'Do X', detail: 'because', url: '/x' },
		] );
	} );
} );

describe( 'appliesAsImport', () => {
	it( 'imports scoped exports, whether exported here or uploaded from another site', () => {
		expect(
			appliesAsImport( 'export', {
				type: 'export',
				scope: { kind: 'user', name: '5' },
			} )
		).toBe( true );
		expect(
			appliesAsImport( 'uploaded', {
				type: 'export',
				scope: { kind: 'module', name: 'notes' },
			} )
		).toBe( true );
		expect(
			appliesAsImport( 'uploaded', {
				type: 'full',
				scope: { kind: 'tab', name: 'general' },
			} )
		).toBe( true );
	} );

	it( 'restores full backups, uploaded or saved', () => {
		expect(
			appliesAsImport( 'uploaded', {
				type: 'full',
				scope: { kind: 'full' },
			} )
		).toBe( false );
		expect(
			appliesAsImport( 'manual', {
				type: 'full',
				scope: { kind: 'full' },
			} )
		).toBe( false );
		expect( appliesAsImport( 'manual', {} ) ).toBe( false );
	} );
} );

describe( 'isSessionLost', () => {
	it( 'recognises a login that a restore ended, and nothing else', () => {
		expect(
			isSessionLost( { code: 'rest_not_logged_in', status: 401 } )
		).toBe( true );
		expect(
			isSessionLost( { code: 'rest_cookie_invalid_nonce', status: 403 } )
		).toBe( true );
		expect(
			isSessionLost( { code: 'syteops_forbidden', status: 403 } )
		).toBe( false );
		expect( isSessionLost( { code: 'syteops_network', status: 0 } ) ).toBe(
			false
		);
	} );
} );
