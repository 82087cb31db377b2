/**
 * Boot configuration: reading wp-config.php without running PHP, DB_HOST forms, and validation that names
 * the parameter at fault.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	loadConfig,
	parseDbHost,
	parseWpConfig,
	secretValues,
} from '../../../sidecar/src/config';
import { SyteOpsError } from '../../../sidecar/src/errors';

describe( 'parseWpConfig', () => {
	it( 'reads single- and double-quoted defines with or without spaces', () => {
		const text = [
			"define( 'DB_NAME', 'site_a' );",
			'define("DB_USER","syteops");',
			'define ( \'DB_HOST\' , "127.0.0.1:8306" ) ;',
		].join( '\n' );
		expect( parseWpConfig( text ) ).toEqual( {
			DB_NAME: 'site_a',
			DB_USER: 'syteops',
			DB_HOST: '127.0.0.1:8306',
		} );
	} );

	it( "unescapes \\' and \\\\ inside single quotes, leaving other backslashes as PHP does", () => {
		const text = String.raw`define( 'DB_PASSWORD', 'it\'s a \\ back\slash and \"quote' );`;
		expect( parseWpConfig( text ).DB_PASSWORD ).toBe(
			String.raw`it's a \ back\slash and \"quote`
		);
	} );

	it( 'unescapes \\" and \\\\ inside double quotes', () => {
		const text = String.raw`define( "DB_PASSWORD", "say \"hi\" \\ now" );`;
		expect( parseWpConfig( text ).DB_PASSWORD ).toBe(
			String.raw`say "hi" \ now`
		);
	} );

	it( 'keeps // and # inside values (a URL, a password)', () => {
		const text = [
			"define( 'SYTEOPS_BACKUP_SIDECAR_URL', 'http://127.0.0.1:8091' );",
			"define( 'DB_PASSWORD', 'pa#ss//w/*rd' );",
		].join( '\n' );
		expect( parseWpConfig( text ) ).toEqual( {
			SYTEOPS_BACKUP_SIDECAR_URL: 'http://127.0.0.1:8091',
			DB_PASSWORD: 'pa#ss//w/*rd',
		} );
	} );

	it( 'reads $table_prefix in either quote style', () => {
		expect( parseWpConfig( "$table_prefix = 'wpb_';" ).table_prefix ).toBe(
			'wpb_'
		);
		expect( parseWpConfig( '$table_prefix="x1_" ;' ).table_prefix ).toBe(
			'x1_'
		);
	} );

	it( 'ignores defines and a table prefix that are commented out with //, # or /* */', () => {
		const text = [
			"define( 'DB_NAME', 'live' );",
			"// define( 'DB_NAME', 'old_line_comment' );",
			"# define( 'DB_NAME', 'old_hash_comment' );",
			"/* define( 'DB_NAME', 'old_block' );",
			"   $table_prefix = 'old_'; */",
			"$table_prefix = 'wp_'; // define( 'DB_USER', 'trailing' );",
		].join( '\n' );
		expect( parseWpConfig( text ) ).toEqual( {
			DB_NAME: 'live',
			table_prefix: 'wp_',
		} );
	} );

	it( 'ignores defines whose value is not a string literal (constants, booleans)', () => {
		expect(
			parseWpConfig(
				"define( 'WP_DEBUG', false ); define( 'ABSPATH', __DIR__ . '/' );"
			)
		).toEqual( {} );
	} );
} );

describe( 'parseDbHost', () => {
	it.each( [
		[ 'db.internal', { host: 'db.internal', port: 3306 } ],
		[ '127.0.0.1:8306', { host: '127.0.0.1', port: 8306 } ],
		[
			'localhost:/run/mysqld/mysqld.sock',
			{
				host: 'localhost',
				port: 3306,
				socketPath: '/run/mysqld/mysqld.sock',
			},
		],
		[
			':/tmp/mysql.sock',
			{ host: 'localhost', port: 3306, socketPath: '/tmp/mysql.sock' },
		],
	] )( 'reads %s', ( value, expected ) => {
		expect( parseDbHost( value ) ).toEqual( expected );
	} );
} );

describe( 'loadConfig', () => {
	const valid = {
		SYTEOPS_SIDECAR_PORT: '8091',
		SYTEOPS_SIDECAR_SECRET: 'sixteen-chars-at-least',
		DB_USER: 'syteops',
		DB_PASSWORD: 'db-password',
		DB_NAME: 'site_a',
		SYTEOPS_STORAGE_DIR: '/srv/backups',
	};

	function configError( env: NodeJS.ProcessEnv ): SyteOpsError {
		try {
			loadConfig( env );
		} catch ( error ) {
			return error as SyteOpsError;
		}
		throw new Error( 'loadConfig accepted an invalid configuration' );
	}

	it( 'builds the configuration from environment variables alone, with the documented defaults', () => {
		const config = loadConfig( valid );
		expect( config ).toMatchObject( {
			port: 8091,
			secret: valid.SYTEOPS_SIDECAR_SECRET,
			db: {
				host: '127.0.0.1',
				port: 3306,
				user: 'syteops',
				password: 'db-password',
				database: 'site_a',
			},
			tablePrefix: 'wp_',
			wpDir: null,
			storageDir: '/srv/backups',
			maxSkewSeconds: 300,
			maxBodyBytes: 1024 * 1024,
		} );
		expect( secretValues( config ) ).toEqual( [
			valid.SYTEOPS_SIDECAR_SECRET,
			'db-password',
		] );
	} );

	it( 'reads wp-config.php, takes the port from SYTEOPS_BACKUP_SIDECAR_URL, and lets environment variables win', () => {
		const dir = mkdtempSync( path.join( tmpdir(), 'syteops-config-' ) );
		try {
			const file = path.join( dir, 'wp-config.php' );
			writeFileSync(
				file,
				[
					'<?php',
					"define( 'DB_NAME', 'from_file' );",
					"define( 'DB_USER', 'file_user' );",
					"define( 'DB_PASSWORD', 'file-pass' );",
					"define( 'DB_HOST', 'localhost:/run/mysqld/mysqld.sock' );",
					"define( 'SYTEOPS_BACKUP_SIDECAR_URL', 'http://127.0.0.1:8092' );",
					"define( 'SYTEOPS_BACKUP_SIDECAR_SECRET', 'secret-from-wp-config' );",
					"$table_prefix = 'wpb_';",
				].join( '\n' )
			);
			const config = loadConfig( {
				SYTEOPS_WP_CONFIG: file,
				DB_NAME: 'from_env',
			} );
			expect( config ).toMatchObject( {
				port: 8092,
				secret: 'secret-from-wp-config',
				db: {
					host: 'localhost',
					socketPath: '/run/mysqld/mysqld.sock',
					user: 'file_user',
					database: 'from_env',
				},
				tablePrefix: 'wpb_',
				wpDir: dir,
				// Beside the WordPress directory, outside its web root.
				storageDir: path.join(
					path.dirname( dir ),
					'syteops-backup-storage'
				),
			} );
		} finally {
			rmSync( dir, { recursive: true, force: true } );
		}
	} );

	it( 'applies DB_PORT to the host named by DB_HOST', () => {
		const config = loadConfig( {
			...valid,
			DB_HOST: 'db.internal:3307',
			DB_PORT: '8306',
		} );
		expect( config.db ).toMatchObject( {
			host: 'db.internal',
			port: 8306,
		} );
	} );

	it.each( [
		[
			'a secret shorter than 16 characters',
			{ SYTEOPS_SIDECAR_SECRET: 'short' },
			'SYTEOPS_SIDECAR_SECRET',
		],
		[
			'a missing secret',
			{ SYTEOPS_SIDECAR_SECRET: undefined },
			'SYTEOPS_SIDECAR_SECRET',
		],
		[
			'a table prefix with a quote',
			{ TABLE_PREFIX: "wp'_" },
			'TABLE_PREFIX',
		],
		[
			'a table prefix with a dash',
			{ TABLE_PREFIX: 'wp-' },
			'TABLE_PREFIX',
		],
		[ 'an empty table prefix', { TABLE_PREFIX: '' }, 'TABLE_PREFIX' ],
		[ 'a missing database name', { DB_NAME: undefined }, 'DB_NAME' ],
		[ 'a missing database user', { DB_USER: undefined }, 'DB_USER' ],
		[
			'a missing port',
			{ SYTEOPS_SIDECAR_PORT: undefined },
			'SYTEOPS_SIDECAR_PORT',
		],
		[
			'a port out of range',
			{ SYTEOPS_SIDECAR_PORT: '70000' },
			'SYTEOPS_SIDECAR_PORT',
		],
		[
			'a database port that is not a number',
			{ DB_PORT: 'abc' },
			'DB_PORT',
		],
		[
			'a clock skew that is not a number',
			{ SYTEOPS_MAX_SKEW_SECONDS: 'five' },
			'SYTEOPS_MAX_SKEW_SECONDS',
		],
		[
			'a zero clock skew',
			{ SYTEOPS_MAX_SKEW_SECONDS: '0' },
			'SYTEOPS_MAX_SKEW_SECONDS',
		],
		[
			'a body limit that is not a number',
			{ SYTEOPS_MAX_BODY_BYTES: '1MB' },
			'SYTEOPS_MAX_BODY_BYTES',
		],
	] )( 'refuses %s and names the parameter', ( _name, change, param ) => {
		const error = configError( { ...valid, ...change } );
		expect( error ).toBeInstanceOf( SyteOpsError );
		expect( error.code ).toBe( 'syteops_config_invalid' );
		expect( String( error.details.param ) ).toContain( param );
		expect( error.message ).toContain( param );
	} );

	it( 'never puts the secret or the database password in a validation message', () => {
		const error = configError( { ...valid, TABLE_PREFIX: 'bad-' } );
		expect( error.message ).not.toContain( valid.SYTEOPS_SIDECAR_SECRET );
		expect( error.message ).not.toContain( valid.DB_PASSWORD );
	} );
} );
