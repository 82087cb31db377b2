/**
 * The pure remap rules of a scoped import: user matching (login, then email, else create; conflicts refused),
 * id maps with placeholders for users still to create, fresh module ids with owners mapped, licensing user
 * columns mapped, and the prefixed key rename shared with the full restore.
 */
import type { TableHeader } from '../../../../sidecar/src/archive/row-codec';
import { createRowTransform } from '../../../../sidecar/src/engine/row-transform';
import {
	mapUserId,
	matchUsers,
	ownersToReplace,
	remapOwnedRow,
	remapUserColumns,
	userIdMap,
} from '../../../../sidecar/src/engine/scoped/remap';
import { isSyteOpsError } from '../../../../sidecar/src/errors';

const target = [
	{ id: 1, login: 'admin', email: 'admin@b.example' },
	{ id: 7, login: 'Jane', email: 'jane@b.example' },
	{ id: 9, login: 'sam', email: 'sam@example.com' },
];

describe( 'matchUsers', () => {
	it( 'matches by login first, case-insensitively, keeping the target’s own login', () => {
		const [ match ] = matchUsers(
			[ { id: 1005, login: 'jane', email: 'other@a.example' } ],
			target
		);
		expect( match ).toEqual( {
			sourceId: 1005,
			login: 'jane',
			how: 'login',
			targetId: 7,
			targetLogin: 'Jane',
		} );
	} );

	it( 'falls back to the email when no login matches', () => {
		const [ match ] = matchUsers(
			[ { id: 1006, login: 'samuel', email: 'SAM@example.com' } ],
			target
		);
		expect( match ).toMatchObject( {
			how: 'email',
			targetId: 9,
			targetLogin: 'sam',
		} );
	} );

	it( 'marks a user matching neither for creation', () => {
		const [ match ] = matchUsers(
			[ { id: 1007, login: 'new.person', email: 'new@a.example' } ],
			target
		);
		expect( match ).toMatchObject( {
			how: 'create',
			targetId: null,
			targetLogin: 'new.person',
		} );
	} );

	it( 'refuses a login match whose email belongs to another target user, naming both', () => {
		let caught: unknown;
		try {
			matchUsers(
				[ { id: 2, login: 'jane', email: 'sam@example.com' } ],
				target
			);
		} catch ( error ) {
			caught = error;
		}
		expect( isSyteOpsError( caught ) ).toBe( true );
		expect(
			( caught as { toRestBody: () => unknown } ).toRestBody()
		).toMatchObject( {
			code: 'syteops_import_email_conflict',
			data: {
				status: 409,
				details: {
					login: 'jane',
					email: 'sam@example.com',
					other_login: 'sam',
				},
			},
		} );
	} );

	it( 'refuses two archive users landing on the same target user', () => {
		expect( () =>
			matchUsers(
				[
					{ id: 3, login: 'sam', email: 'x@a.example' },
					{ id: 4, login: 'samantha', email: 'sam@example.com' },
				],
				target
			)
		).toThrow( /belongs to another user/ );
	} );

	it( 'never matches on an empty email', () => {
		const [ match ] = matchUsers(
			[ { id: 5, login: 'blank', email: '' } ],
			[ { id: 8, login: 'other', email: '' } ]
		);
		expect( match.how ).toBe( 'create' );
	} );
} );

describe( 'id maps', () => {
	it( 'gives users still to create negative placeholders that own nothing and differ from "no owner"', () => {
		const map = userIdMap(
			matchUsers(
				[
					{ id: 1001, login: 'admin', email: '' },
					{ id: 1002, login: 'fresh', email: 'f@a.example' },
				],
				target
			)
		);
		expect( map.get( 1001 ) ).toBe( 1 );
		expect( map.get( 1002 ) ).toBeLessThan( 0 );
		expect( mapUserId( map, '1001' ) ).toBe( 1 );
		expect( mapUserId( map, 4242 ) ).toBe( 0 );
		expect( mapUserId( map, null ) ).toBe( 0 );
	} );

	it( 'replaces the rows of every carried user and every named owner, unknown owners as the no-owner group', () => {
		const map = new Map( [
			[ 1001, 7 ],
			[ 1002, -2 ],
		] );
		expect(
			ownersToReplace( [ 1001, 1002 ], [ 1001, 0, 555 ], map )
		).toEqual( [ -2, 0, 7 ] );
	} );
} );

const notes: TableHeader = {
	table: 'syteops_notes',
	columns: [
		{ name: 'id', type: 'bigint(20) unsigned', binary: false },
		{ name: 'owner_user_id', type: 'bigint(20) unsigned', binary: false },
		{ name: 'title', type: 'varchar(200)', binary: false },
	],
};

describe( 'module and licensing rows', () => {
	it( 'leaves the id column out (a fresh id is assigned) and maps the owner', () => {
		expect(
			remapOwnedRow(
				notes,
				[ 17, 1001, 'Hello' ],
				{ idColumn: 'id', ownerColumn: 'owner_user_id' },
				new Map( [ [ 1001, 7 ] ] )
			)
		).toEqual( {
			columns: [ 'owner_user_id', 'title' ],
			row: [ 7, 'Hello' ],
		} );
	} );

	it( 'maps every *_user_id column of a licensing row and keeps its id', () => {
		const header: TableHeader = {
			table: 'syteops_license_connections',
			columns: [
				{ name: 'id', type: 'bigint', binary: false },
				{ name: 'issued_by_user_id', type: 'bigint', binary: false },
				{
					name: 'issued_to_email',
					type: 'varchar(100)',
					binary: false,
				},
			],
		};
		expect(
			remapUserColumns(
				header,
				[ 3, '1002', 'x@y' ],
				new Map( [ [ 1002, 40 ] ] )
			)
		).toEqual( [ 3, 40, 'x@y' ] );
	} );
} );

describe( 'prefixed keys', () => {
	it( 'renames user-meta keys and option names carrying the source prefix to the target’s, and only those', () => {
		const { transform, stats } = createRowTransform( {
			sourcePrefix: 'wp_',
			targetPrefix: 'wpb_',
			urlRewrite: null,
		} );
		const meta: TableHeader = {
			table: 'usermeta',
			columns: [
				{ name: 'user_id', type: 'bigint', binary: false },
				{ name: 'meta_key', type: 'varchar(255)', binary: false },
				{ name: 'meta_value', type: 'longtext', binary: false },
			],
		};
		expect(
			transform( 'usermeta', meta, [
				1,
				'wp_capabilities',
				'a:0:{}',
			] )[ 1 ]
		).toBe( 'wpb_capabilities' );
		expect(
			transform( 'usermeta', meta, [ 1, 'syteops_roles', 'wp_x' ] )
		).toEqual( [ 1, 'syteops_roles', 'wp_x' ] );
		expect( stats.prefixed_keys_moved ).toBe( 1 );
	} );
} );
