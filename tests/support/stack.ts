/**
 * The running test stack, as described by its env file (SYTEOPS_STACK_ENV, default .stack-test/env).
 * Integration, PHPUnit and browser tests all use the real servers it lists.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type StackEnv = Record< string, string >;

export function loadStackEnv(): StackEnv {
	const file =
		process.env.SYTEOPS_STACK_ENV ??
		path.join( __dirname, '../../.stack-test/env' );
	let text: string;
	try {
		text = readFileSync( file, 'utf8' );
	} catch {
		throw new Error(
			`The test stack is not up (${ file } is missing). Run \`make test\` or \`make stack-test\`.`
		);
	}
	const env: StackEnv = {};
	for ( const line of text.split( '\n' ) ) {
		const eq = line.indexOf( '=' );
		if ( eq > 0 ) {
			env[ line.slice( 0, eq ) ] = line.slice( eq + 1 );
		}
	}
	return env;
}

/**
 * Stops one site's sidecar of the running stack (by its PID file) and waits until its port is closed.
 * @param env
 * @param site
 */
export async function stopSidecar(
	env: StackEnv,
	site: 'a' | 'b'
): Promise< void > {
	const { readFileSync: read } = await import( 'node:fs' );
	const pid = Number(
		read(
			path.join( env.STACK_DIR, 'run', `sidecar-${ site }.pid` ),
			'utf8'
		)
	);
	try {
		process.kill( pid, 'SIGKILL' );
	} catch {}
	for ( let i = 0; i < 100; i++ ) {
		try {
			process.kill( pid, 0 );
		} catch {
			return;
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 50 ) );
	}
	throw new Error( `sidecar ${ site } (pid ${ pid }) did not stop` );
}

/**
 * Starts one site's sidecar again with the stack's own script (same ports, same secret).
 * @param env
 * @param site
 */
export async function startSidecar(
	env: StackEnv,
	site: 'a' | 'b'
): Promise< void > {
	const { execFileSync } = await import( 'node:child_process' );
	execFileSync(
		'bash',
		[ path.join( __dirname, '../../scripts/stack/sidecar-up.sh' ), site ],
		{
			env: {
				...process.env,
				STACK_DIR: env.STACK_DIR,
				PORT_BASE: new URL( env.WP_URL ).port,
			},
			stdio: 'ignore',
		}
	);
}
