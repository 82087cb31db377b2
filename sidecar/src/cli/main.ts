#!/usr/bin/env node
/**
 * `syteops-backup`: the command-line shell over the sidecar's engine. Commands arrive with the engine;
 * `serve` runs the sidecar service (see docs/cli.md for a systemd unit).
 */
import { serve } from '../main';

const USAGE = `usage: syteops-backup <command> [options]

commands:
  serve     run the sidecar service (reads SYTEOPS_WP_CONFIG or DB_* / SYTEOPS_* environment variables)
`;

async function run( argv: string[] ): Promise< number > {
	const [ command ] = argv;
	switch ( command ) {
		case 'serve':
			await serve( process.env );
			return -1; // keeps running
		case undefined:
		case '-h':
		case '--help':
			process.stdout.write( USAGE );
			return 0;
		default:
			process.stderr.write(
				`syteops-backup: unknown command '${ command }'\n\n${ USAGE }`
			);
			return 2;
	}
}

run( process.argv.slice( 2 ) ).then(
	( code ) => {
		if ( code >= 0 ) {
			process.exit( code );
		}
	},
	( error: unknown ) => {
		process.stderr.write(
			`syteops-backup: ${ ( error as Error ).message ?? String( error ) }\n`
		);
		process.exit( 1 );
	}
);
