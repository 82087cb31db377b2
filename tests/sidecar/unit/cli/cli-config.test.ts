import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { cliConfig } from '../../../../sidecar/src/cli/site';
import { loadConfig } from '../../../../sidecar/src/config';

const dbOnly = {
	DB_NAME: 'site',
	DB_USER: 'wp',
	DB_PASSWORD: 'pw',
	DB_HOST: 'localhost:3307',
};

describe( 'configuration for the command line', () => {
	it( 'needs no sidecar port or secret', () => {
		const config = cliConfig( dbOnly, null );
		expect( config.db ).toMatchObject( {
			database: 'site',
			user: 'wp',
			port: 3307,
		} );
		expect( config.port ).toBe( 0 );
	} );

	it( 'still refuses a missing port or secret for the service', () => {
		expect( () => loadConfig( dbOnly ) ).toThrow( /SYTEOPS_SIDECAR_PORT/ );
		expect( () =>
			loadConfig( { ...dbOnly, SYTEOPS_SIDECAR_PORT: '8091' } )
		).toThrow( /SYTEOPS_SIDECAR_SECRET/ );
	} );

	it( 'still refuses missing database credentials', () => {
		expect( () => cliConfig( {}, null ) ).toThrow( /DB_NAME\/DB_USER/ );
	} );

	it( 'reads --wp-config as SYTEOPS_WP_CONFIG would, and environment variables still win', () => {
		const dir = mkdtempSync( path.join( tmpdir(), 'syteops-cli-' ) );
		const file = path.join( dir, 'wp-config.php' );
		writeFileSync(
			file,
			"<?php\ndefine( 'DB_NAME', 'from_file' );\ndefine( 'DB_USER', 'u' );\n$table_prefix = 'abc_';\n"
		);
		const config = cliConfig( { DB_NAME: 'from_env' }, file );
		expect( config.db.database ).toBe( 'from_env' );
		expect( config.tablePrefix ).toBe( 'abc_' );
		expect( config.wpDir ).toBe( dir );
		expect( config.storageDir ).toBe(
			path.join( path.dirname( dir ), 'syteops-backup-storage' )
		);
	} );
} );
