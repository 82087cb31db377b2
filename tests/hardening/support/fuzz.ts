/**
 * Time-boxed property runs with regression fixtures: every counterexample fast-check finds is written to
 * tests/hardening/fixtures/fuzz/<target>/<sha>.json and replayed first on every later run, so a crash found
 * once in CI stays a test case after the bug is fixed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';

const FIXTURES = path.join( __dirname, '../fixtures/fuzz' );

export interface FuzzOutcome {
	target: string;
	runs: number;
	fixturesReplayed: number;
	failures: number;
	/** Where the counterexample was saved, when there was one. */
	saved?: string;
	error?: string;
}

/**
 * Every saved counterexample of `target` (each file holds the property's argument tuple as JSON).
 * @param target
 */
export function regressionFixtures< Ts extends unknown[] >(
	target: string
): Ts[] {
	const dir = path.join( FIXTURES, target );
	let names: string[];
	try {
		names = readdirSync( dir ).filter( ( n ) => n.endsWith( '.json' ) );
	} catch {
		return [];
	}
	return names
		.sort()
		.map( ( n ) =>
			JSON.parse( readFileSync( path.join( dir, n ), 'utf8' ) )
		);
}

function saveFixture( target: string, args: unknown ): string {
	const text = JSON.stringify( args, null, 1 ) + '\n';
	const dir = path.join( FIXTURES, target );
	mkdirSync( dir, { recursive: true } );
	const file = path.join(
		dir,
		`${ createHash( 'sha256' ).update( text ).digest( 'hex' ).slice( 0, 16 ) }.json`
	);
	writeFileSync( file, text );
	return path.relative( path.join( __dirname, '../../..' ), file );
}

/**
 * Runs `predicate` on the saved fixtures, then on generated inputs until `budgetMs` has passed (the
 * generated run count is what the budget allowed, reported, never asserted). Arguments must be JSON data.
 * @param target    Fixture folder name.
 * @param arbitrary The input generator (a tuple).
 * @param predicate Throws (or returns false) when the property does not hold.
 * @param budgetMs  Wall-clock budget for generated inputs.
 */
export function fuzzFor< Ts extends [ unknown, ...unknown[] ] >(
	target: string,
	arbitrary: fc.Arbitrary< Ts >,
	predicate: ( ...args: Ts ) => boolean | void,
	budgetMs: number
): FuzzOutcome {
	const fixtures = regressionFixtures< Ts >( target );
	const property = fc.property( arbitrary, ( args ) => predicate( ...args ) );
	const details = fc.check( property, {
		examples: fixtures.map( ( f ) => [ f ] as [ Ts ] ),
		numRuns: 10_000_000,
		interruptAfterTimeLimit: budgetMs,
		markInterruptAsFailure: false,
	} );
	const outcome: FuzzOutcome = {
		target,
		runs: details.numRuns,
		fixturesReplayed: fixtures.length,
		failures: details.failed ? 1 : 0,
	};
	if ( details.failed && details.counterexample ) {
		outcome.saved = saveFixture( target, details.counterexample[ 0 ] );
		outcome.error = String( details.errorInstance );
	}
	return outcome;
}
