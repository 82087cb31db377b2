/**
 * PathIndex (path-index.ts): paths numbered in the order added, found again by value and given back
 * exactly (non-ASCII and lone surrogates included), through growth and truncation; and, measured
 * in a process of its own, next to nothing of the V8 heap per path where a Set of the same strings holds
 * some 90 bytes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

import { PathIndex } from '../../../sidecar/src/path-index';

const ROOT = path.resolve( __dirname, '../../..' );

const pathsOf = ( count: number ) =>
	Array.from(
		{ length: count },
		( _, i ) => `wp-content/uploads/20${ 10 + ( i % 15 ) }/image-${ i }.jpg`
	);

describe( 'PathIndex', () => {
	it( 'numbers paths in the order added and finds each again, through many growths', () => {
		const index = new PathIndex();
		const paths = pathsOf( 50_000 );
		paths.forEach( ( p, i ) => expect( index.add( p ) ).toBe( i ) );
		expect( index.size ).toBe( paths.length );
		paths.forEach( ( p, i ) => {
			expect( index.rowOf( p ) ).toBe( i );
			expect( index.pathOf( i ) ).toBe( p );
		} );
		expect(
			index.rowOf( 'wp-content/uploads/2010/image-50000.jpg' )
		).toBeUndefined();
		expect( index.rowOf( 'wp-content/uploads/2010/image-1.jp' ) ).toBe(
			undefined
		);
	} );

	it( 'gives the row it already has when a path is added again', () => {
		const index = new PathIndex();
		expect( index.add( 'a' ) ).toBe( 0 );
		expect( index.add( 'b' ) ).toBe( 1 );
		expect( index.add( 'a' ) ).toBe( 0 );
		expect( index.size ).toBe( 2 );
	} );

	it( 'keeps every string exactly: empty, non-ASCII, astral, lone surrogates unlike their replacement', () => {
		const index = new PathIndex();
		const values = [
			'',
			'wp-content/uploads/café-ü.jpg',
			'wp-content/😀/x',
			'lone \ud800 high',
			'lone \udc00 low',
			'lone \ufffd replaced',
			'x'.repeat( 5000 ),
		];
		values.forEach( ( v ) => index.add( v ) );
		values.forEach( ( v, i ) => {
			expect( index.pathOf( i ) ).toBe( v );
			expect( index.rowOf( v ) ).toBe( i );
		} );
		expect( index.rowOf( 'lone \ufffd high' ) ).toBeUndefined();
		expect( index.rowOf( 'lone \ud801 high' ) ).toBeUndefined();
	} );

	it( 'forgets the rows after a count on truncate, and can add them again', () => {
		const index = new PathIndex();
		const paths = pathsOf( 100 );
		paths.forEach( ( p ) => index.add( p ) );
		index.truncate( 40 );
		expect( index.size ).toBe( 40 );
		expect( index.rowOf( paths[ 39 ] ) ).toBe( 39 );
		expect( index.rowOf( paths[ 40 ] ) ).toBeUndefined();
		expect( () => index.pathOf( 40 ) ).toThrow( RangeError );
		expect( index.add( paths[ 99 ] ) ).toBe( 40 );
		expect( index.pathOf( 40 ) ).toBe( paths[ 99 ] );
		expect( index.pathOf( 39 ) ).toBe( paths[ 39 ] );
	} );

	it( 'keeps 100,000 paths in under 8 bytes of V8 heap each, where a Set of the same strings takes over 80', () => {
		const inSet = heapPerPath( 'new Set()' );
		const inIndex = heapPerPath( 'new PathIndex()' );
		expect( inSet ).toBeGreaterThan( 80 );
		// Near zero either way: code compiled or freed around the count moves the heap a little.
		expect( Math.abs( inIndex ) ).toBeLessThan( 8 );
	} );
} );

/**
 * Heap bytes per path held, in a fresh process (inside jest's worker, other suites' garbage is freed during
 * the count and makes it meaningless) running path-index.ts compiled here.
 * @param holder the source of an expression making what holds the paths (anything with add and size)
 */
function heapPerPath( holder: string ): number {
	const compiled = ts.transpileModule(
		readFileSync( path.join( ROOT, 'sidecar/src/path-index.ts' ), 'utf8' ),
		{
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2022,
			},
		}
	).outputText;
	const script = `
		const { getHeapStatistics } = require( 'node:v8' );
		const COUNT = 100000; // many: what the setup itself allocates or frees is a few bytes a path
		const module = { exports: {} };
		new Function( 'module', 'exports', ${ JSON.stringify( compiled ) } )( module, module.exports );
		const { PathIndex } = module.exports;
		const make = ( i ) => 'wp-content/uploads/20' + ( 10 + ( i % 15 ) ) + '/image-' + i + '-ü.jpg';
		gc(); gc();
		const before = getHeapStatistics().used_heap_size;
		const held = ${ holder };
		for ( let i = 0; i < COUNT; i++ ) held.add( JSON.parse( JSON.stringify( make( i ) ) ) );
		if ( held.size !== COUNT ) throw new Error( 'held ' + held.size + ' paths' );
		gc(); gc();
		const after = getHeapStatistics().used_heap_size;
		process.stdout.write( String( held.size && ( after - before ) / COUNT ) );
	`;
	return Number(
		execFileSync( process.execPath, [ '--expose-gc', '-e', script ], {
			encoding: 'utf8',
		} )
	);
}
