import {
	escapeLike,
	isArchivableSuffix,
	isInternalSuffix,
	MAX_IDENTIFIER_CHARS,
	oldTableName,
	stagingTableName,
	tableSuffix,
} from '../../../../sidecar/src/db/names';
import {
	classifySiteTables,
	isTransactionalEngine,
} from '../../../../sidecar/src/db/site-tables';
import registry from '../../../../plugin/data-model.json';

describe( 'escapeLike', () => {
	test.each( [
		[ 'wp_', 'wp\\_' ],
		[ '50%_off', '50\\%\\_off' ],
		[ 'a\\b', 'a\\\\b' ],
		[ 'plain', 'plain' ],
	] )( '%s becomes %s', ( input, expected ) => {
		expect( escapeLike( input ) ).toBe( expected );
	} );
} );

describe( 'tableSuffix', () => {
	test( 'strips the prefix exactly (case-sensitive) and refuses the bare prefix', () => {
		expect( tableSuffix( 'wp_posts', 'wp_' ) ).toBe( 'posts' );
		expect( tableSuffix( 'WP_posts', 'wp_' ) ).toBeNull();
		expect( tableSuffix( 'wpxposts', 'wp_' ) ).toBeNull();
		expect( tableSuffix( 'wp_', 'wp_' ) ).toBeNull();
	} );
} );

describe( 'isInternalSuffix', () => {
	test.each( [
		'syteops_secrets',
		'syteops_backups',
		'syteops_stg_posts',
		'syteops_old_options',
	] )( '%s is the backup’s own', ( suffix ) =>
		expect( isInternalSuffix( suffix, registry ) ).toBe( true )
	);
	test.each( [
		'options',
		'syteops_notes',
		'syteops_license_connections',
		'syteops_stgx',
	] )( '%s belongs to the site', ( suffix ) =>
		expect( isInternalSuffix( suffix, registry ) ).toBe( false )
	);
} );

describe( 'isArchivableSuffix', () => {
	test( 'refuses names that cannot be entry paths', () => {
		expect(
			[ 'posts', 'ünï', 'a.b', 'a-b' ].every( isArchivableSuffix )
		).toBe( true );
		expect(
			[ '', '.', '..', 'a/b', 'a\\b', 'a\nb', 'a\u007fb' ].some(
				isArchivableSuffix
			)
		).toBe( false );
	} );
} );

describe( 'working-table names', () => {
	test( 'short names are plain prefix + infix + suffix', () => {
		expect( stagingTableName( 'wp_', 'posts' ) ).toBe(
			'wp_syteops_stg_posts'
		);
		expect( oldTableName( 'wp_', 'posts' ) ).toBe( 'wp_syteops_old_posts' );
	} );

	test( 'a name that would reach exactly 64 characters is kept whole', () => {
		const suffix = 'x'.repeat( 64 - 'wp_syteops_stg_'.length );
		expect( stagingTableName( 'wp_', suffix ) ).toBe(
			'wp_syteops_stg_' + suffix
		);
	} );

	test( 'longer names are shortened to exactly 64 characters, deterministically and distinctly', () => {
		const a = 'a'.repeat( 60 ) + '_one';
		const b = 'a'.repeat( 60 ) + '_two';
		const name = stagingTableName( 'wp_', a );
		expect( [ ...name ] ).toHaveLength( MAX_IDENTIFIER_CHARS );
		expect( name ).toMatch( /^wp_syteops_stg_a+_[0-9a-f]{12}$/ );
		expect( stagingTableName( 'wp_', a ) ).toBe( name );
		expect( stagingTableName( 'wp_', b ) ).not.toBe( name );
		expect( oldTableName( 'wp_', a ).startsWith( 'wp_syteops_old_' ) ).toBe(
			true
		);
	} );

	test( 'length is counted in characters, not bytes', () => {
		const suffix = 'é'.repeat( 64 - 'wp_syteops_stg_'.length );
		expect( stagingTableName( 'wp_', suffix ) ).toBe(
			'wp_syteops_stg_' + suffix
		);
	} );

	test( 'a prefix too long for any working name is a named error', () => {
		expect( () =>
			stagingTableName( 'p'.repeat( 50 ), 'x'.repeat( 10 ) )
		).toThrow(
			expect.objectContaining( { code: 'syteops_db_name_too_long' } )
		);
	} );
} );

describe( 'classifySiteTables', () => {
	test( 'keeps only the site’s non-internal tables, exact prefix, sorted', () => {
		const rows = [
			'wp_posts',
			'wp_options',
			'WP_users',
			'wpx_decoy',
			'wp_syteops_audit',
			'wp_syteops_stg_posts',
			'wp_syteops_notes',
		].map( ( name ) => ( { name, engine: 'InnoDB', estimatedRows: 1 } ) );
		expect(
			classifySiteTables( rows, 'wp_', registry ).map( ( t ) => t.suffix )
		).toEqual( [ 'options', 'posts', 'syteops_notes' ] );
	} );

	test( 'only InnoDB is transactional', () => {
		expect(
			[ 'InnoDB', 'innodb', 'MyISAM', 'Aria', 'MEMORY', null ].map(
				isTransactionalEngine
			)
		).toEqual( [ true, true, false, false, false, false ] );
	} );
} );
