/**
 * What each export scope selects (pure): a tab only its options, a user only their rows, a module its table and
 * its owners' identity, master everything SyteOps but never an internal option or a credential meta key.
 */
import { exportSelections } from '../../../../sidecar/src/engine/scoped/export-plan';
import {
	checkScopeName,
	catalogScope,
} from '../../../../sidecar/src/engine/scoped/scope';
import {
	allowedOptions,
	importParts,
} from '../../../../sidecar/src/engine/scoped/import-parts';
import registry from '../../../../plugin/data-model.json';

describe( 'exportSelections', () => {
	it( 'selects a tab’s options by name, from the registry', () => {
		expect(
			exportSelections( registry, { kind: 'tab', name: 'users' }, 'wp_' )
		).toEqual( [
			{
				suffix: 'options',
				filters: [
					{
						column: 'option_name',
						in: [ 'syteops_users', 'syteops_roles' ],
					},
				],
			},
		] );
	} );

	it( 'selects one user’s row, meta without credentials, and their rows of every module', () => {
		const selections = exportSelections(
			registry,
			{ kind: 'user', userId: 1005, userLogin: 'x' },
			'wp_'
		);
		expect( selections.map( ( s ) => s.suffix ) ).toEqual( [
			'users',
			'usermeta',
			'syteops_notes',
			'syteops_estimates',
		] );
		expect( selections[ 1 ].filters ).toEqual( [
			{ column: 'user_id', in: [ 1005 ] },
			{
				column: 'meta_key',
				notIn: [ 'session_tokens', '_application_passwords' ],
			},
		] );
		expect( selections[ 2 ].filters ).toEqual( [
			{ column: 'owner_user_id', in: [ 1005 ] },
		] );
	} );

	it( 'selects a module table whole and only the identity columns of its owners', () => {
		const [ users, notes ] = exportSelections(
			registry,
			{ kind: 'module', name: 'notes' },
			'wp_'
		);
		expect( users ).toMatchObject( {
			suffix: 'users',
			columns: [ 'ID', 'user_login', 'user_email', 'display_name' ],
			ownersOf: [
				{
					table: 'syteops_notes',
					column: 'owner_user_id',
					idColumn: 'ID',
				},
			],
		} );
		expect( notes ).toEqual( { suffix: 'syteops_notes', filters: [] } );
	} );

	it( 'selects for master every tab, the variable sets and the prefixed roles option, never an internal option', () => {
		const [ options ] = exportSelections(
			registry,
			{ kind: 'master' },
			'wpb_'
		);
		const names = options.filters[ 0 ].in as string[];
		expect( names ).toEqual(
			expect.arrayContaining( [
				'syteops_general',
				'syteops_variable_sets',
				'wpb_user_roles',
			] )
		);
		for ( const internal of registry.internal.options ) {
			expect( names ).not.toContain( internal );
		}
	} );
} );

describe( 'scope names', () => {
	it( 'knows the registry’s tabs and modules plus the variable sets tab, and refuses others by name', () => {
		expect( () =>
			checkScopeName( registry, 'tab', 'variable_sets' )
		).not.toThrow();
		expect( () =>
			checkScopeName( registry, 'module', 'estimates' )
		).not.toThrow();
		expect( () => checkScopeName( registry, 'tab', 'notes' ) ).toThrow(
			/has no tab named notes/
		);
	} );

	it( 'names catalog scopes master, tab:<name>, module:<name>, user:<id>', () => {
		expect( catalogScope( { kind: 'master' } ) ).toBe( 'master' );
		expect( catalogScope( { kind: 'tab', name: 'general' } ) ).toBe(
			'tab:general'
		);
		expect(
			catalogScope( { kind: 'user', userId: 12, userLogin: 'x' } )
		).toBe( 'user:12' );
	} );
} );

describe( 'what an import may touch', () => {
	it( 'lets a tab export write only that tab’s options, and master the prefixed roles option of the target', () => {
		expect( [
			...allowedOptions(
				registry,
				{ kind: 'tab', name: 'general' },
				'wpb_'
			),
		] ).toEqual( [ 'syteops_general' ] );
		expect(
			allowedOptions( registry, { kind: 'master' }, 'wpb_' ).has(
				'wpb_user_roles'
			)
		).toBe( true );
		expect(
			allowedOptions( registry, { kind: 'master' }, 'wpb_' ).has(
				'siteurl'
			)
		).toBe( false );
		expect(
			allowedOptions(
				registry,
				{ kind: 'user', user_login: 'x' },
				'wpb_'
			).size
		).toBe( 0 );
	} );

	it( 'never lets an import write an internal option, even one a filtered registry lists in a tab', () => {
		const widened = {
			...registry,
			tabs: {
				...registry.tabs,
				general: {
					label: 'General',
					options: [
						'syteops_general',
						'syteops_license',
						'syteops_backup_settings',
					],
				},
			},
		};
		expect( [
			...allowedOptions(
				widened,
				{ kind: 'tab', name: 'general' },
				'wp_'
			),
		] ).toEqual( [ 'syteops_general' ] );
		expect(
			allowedOptions( widened, { kind: 'master' }, 'wp_' ).has(
				'syteops_license'
			)
		).toBe( false );
	} );

	it( 'refuses an archive table that is neither users, a registered module nor licensing', () => {
		expect( () => importParts( registry, [ 'options', 'posts' ] ) ).toThrow(
			/no table posts/
		);
		expect(
			importParts( registry, [
				'users',
				'syteops_notes',
				'syteops_license_blacklist',
			] )
		).toMatchObject( {
			users: true,
			modules: [
				{
					name: 'notes',
					table: 'syteops_notes',
					idColumn: 'id',
					ownerColumn: 'owner_user_id',
				},
			],
			licensing: [ 'syteops_license_blacklist' ],
		} );
	} );
} );
