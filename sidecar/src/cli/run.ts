/**
 * Dispatch: parse, run one command, print its result (`--json`: one JSON document on stdout; errors as the
 * REST error shape on stderr) and return the exit code: 0 done, 1 failed or verify not ok, 2 usage error.
 */
import { randomBytes } from 'node:crypto';

import { isSyteOpsError, SyteOpsError } from '../errors';
import { parseArgs, type Command, type Invocation } from './args';
import type { CliIo, CommandContext, CommandOutput } from './io';
import { NO_PROGRESS, terminalProgress } from './progress';
import { cliConfig, lazySite } from './site';
import { USAGE } from './usage';

/** Exit code meaning "still running" (serve): main.ts must not exit. */
export const KEEP_RUNNING = -1;

/**
 * Each command's module is loaded when that command runs: a static import of all of them loaded the backup
 * and restore engines (and what they pull in) for `preview` or `list` too, a tenth of a second of start-up.
 * @param command
 * @param ctx
 */
async function dispatch(
	command: Exclude< Command, { name: 'help' | 'serve' } >,
	ctx: CommandContext
): Promise< CommandOutput > {
	switch ( command.name ) {
		case 'create':
			return ( await import( './commands/create' ) ).createCommand(
				command,
				ctx
			);
		case 'list':
			return ( await import( './commands/list' ) ).listCommand(
				command,
				ctx
			);
		case 'verify':
			return ( await import( './commands/verify' ) ).verifyCommand(
				command,
				ctx
			);
		case 'preview':
			return ( await import( './commands/preview' ) ).previewCommand(
				command,
				ctx
			);
		case 'restore':
			return ( await import( './commands/restore' ) ).restoreCommand(
				command,
				ctx
			);
		case 'sql':
			return ( await import( './commands/sql' ) ).sqlCommand(
				command,
				ctx
			);
		case 'rescan':
			return ( await import( './commands/rescan' ) ).rescanCommand(
				command,
				ctx
			);
		case 'export':
			return ( await import( './commands/export' ) ).exportCommand(
				command,
				ctx
			);
		case 'import':
			return ( await import( './commands/import' ) ).importCommand(
				command,
				ctx
			);
	}
}

/**
 * A catalogued error as it is; anything else as `syteops_internal`, its own message kept as a detail
 * (the CLI runs locally, for the site's operator).
 * @param error
 */
export function toCliError( error: unknown ): SyteOpsError {
	if ( isSyteOpsError( error ) ) {
		return error;
	}
	const reason = ( error as Error )?.message ?? String( error );
	return new SyteOpsError(
		'syteops_internal',
		{ ref: randomBytes( 4 ).toString( 'hex' ), reason },
		`SyteOps Backup hit an unexpected error: ${ reason }`
	);
}

function report( error: unknown, json: boolean, io: CliIo ): number {
	const failure = toCliError( error );
	io.stderr.write(
		json
			? JSON.stringify( failure.toRestBody() ) + '\n'
			: `syteops-backup: ${ failure.message }\n`
	);
	return failure.code === 'syteops_invalid_param' ? 2 : 1;
}

async function execute( inv: Invocation, io: CliIo ): Promise< number > {
	const { command } = inv;
	if ( command.name === 'help' ) {
		io.stdout.write( USAGE );
		return 0;
	}
	if ( command.name === 'serve' ) {
		// Loaded only here: the HTTP server (express and every handler) cost every other command start-up time.
		const { serve } = await import( '../main' );
		await serve(
			inv.wpConfig
				? { ...io.env, SYTEOPS_WP_CONFIG: inv.wpConfig }
				: io.env
		);
		return KEEP_RUNNING;
	}
	const site = lazySite( () => cliConfig( io.env, inv.wpConfig ) );
	const progress =
		! inv.json && io.stderr.isTTY
			? terminalProgress( io.stderr )
			: NO_PROGRESS;
	try {
		const output = await dispatch( command, { io, site, progress } );
		progress.finish();
		io.stdout.write(
			inv.json
				? JSON.stringify( output.json, null, 2 ) + '\n'
				: output.human
		);
		return output.exitCode ?? 0;
	} finally {
		progress.finish();
		await site.close();
	}
}

export async function runCli(
	argv: readonly string[],
	io: CliIo
): Promise< number > {
	let inv: Invocation;
	try {
		inv = parseArgs( argv );
	} catch ( error ) {
		return report( error, argv.includes( '--json' ), io );
	}
	try {
		return await execute( inv, io );
	} catch ( error ) {
		return report( error, inv.json, io );
	}
}
