import {
	isBinaryColumn,
	isGeneratedColumn,
	rowOrder,
	selectRowsSql,
	toColumnInfo,
} from '../../../../sidecar/src/db/columns';
import { InsertBatch } from '../../../../sidecar/src/db/insert-batch';
import {
	renameSql,
	rollbackPairs,
	swapPairs,
} from '../../../../sidecar/src/db/swap';

describe( 'column classification', () => {
	test.each( [
		[ 'longblob', null, true ],
		[ 'varbinary', null, true ],
		[ 'bit', null, true ],
		[ 'point', null, true ],
		[ 'BLOB', null, true ],
		[ 'varchar', 'binary', true ],
		[ 'longtext', 'utf8mb4', false ],
		[ 'bigint', null, false ],
		[ 'json', 'utf8mb4', false ],
	] )( '%s (%s) binary = %s', ( type, charset, expected ) => {
		expect( isBinaryColumn( type, charset ) ).toBe( expected );
	} );

	test( 'virtual, stored and persistent generated columns are left out; DEFAULT_GENERATED is not', () => {
		expect(
			[
				'VIRTUAL GENERATED',
				'STORED GENERATED',
				'PERSISTENT GENERATED',
				'DEFAULT_GENERATED',
				'auto_increment',
				'',
			].map( isGeneratedColumn )
		).toEqual( [ true, true, true, false, false, false ] );
		const info = toColumnInfo( [
			{
				name: 'id',
				columnType: 'int(11)',
				dataType: 'int',
				charset: null,
				extra: 'auto_increment',
			},
			{
				name: 'twice',
				columnType: 'int(11)',
				dataType: 'int',
				charset: null,
				extra: 'VIRTUAL GENERATED',
			},
			{
				name: 'data',
				columnType: 'blob',
				dataType: 'blob',
				charset: null,
				extra: '',
			},
		] );
		expect( info ).toEqual( [
			{ name: 'id', type: 'int(11)', binary: false },
			{ name: 'data', type: 'blob', binary: true },
		] );
	} );
} );

describe( 'selectRowsSql', () => {
	const columns = [
		{ name: 'option_id', type: 'bigint', binary: false },
		{ name: 'option`name', type: 'varchar(191)', binary: false },
	];

	test( 'orders by the primary key, or by every column when there is none', () => {
		expect( rowOrder( [ 'a', 'b' ], columns ) ).toEqual( [ 'a', 'b' ] );
		expect( rowOrder( [], columns ) ).toEqual( [
			'option_id',
			'option`name',
		] );
	} );

	test( 'quotes identifiers and parameterises the filter', () => {
		expect(
			selectRowsSql( 'wp_options', columns, [ 'option_id' ], {
				column: 'option`name',
				notIn: [ 'x', 'y' ],
			} )
		).toEqual( {
			sql: 'SELECT `option_id`, `option``name` FROM `wp_options` WHERE `option``name` NOT IN (?, ?) ORDER BY `option_id`',
			values: [ 'x', 'y' ],
		} );
		expect(
			selectRowsSql( 't', columns, [], { column: 'c', notIn: [] } ).sql
		).toBe( 'SELECT `option_id`, `option``name` FROM `t`' );
	} );
} );

describe( 'InsertBatch', () => {
	test( 'cuts at the row limit and returns the rest on take()', () => {
		const batch = new InsertBatch( 'wp_t', [ 'id', 'v' ], 2 );
		expect( batch.add( [ 1, 'a' ] ) ).toBeNull();
		expect( batch.add( [ 2, null ] ) ).toBe(
			"INSERT INTO `wp_t` (`id`, `v`) VALUES (1, 'a'),(2, NULL)"
		);
		expect( batch.take() ).toBeNull();
		batch.add( [ 3, Buffer.from( [ 0, 255 ] ) ] );
		expect( batch.take() ).toBe(
			'INSERT INTO `wp_t` (`id`, `v`) VALUES (3, 0x00ff)'
		);
	} );

	test( 'cuts at the size limit even before the row limit', () => {
		const batch = new InsertBatch( 't', [ 'v' ], 1000, 20 );
		expect( batch.add( [ 'x'.repeat( 10 ) ] ) ).toBeNull();
		expect( batch.add( [ 'y'.repeat( 10 ) ] ) ).toContain( 'yyyyyyyyyy' );
	} );

	test( 'escapes strings so quotes and backslashes cannot end the literal', () => {
		const batch = new InsertBatch( 't', [ 'v' ] );
		batch.add( [ "it's \\'; DROP TABLE x; --" ] );
		expect( batch.take() ).toBe(
			"INSERT INTO `t` (`v`) VALUES ('it\\'s \\\\\\'; DROP TABLE x; --')"
		);
	} );
} );

describe( 'swap plans', () => {
	const tables = [
		{
			suffix: 'posts',
			live: 'wp_posts',
			staging: 'wp_syteops_stg_posts',
			old: 'wp_syteops_old_posts',
		},
		{
			suffix: 'new',
			live: 'wp_new',
			staging: 'wp_syteops_stg_new',
			old: null,
		},
	];

	test( 'the swap moves each live table out before its staging table moves in, in one statement', () => {
		expect( renameSql( swapPairs( tables ) ) ).toBe(
			'RENAME TABLE `wp_posts` TO `wp_syteops_old_posts`, `wp_syteops_stg_posts` TO `wp_posts`, `wp_syteops_stg_new` TO `wp_new`'
		);
	} );

	test( 'the rollback is the exact inverse', () => {
		expect( rollbackPairs( tables ) ).toEqual( [
			[ 'wp_posts', 'wp_syteops_stg_posts' ],
			[ 'wp_syteops_old_posts', 'wp_posts' ],
			[ 'wp_new', 'wp_syteops_stg_new' ],
		] );
	} );
} );
