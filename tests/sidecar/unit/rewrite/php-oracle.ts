/**
 * The real `php` binary as the judge of serialized data. Each call handles a whole batch through JSON on
 * stdin, so the property test starts PHP a handful of times, not once per value.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** A PHP value to build (see php/build-serialized.php for the shape). */
export type PhpSpec =
	| { t: 's'; v: string }
	| { t: 'i'; v: number }
	| { t: 'd'; v: number }
	| { t: 'b'; v: boolean }
	| { t: 'n' }
	| { t: 'a'; e: Array< [ string | number, PhpSpec ] > }
	| { t: 'o'; e: Array< [ string, PhpSpec ] > }
	| { t: 'ser'; v: PhpSpec }
	| { t: 'json'; v: PhpSpec };

export interface OracleFailure {
	index: number;
	reason: string;
}

const SCRIPTS = join( __dirname, 'php' );

/** Fails loudly (never skips) when the php CLI is not installed. */
export function assertPhpAvailable(): string {
	try {
		return execFileSync( 'php', [ '-r', 'echo PHP_VERSION;' ], {
			encoding: 'utf8',
		} );
	} catch ( error ) {
		throw new Error(
			`The rewrite property test needs the real php CLI (Debian package php-cli) on PATH to check values with PHP's own unserialize(); running it failed: ${ String(
				error
			) }`
		);
	}
}

function runPhp( script: string, input: unknown ): unknown {
	const output = execFileSync( 'php', [ join( SCRIPTS, script ) ], {
		input: JSON.stringify( input ),
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	} );
	return JSON.parse( output );
}

export function phpSerializeAll( specs: PhpSpec[] ): string[] {
	return runPhp( 'build-serialized.php', specs ) as string[];
}

export function phpCheckAll(
	items: Array< { serialized: string; expected: PhpSpec } >
): OracleFailure[] {
	return runPhp( 'check-unserialized.php', items ) as OracleFailure[];
}
