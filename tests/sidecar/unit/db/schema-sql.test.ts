import {
	createStatementFor,
	portableSchema,
	unquotedText,
} from '../../../../sidecar/src/db/schema-sql';

const SHOWN =
	"CREATE TABLE `wp_options` (\n  `option_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n  `option_name` varchar(191) NOT NULL DEFAULT '' COMMENT 'select; -- not code',\n  PRIMARY KEY (`option_id`)\n) ENGINE=InnoDB AUTO_INCREMENT=6 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

describe( 'portableSchema', () => {
	test( 'replaces the table name with the placeholder and ends the statement', () => {
		const portable = portableSchema( SHOWN, 'wp_options' );
		expect(
			portable.startsWith(
				'CREATE TABLE `__SYTEOPS_TABLE__` (\n  `option_id`'
			)
		).toBe( true );
		expect( portable.endsWith( 'utf8mb4_unicode_ci;\n' ) ).toBe( true );
		expect( portable ).not.toContain( 'wp_options' );
	} );

	test( 'handles a backtick in the table name and refuses output for another table', () => {
		expect( portableSchema( 'CREATE TABLE `a``b` (x int)', 'a`b' ) ).toBe(
			'CREATE TABLE `__SYTEOPS_TABLE__` (x int);\n'
		);
		expect( () => portableSchema( SHOWN, 'wp_posts' ) ).toThrow();
	} );
} );

describe( 'createStatementFor', () => {
	const portable = portableSchema( SHOWN, 'wp_options' );

	test( 'names the target table; quoted text that looks like SQL is fine', () => {
		const sql = createStatementFor(
			portable,
			'b_syteops_stg_options',
			'db/options.schema.sql'
		);
		expect(
			sql.startsWith( 'CREATE TABLE `b_syteops_stg_options` (\n' )
		).toBe( true );
		expect( sql.endsWith( 'utf8mb4_unicode_ci' ) ).toBe( true );
	} );

	test.each( [
		[ 'wrong start', 'DROP TABLE `wp_users`', 'it must start with' ],
		[
			'second statement',
			'CREATE TABLE `__SYTEOPS_TABLE__` (x int); DROP TABLE wp_users',
			'only one statement',
		],
		[
			'create ... select',
			'CREATE TABLE `__SYTEOPS_TABLE__` (x int) SELECT user_pass FROM wp_users',
			'SELECT is not allowed',
		],
		[
			'executable comment',
			'CREATE TABLE `__SYTEOPS_TABLE__` (x int) /*!50000 SELECT 1 */',
			'only one statement',
		],
		[
			'line comment',
			'CREATE TABLE `__SYTEOPS_TABLE__` (x int) -- hidden',
			'only one statement',
		],
		[
			'data directory',
			"CREATE TABLE `__SYTEOPS_TABLE__` (x int) ENGINE=MyISAM DATA DIRECTORY='/tmp'",
			'DIRECTORY is not allowed',
		],
		[
			'federated engine',
			'CREATE TABLE `__SYTEOPS_TABLE__` (x int) ENGINE=FEDERATED',
			'storage engine FEDERATED',
		],
		[
			'merge union',
			'CREATE TABLE `__SYTEOPS_TABLE__` (x int) ENGINE=MRG_MyISAM UNION=(wp_users)',
			'UNION is not allowed',
		],
		[
			'unclosed quote',
			"CREATE TABLE `__SYTEOPS_TABLE__` (x int COMMENT 'open)",
			'not closed',
		],
	] )( 'refuses %s', ( _name, schema, reason ) => {
		expect( () =>
			createStatementFor( schema, 't', 'db/t.schema.sql' )
		).toThrow(
			expect.objectContaining( {
				code: 'syteops_db_schema_invalid',
				message: expect.stringContaining( reason ),
			} )
		);
	} );
} );

describe( 'unquotedText', () => {
	test( 'blanks strings (with doubled and backslash-escaped quotes), identifiers and plain comments', () => {
		// Each of the four quoted or commented parts becomes one space, between the five original spaces.
		expect( unquotedText( "a 'b''c\\'d' `e``f` \"g\" /* h */ i" ) ).toBe(
			'a' + ' '.repeat( 9 ) + 'i'
		);
	} );

	test( 'keeps executable comments visible and reports unclosed quotes', () => {
		expect( unquotedText( 'x /*! y */' ) ).toBe( 'x /*! y */' );
		expect( unquotedText( "x 'y" ) ).toBeNull();
		expect( unquotedText( 'x /* y' ) ).toBeNull();
	} );
} );
