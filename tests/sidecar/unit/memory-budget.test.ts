/**
 * collectGarbageNow (memory-budget.ts): with the collector exposed, as the launcher starts the CLI and the
 * sidecar, garbage a thread left is freed at the call, not at its next allocation; without it (jest, a bare
 * `node`) the call does nothing and does not throw. Each case runs the function's own code in a fresh
 * process, where no other suite's garbage moves the heap.
 */
import { execFileSync } from 'node:child_process';

import { collectGarbageNow } from '../../../sidecar/src/memory-budget';

/**
 * Heap bytes in use before and after the call, in a fresh process started with `flags`, once 30 MB of
 * strings were made and dropped.
 * @param flags node options
 */
function heapAroundCall( flags: string[] ): { before: number; after: number } {
	const script = `
		const { getHeapStatistics } = require( 'node:v8' );
		const collect = ${ collectGarbageNow.toString() };
		let kept = [];
		for ( let i = 0; i < 300000; i++ ) kept.push( 'garbage ' + i + ' '.repeat( 80 ) + i );
		kept = null;
		const before = getHeapStatistics().used_heap_size;
		collect();
		const after = getHeapStatistics().used_heap_size;
		process.stdout.write( JSON.stringify( { before, after } ) );
	`;
	return JSON.parse(
		execFileSync( process.execPath, [ ...flags, '-e', script ], {
			encoding: 'utf8',
		} )
	) as { before: number; after: number };
}

describe( 'collectGarbageNow', () => {
	it( 'frees dropped objects at the call when the collector is exposed (as the launcher starts node)', () => {
		const { before, after } = heapAroundCall( [ '--expose-gc' ] );
		expect( before - after ).toBeGreaterThan( 20 * 1024 * 1024 );
	} );

	it( 'does nothing, and does not throw, when it is not', () => {
		const { before, after } = heapAroundCall( [] );
		expect( Math.abs( before - after ) ).toBeLessThan( 1024 * 1024 );
	} );
} );
