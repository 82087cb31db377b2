/**
 * Scoped imports across the test stack's two real WordPress sites: each scope exported from site A (prefix
 * `wp_`) is carried to site B (prefix `wpb_`, another URL) through both PHP shims and imported there. Each test
 * checks the remapped ids against B's own rows and proves every row of B outside the scope byte for byte
 * unchanged (neighbours() before and after). Tests read B's state as they find it, so they pass in any order
 * and after any other test's imports.
 */
import { loadStackEnv } from '../../../support/stack';
import { WpRest } from '../../../support/wp-rest';
import {
	api,
	carry,
	exportScope,
	importOn,
	neighbours,
	rows,
	withDb,
} from './support';

const stack = loadStackEnv();
const adminA = WpRest.forUser( stack, stack.WP_ADMIN_USER, 'a' );
const adminB = WpRest.forUser( stack, stack.WP_ADMIN_USER, 'b' );
const A = stack.TABLE_PREFIX;
const B = stack.TABLE2_PREFIX;

async function optionOn(
	site: 'a' | 'b',
	name: string
): Promise< string | null > {
	return withDb( stack, site, async ( conn, p ) => {
		const [ row ] = await rows< { option_value: string } >(
			conn,
			`SELECT option_value FROM ${ p }options WHERE option_name = ?`,
			[ name ]
		);
		return row?.option_value ?? null;
	} );
}

async function userOnB( login: string ): Promise< number[] > {
	return withDb( stack, 'b', async ( conn, p ) =>
		(
			await rows< { ID: number } >(
				conn,
				`SELECT ID FROM ${ p }users WHERE user_login = ?`,
				[ login ]
			)
		).map( ( r ) => Number( r.ID ) )
	);
}

/**
 * A seeded user of A that owns notes and estimates, picked by an offset so tests use different people.
 * @param offset
 */
async function seededUser( offset: number ) {
	return withDb( stack, 'a', async ( conn, p ) => {
		const [ user ] = await rows< {
			ID: number;
			user_login: string;
			user_email: string;
		} >(
			conn,
			`SELECT u.ID, u.user_login, u.user_email FROM ${ p }users u WHERE EXISTS (SELECT 1 FROM ${ p }syteops_notes n WHERE n.owner_user_id = u.ID) ORDER BY u.ID LIMIT 1 OFFSET ${ offset }`
		);
		const notes = await rows< { title: string } >(
			conn,
			`SELECT title FROM ${ p }syteops_notes WHERE owner_user_id = ? ORDER BY title`,
			[ user.ID ]
		);
		const caps = await rows< { meta_value: string } >(
			conn,
			`SELECT meta_value FROM ${ p }usermeta WHERE user_id = ? AND meta_key = ?`,
			[ user.ID, `${ p }capabilities` ]
		);
		return {
			id: Number( user.ID ),
			login: user.user_login,
			email: user.user_email,
			notes: notes.map( ( n ) => n.title ),
			capabilities: caps[ 0 ].meta_value,
		};
	} );
}

const hostA = new URL( stack.WP_URL ).host;

describe( 'scoped imports from site A into site B', () => {
	it.each( [
		[ 'general', [ 'syteops_general' ] ],
		[ 'users', [ 'syteops_users', 'syteops_roles' ] ],
		[ 'integrations', [ 'syteops_integrations' ] ],
		[ 'system_api', [ 'syteops_system_api' ] ],
		[ 'variable_sets', [ 'syteops_variable_sets' ] ],
	] )(
		'a tab import (%s) writes A’s options with URLs rewritten to B and leaves every other option, user and table of B byte for byte',
		async ( tab, options ) => {
			const { snapshotId } = await exportScope( adminA, {
				scope: 'tab',
				name: tab,
			} );
			const backupId = await carry( adminA, adminB, snapshotId );
			const preview = await adminB.request< {
				cross_site: boolean;
				import: { options: { in_archive: number; skipped: string[] } };
			} >( 'GET', `${ api }/backups/${ backupId }/preview` );
			expect( preview.status ).toBe( 200 );
			expect( preview.body.cross_site ).toBe( true );
			expect( preview.body.import.options ).toMatchObject( {
				in_archive: options.length,
				skipped: [],
			} );
			const before = await neighbours( stack, { options } );
			const job = await importOn( adminB, backupId );
			expect( job.error ).toBeNull();
			expect( await neighbours( stack, { options } ) ).toEqual( before );
			const hostB = new URL( stack.WP2_URL ).host;
			// The stack's two hosts differ only in the port's last digit, so a serialized value rewritten from A
			// to B keeps its lengths and must equal A's with the host swapped, byte for byte.
			expect( hostB.length ).toBe( hostA.length );
			for ( const name of options ) {
				const onA = ( await optionOn( 'a', name ) ) as string;
				const onB = ( await optionOn( 'b', name ) ) as string;
				expect( onB.split( hostB ).join( hostA ) ).toBe( onA );
				expect( onB.includes( hostA ) ).toBe( false );
			}
		}
	);

	it( 'a user import maps the card to B: prefixed meta keys renamed, notes with fresh ids owned by B’s user; a second import updates in place', async () => {
		const user = await seededUser( 3 );
		const { snapshotId } = await exportScope( adminA, {
			scope: 'user',
			user_id: user.id,
		} );
		const backupId = await carry( adminA, adminB, snapshotId );
		const existing = await userOnB( user.login );
		const before = await neighbours( stack, {
			userIds: existing,
			owned: {
				syteops_notes: { column: 'owner_user_id', owners: existing },
				syteops_estimates: {
					column: 'owner_user_id',
					owners: existing,
				},
			},
		} );
		const maxNote = await withDb( stack, 'b', async ( conn, p ) =>
			Number(
				(
					await rows< { m: number } >(
						conn,
						`SELECT COALESCE(MAX(id), 0) AS m FROM ${ p }syteops_notes`
					)
				)[ 0 ].m
			)
		);

		const first = await importOn( adminB, backupId );
		expect( first.error ).toBeNull();
		const ids = await userOnB( user.login );
		expect( ids ).toHaveLength( 1 );
		const [ targetId ] = ids;
		const applied = (
			first.result as {
				applied: {
					users: {
						login: string;
						source_id: number;
						target_id: number;
						how: string;
					}[];
				};
			}
		 ).applied;
		expect( applied.users ).toEqual( [
			{
				login: user.login,
				source_id: user.id,
				target_id: targetId,
				how: existing.length ? 'login' : 'create',
			},
		] );
		const onB = await withDb( stack, 'b', async ( conn, p ) => ( {
			notes: await rows< { id: number; title: string } >(
				conn,
				`SELECT id, title FROM ${ p }syteops_notes WHERE owner_user_id = ? ORDER BY title`,
				[ targetId ]
			),
			meta: await rows< { meta_key: string; meta_value: string } >(
				conn,
				`SELECT meta_key, meta_value FROM ${ p }usermeta WHERE user_id = ?`,
				[ targetId ]
			),
		} ) );
		expect( onB.notes.map( ( n ) => n.title ) ).toEqual( user.notes );
		expect( onB.notes.every( ( n ) => Number( n.id ) > maxNote ) ).toBe(
			true
		);
		const keys = onB.meta.map( ( m ) => m.meta_key );
		expect( keys ).toContain( `${ B }capabilities` );
		expect( keys ).toContain( `${ B }syteops_dashboard_prefs` );
		expect(
			keys.filter( ( k ) => k.startsWith( A ) && ! k.startsWith( B ) )
		).toEqual( [] );
		expect(
			onB.meta.find( ( m ) => m.meta_key === `${ B }capabilities` )
				?.meta_value
		).toBe( user.capabilities );
		expect(
			onB.meta.every( ( m ) => ! m.meta_value.includes( hostA ) )
		).toBe( true );
		expect(
			await neighbours( stack, {
				userIds: ids,
				owned: {
					syteops_notes: { column: 'owner_user_id', owners: ids },
					syteops_estimates: { column: 'owner_user_id', owners: ids },
				},
			} )
		).toEqual( before );

		const second = await importOn( adminB, backupId );
		expect( second.error ).toBeNull();
		expect( await userOnB( user.login ) ).toEqual( [ targetId ] );
		const again = await withDb( stack, 'b', async ( conn, p ) =>
			rows< { title: string } >(
				conn,
				`SELECT title FROM ${ p }syteops_notes WHERE owner_user_id = ? ORDER BY title`,
				[ targetId ]
			)
		);
		expect( again.map( ( n ) => n.title ) ).toEqual( user.notes );
		expect(
			( second.result as { applied: { users: { how: string }[] } } )
				.applied.users[ 0 ].how
		).toBe( 'login' );
	} );

	it( 'a module import gives the notes fresh ids owned by B’s users of the same logins, and leaves users, estimates and other owners’ notes alone', async () => {
		const { snapshotId } = await exportScope( adminA, {
			scope: 'module',
			name: 'notes',
		} );
		const backupId = await carry( adminA, adminB, snapshotId );
		const before = await neighbours( stack, {
			tables: [ 'syteops_notes', 'users' ],
		} );
		const usersBefore = await withDb( stack, 'b', async ( conn, p ) =>
			rows( conn, `SELECT * FROM ${ p }users ORDER BY ID` )
		);
		const job = await importOn( adminB, backupId );
		expect( job.error ).toBeNull();
		expect(
			await neighbours( stack, { tables: [ 'syteops_notes', 'users' ] } )
		).toEqual( before );
		// Users that were on B are untouched (a module import only adds missing owners, identity only).
		const usersAfter = await withDb( stack, 'b', async ( conn, p ) =>
			rows< { ID: number } >(
				conn,
				`SELECT * FROM ${ p }users ORDER BY ID`
			)
		);
		expect( usersAfter.slice( 0, usersBefore.length ) ).toEqual(
			usersBefore
		);
		const byLogin = async ( site: 'a' | 'b' ) =>
			withDb( stack, site, async ( conn, p ) =>
				rows< { login: string; n: number } >(
					conn,
					`SELECT u.user_login AS login, COUNT(*) AS n FROM ${ p }syteops_notes n JOIN ${ p }users u ON u.ID = n.owner_user_id GROUP BY u.user_login ORDER BY u.user_login`
				)
			);
		expect( await byLogin( 'b' ) ).toEqual(
			expect.arrayContaining( await byLogin( 'a' ) )
		);
	} );

	it( 'a master import brings every tab, user, module and licensing record, maps licensing user ids, and leaves posts and other options alone', async () => {
		const { snapshotId } = await exportScope( adminA, { scope: 'master' } );
		const backupId = await carry( adminA, adminB, snapshotId );
		const preview = await adminB.request< {
			import: {
				users: { in_archive: number };
				remap: { prefix: unknown };
			};
		} >( 'GET', `${ api }/backups/${ backupId }/preview` );
		expect( preview.body.import.users.in_archive ).toBeGreaterThan( 40 );
		const scoped = [
			'syteops_general',
			'syteops_users',
			'syteops_roles',
			'syteops_integrations',
			'syteops_system_api',
			'syteops_variable_sets',
			`${ B }user_roles`,
		];
		const before = await neighbours( stack, {
			options: scoped,
			tables: [
				'users',
				'usermeta',
				'syteops_notes',
				'syteops_estimates',
				'syteops_license_connections',
				'syteops_license_blacklist',
			],
		} );
		const job = await importOn( adminB, backupId );
		expect( job.error ).toBeNull();
		expect( job.error ).toBeNull();
		expect(
			await neighbours( stack, {
				options: scoped,
				tables: [
					'users',
					'usermeta',
					'syteops_notes',
					'syteops_estimates',
					'syteops_license_connections',
					'syteops_license_blacklist',
				],
			} )
		).toEqual( before );
		const issuers = async ( site: 'a' | 'b' ) =>
			withDb( stack, site, async ( conn, p ) =>
				rows(
					conn,
					`SELECT c.connection_key, u.user_login FROM ${ p }syteops_license_connections c LEFT JOIN ${ p }users u ON u.ID = c.issued_by_user_id ORDER BY c.connection_key`
				)
			);
		expect( await issuers( 'b' ) ).toEqual( await issuers( 'a' ) );
		const logins = async ( site: 'a' | 'b' ) =>
			withDb( stack, site, async ( conn, p ) =>
				(
					await rows< { user_login: string } >(
						conn,
						`SELECT user_login FROM ${ p }users`
					)
				).map( ( r ) => r.user_login )
			);
		expect( await logins( 'b' ) ).toEqual(
			expect.arrayContaining( await logins( 'a' ) )
		);
		expect( await optionOn( 'b', `${ B }user_roles` ) ).toBe(
			await optionOn( 'a', `${ A }user_roles` )
		);
		// Every card's meta arrived, under B's prefix (credentials never travel).
		const metaKeys = async ( site: 'a' | 'b' ) =>
			withDb( stack, site, async ( conn, p ) =>
				(
					await rows< { k: string } >(
						conn,
						`SELECT CONCAT( u.user_login, ' ', m.meta_key ) AS k FROM ${ p }usermeta m JOIN ${ p }users u ON u.ID = m.user_id WHERE m.meta_key NOT IN ('session_tokens', '_application_passwords')`
					)
				).map( ( r ) => r.k.replace( ` ${ p }`, ' PREFIX:' ) )
			);
		const onA = await metaKeys( 'a' );
		expect( onA.length ).toBeGreaterThan( 800 );
		expect( await metaKeys( 'b' ) ).toEqual(
			expect.arrayContaining( onA )
		);
	} );
} );
