import { parseArgs } from '../../../../sidecar/src/cli/args';
import { isSyteOpsError } from '../../../../sidecar/src/errors';

function usageErrorOf( argv: string[] ): { param: unknown; reason: unknown } {
	try {
		parseArgs( argv );
	} catch ( error ) {
		if (
			isSyteOpsError( error ) &&
			error.code === 'syteops_invalid_param'
		) {
			return { param: error.details.param, reason: error.details.reason };
		}
		throw error;
	}
	throw new Error( `parseArgs( ${ argv.join( ' ' ) } ) did not refuse` );
}

describe( 'parseArgs', () => {
	it( 'reads global flags wherever they appear', () => {
		expect(
			parseArgs( [
				'list',
				'--json',
				'--wp-config',
				'/site/wp-config.php',
			] )
		).toEqual( {
			json: true,
			wpConfig: '/site/wp-config.php',
			command: { name: 'list', page: 1, perPage: 20, all: false },
		} );
		expect(
			parseArgs( [ '--wp-config=/x/wp-config.php', 'rescan' ] )
		).toEqual( {
			json: false,
			wpConfig: '/x/wp-config.php',
			command: { name: 'rescan' },
		} );
	} );

	it( 'shows help for no command, help, -h and --help', () => {
		for ( const argv of [
			[],
			[ 'help' ],
			[ '-h' ],
			[ 'create', '--help' ],
		] ) {
			expect( parseArgs( argv ).command ).toEqual( { name: 'help' } );
		}
	} );

	it( 'accepts --name value and --name=value for options', () => {
		expect(
			parseArgs( [ 'create', '--label', 'before update' ] ).command
		).toEqual( {
			name: 'create',
			label: 'before update',
		} );
		expect( parseArgs( [ 'create', '--label=a=b' ] ).command ).toEqual( {
			name: 'create',
			label: 'a=b',
		} );
		expect( parseArgs( [ 'create' ] ).command ).toEqual( {
			name: 'create',
			label: '',
		} );
	} );

	it( 'reads list paging and --all', () => {
		expect(
			parseArgs( [ 'list', '--page', '3', '--per-page=50', '--all' ] )
				.command
		).toEqual( { name: 'list', page: 3, perPage: 50, all: true } );
	} );

	it.each( [
		[ [ 'list', '--page', '0' ], '--page' ],
		[ [ 'list', '--page', '2x' ], '--page' ],
		[ [ 'list', '--per-page', '101' ], '--per-page' ],
		[ [ 'list', '--per-page' ], '--per-page' ],
		[ [ 'create', '--label', 'x'.repeat( 101 ) ], '--label' ],
		[ [ 'create', '--force' ], '--force' ],
		[ [ 'list', 'extra' ], 'extra' ],
		[ [ 'verify' ], 'target' ],
		[ [ 'verify', 'a.zip', 'b.zip' ], 'target' ],
		[ [ 'sql', 'a.zip', '--prefix', 'wp-' ], '--prefix' ],
		[ [ 'backup' ], 'backup' ],
		[ [ 'list', '--wp-config' ], '--wp-config' ],
	] )( 'refuses %j naming %s', ( argv, param ) => {
		expect( usageErrorOf( argv ).param ).toBe( param );
	} );

	it( 'refuses restore without --yes and reads --no-url-rewrite', () => {
		expect( usageErrorOf( [ 'restore', 'a.zip' ] ) ).toEqual( {
			param: '--yes',
			reason: expect.stringContaining( 'add --yes' ),
		} );
		expect( parseArgs( [ 'restore', 'a.zip', '--yes' ] ).command ).toEqual(
			{
				name: 'restore',
				target: 'a.zip',
				urlRewrite: true,
			}
		);
		expect(
			parseArgs( [ 'restore', '-y', '--no-url-rewrite', 'a.zip' ] )
				.command
		).toEqual( { name: 'restore', target: 'a.zip', urlRewrite: false } );
	} );

	it( 'reads sql prefix and output, and allows an empty prefix', () => {
		expect(
			parseArgs( [ 'sql', 'a.zip', '--prefix', 'new_', '-o', 'out.sql' ] )
				.command
		).toEqual( {
			name: 'sql',
			archive: 'a.zip',
			prefix: 'new_',
			out: 'out.sql',
		} );
		expect( parseArgs( [ 'sql', 'a.zip', '--prefix=' ] ).command ).toEqual(
			{
				name: 'sql',
				archive: 'a.zip',
				prefix: '',
				out: null,
			}
		);
	} );

	it( 'refuses sql --json without -o, since stdout would carry both SQL and JSON', () => {
		expect( usageErrorOf( [ 'sql', 'a.zip', '--json' ] ).param ).toBe(
			'-o'
		);
		expect(
			parseArgs( [ 'sql', 'a.zip', '--json', '--output', 'x.sql' ] )
				.command
		).toEqual( {
			name: 'sql',
			archive: 'a.zip',
			prefix: null,
			out: 'x.sql',
		} );
	} );

	it( 'does not take a flag value for a boolean flag written with =', () => {
		expect( usageErrorOf( [ 'list', '--all=yes' ] ).param ).toBe( '--all' );
	} );
} );

describe( 'export and import', () => {
	it( 'parses a user export by login with an output file, and a tab export by name', () => {
		expect(
			parseArgs( [
				'--wp-config',
				'/srv/a/wp-config.php',
				'export',
				'--scope',
				'user',
				'--user-login',
				'template.user',
				'--out=/tmp/u.zip',
			] )
		).toEqual( {
			json: false,
			wpConfig: '/srv/a/wp-config.php',
			command: {
				name: 'export',
				scope: 'user',
				scopeName: null,
				userId: null,
				userLogin: 'template.user',
				out: '/tmp/u.zip',
				label: '',
			},
		} );
		expect(
			parseArgs( [ 'export', '--scope', 'tab', '--name', 'general' ] )
				.command
		).toMatchObject( { scope: 'tab', scopeName: 'general' } );
	} );

	it( 'refuses an export without a scope, a tab without a name, and a user with both or neither of id and login', () => {
		expect( usageErrorOf( [ 'export' ] ).param ).toBe( '--scope' );
		expect( usageErrorOf( [ 'export', '--scope', 'tab' ] ).param ).toBe(
			'--name'
		);
		expect( usageErrorOf( [ 'export', '--scope', 'user' ] ).param ).toBe(
			'--user-id'
		);
		expect(
			usageErrorOf( [
				'export',
				'--scope',
				'user',
				'--user-id',
				'3',
				'--user-login',
				'x',
			] ).param
		).toBe( '--user-id' );
		expect(
			usageErrorOf( [ 'export', '--scope', 'module', '--name', 'No!' ] )
				.param
		).toBe( '--name' );
	} );

	it( 'parses import with and without --yes (without it, only the plan is shown)', () => {
		expect( parseArgs( [ 'import', 'u.zip' ] ).command ).toEqual( {
			name: 'import',
			target: 'u.zip',
			yes: false,
			urlRewrite: true,
		} );
		expect(
			parseArgs( [ 'import', 'u.zip', '-y', '--no-url-rewrite' ] ).command
		).toEqual( {
			name: 'import',
			target: 'u.zip',
			yes: true,
			urlRewrite: false,
		} );
	} );
} );
