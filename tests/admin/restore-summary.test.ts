/**
 * The wizard's reading of a preview and of a finished restore: scope in words, diff totals, the URL rewrite
 * as "from → to", and the post-restore checklist (the server's when it sends one, otherwise derived).
 */
import {
	appliesAsImport,
	buildChecklist,
	displaySiteUrl,
	importOutcome,
	importPlanLines,
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

	it( 'follows the restore job’s checklist: license, each card with only the secrets missing here, pictures', () => {
		const items = buildChecklist( {
			checklist: {
				license_recheck: {
					required: true,
					reason: 'full_restore',
					route: '/syteops/v1/license/recheck',
				},
				integrations: [
					{
						card: 'stripe',
						enabled: true,
						secret_fields: [
							{
								name: 'integrations.stripe.secret_key',
								label: 'Stripe secret key',
								set_on_this_site: false,
							},
							{
								name: 'integrations.stripe.webhook_signing_key',
								label: 'Stripe webhook signing key',
								set_on_this_site: true,
							},
						],
					},
				],
				profile_pictures: {
					total: 7,
					truncated: false,
					items: [ 'ann', 'bob', 'cy', 'di', 'ed', 'fay', 'gus' ].map(
						( login, i ) => ( {
							user_id: 1001 + i,
							user_login: login,
							url: `https://a.test/wp-content/uploads/${ login }.png`,
						} )
					),
				},
				count: 9,
			},
			fullRestore: true,
			secretsExcluded: secrets,
		} );
		expect( items.map( ( item ) => item.id ) ).toEqual( [
			'license',
			'integration:stripe',
			'pictures',
		] );
		expect( items[ 1 ].detail ).toContain( 'Stripe secret key' );
		expect( items[ 1 ].detail ).not.toContain( 'webhook' );
		expect( items[ 2 ].title ).toBe( 'Re-upload 7 profile pictures' );
		expect( items[ 2 ].detail ).toContain(
			'ann, bob, cy, di, ed and 2 more'
		);
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
			'pictures',
		] );
		expect( items[ 3 ].title ).toContain( '27' );
		expect( items[ 3 ].detail ).not.toContain( 'Users:' );
	} );

	it( 'leaves out what the job says is not needed (same-site restore: no cards, no pictures)', () => {
		expect(
			buildChecklist( {
				checklist: {
					license_recheck: { required: true },
					integrations: [],
					profile_pictures: { total: 0, items: [] },
					count: 1,
				},
				fullRestore: true,
				secretsExcluded: secrets,
			} ).map( ( item ) => item.id )
		).toEqual( [ 'license' ] );
	} );

	it( 'without a job checklist after a full restore: license, each integration, media links', () => {
		expect(
			buildChecklist( {
				checklist: null,
				fullRestore: true,
				secretsExcluded: secrets,
			} ).map( ( item ) => item.id )
		).toEqual( [
			'license',
			'integration:stripe',
			'integration:slack',
			'media',
		] );
	} );

	it( 'after a single-user import: no license re-check, no integrations, the picture note', () => {
		expect(
			buildChecklist( {
				fullRestore: false,
				secretsExcluded: secrets,
				scope: { kind: 'user', user_login: 'jdoe' },
			} ).map( ( item ) => item.id )
		).toEqual( [ 'media' ] );
	} );

	it( 'after importing the integrations tab: its cards, nothing else', () => {
		expect(
			buildChecklist( {
				fullRestore: false,
				secretsExcluded: secrets,
				scope: { kind: 'tab', name: 'integrations' },
			} ).map( ( item ) => item.id )
		).toEqual( [ 'integration:stripe', 'integration:slack' ] );
	} );

	it( 'after importing a module: nothing to do', () => {
		expect(
			buildChecklist( {
				fullRestore: false,
				secretsExcluded: secrets,
				scope: { kind: 'module', name: 'notes' },
			} )
		).toEqual( [] );
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

describe( 'import plan and outcome', () => {
	it( 'says what a single-user import would do, leaving out the parts the export does not carry', () => {
		expect(
			importPlanLines( {
				options: { in_archive: 0, added: 0, changed: 0, unchanged: 0 },
				users: {
					in_archive: 1,
					matched_by_login: 0,
					matched_by_email: 0,
					created: 1,
					updated: 0,
					left_alone: 2,
				},
				modules: {
					notes: {
						in_archive: 9,
						added: 9,
						replaced: 0,
						left_alone: 0,
					},
				},
			} )
		).toEqual( [
			'Users: 1 in the export; 0 matched by login, 0 by email, 1 created. 2 other users here are left alone.',
			'notes: 9 rows added, 0 replaced, 0 of other users left alone.',
		] );
		expect( importPlanLines( null ) ).toEqual( [] );
	} );

	it( 'sums up what the import did', () => {
		expect(
			importOutcome( {
				options_written: 0,
				users_created: 1,
				users_updated: 0,
				module_rows: {
					notes: { inserted: 9, removed: 0 },
					estimates: { inserted: 6, removed: 0 },
				},
			} )
		).toBe(
			'Imported: 1 users created, 0 updated, 0 settings written; module rows: notes 9, estimates 6.'
		);
		expect( importOutcome( {} ) ).toContain( 'module rows: none.' );
	} );
} );
