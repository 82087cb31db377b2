#!/usr/bin/env node
/**
 * `syteops-backup`: the command-line shell over the sidecar's engine (see run.ts and docs/cli.md).
 * `serve` runs the sidecar service and keeps the process alive.
 */
import { applyMemoryBudget } from '../memory-budget';
import { KEEP_RUNNING, runCli } from './run';

applyMemoryBudget();

// `syteops-backup sql archive.zip | head` closes stdout early: that is the reader's choice, not a failure.
process.stdout.on( 'error', ( error: NodeJS.ErrnoException ) => {
	if ( error.code === 'EPIPE' ) {
		process.exit( 0 );
	}
	throw error;
} );

runCli( process.argv.slice( 2 ), {
	stdout: process.stdout,
	stderr: process.stderr,
	env: process.env,
} ).then(
	( code ) => {
		if ( code !== KEEP_RUNNING ) {
			process.exitCode = code;
		}
	},
	( error: unknown ) => {
		process.stderr.write(
			`syteops-backup: ${ ( error as Error )?.message ?? String( error ) }\n`
		);
		process.exitCode = 1;
	}
);
