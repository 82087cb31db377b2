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
