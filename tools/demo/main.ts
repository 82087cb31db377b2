/**
 * The demo's main job, through the real REST API of site A as its administrator (application password):
 * checks the sidecar answers through the host shim. Grows with the engine into backup → verify → restore
 * onto site B with URL rewrite.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

function readEnv( file: string ): Record< string, string > {
	return Object.fromEntries(
		readFileSync( file, 'utf8' )
			.split( '\n' )
			.filter( ( line ) => line.includes( '=' ) )
			.map( ( line ) => [
				line.slice( 0, line.indexOf( '=' ) ),
				line.slice( line.indexOf( '=' ) + 1 ),
			] )
	);
}

async function main(): Promise< void > {
	const envFile = process.argv[ process.argv.indexOf( '--env' ) + 1 ];
	const env = readEnv( envFile );
	const root = path.resolve( __dirname, '../../../..' );
	const appPassword = execFileSync( 'php', [
		path.join( root, 'scripts/stack/app-password.php' ),
		env.WP_DIR,
		env.WP_ADMIN_USER,
		'demo',
	] )
		.toString()
		.trim();
	const auth =
		'Basic ' +
		Buffer.from( `${ env.WP_ADMIN_USER }:${ appPassword }` ).toString(
			'base64'
		);
	const response = await fetch(
		`${ env.WP_URL }/wp-json/syteops/v1/backups`,
		{ headers: { authorization: auth } }
	);
	const body = ( await response.json() ) as {
		code?: string;
		message?: string;
	};
	process.stdout.write(
		`[demo] GET /syteops/v1/backups as ${ env.WP_ADMIN_USER } → ${ response.status } ${ body.code ?? '' } ${ body.message ?? '' }\n`
	);
}

main().catch( ( error: unknown ) => {
	process.stderr.write( `[demo] failed: ${ String( error ) }\n` );
	process.exit( 1 );
} );
