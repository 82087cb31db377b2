/**
 * Fuzzing: the serialized-data rewriter and the archive entry validator under fast-check for a few seconds
 * each. Every counterexample becomes a fixture file (support/fuzz.ts) replayed on every later run.
 *
 * Rewriter: for generated PHP-serialized trees full of source URLs (and damaged copies of them), it never
 * throws, reports `changed` and `count` truthfully, hands back an unsafe value untouched, and never turns a
 * value that parses into one that does not; a safe rewrite of a well-formed tree leaves no source URL behind
 * (a second pass changes nothing).
 * Entry validator: for generated names built from hostile pieces, it accepts or throws a named archive error,
 * and an accepted name always resolves inside the restore root (never beside it, as `storage-evil/`);
 * the directory check accepts or throws a named error for any list of records, and what it accepts has
 * valid, unique, non-link names.
 */
import path from 'node:path';
import fc from 'fast-check';

import {
	resolveInside,
	validateEntryPath,
} from '../../sidecar/src/archive/entry-path';
import {
	checkDirectory,
	isSymlinkRecord,
	type DirectoryRecord,
} from '../../sidecar/src/archive/entry-checks';
import { withDefaults } from '../../sidecar/src/archive/limits';
import { isSyteOpsError } from '../../sidecar/src/errors';
import {
	buildUrlMap,
	parseSerialized,
	rewriteValue,
	SerializedParseError,
} from '../../sidecar/src/rewrite';
import { printSummary } from './support/backups';
import { fuzzFor, type FuzzOutcome } from './support/fuzz';

const BUDGET_MS = 4000;
const SOURCE = 'https://source.example';
const map = buildUrlMap( SOURCE, 'https://target.example/sub' );
const outcomes: FuzzOutcome[] = [];

// ---- the rewriter -------------------------------------------------------------------------------------

type Tree =
	| { s: string }
	| { i: number }
	| { b: boolean }
	| { n: null }
	| { a: [ string | number, Tree ][] }
	| { o: string; p: [ string, Tree ][] };

const textPiece = fc.oneof(
	fc.constantFrom(
		SOURCE,
		`${ SOURCE }/wp-content/uploads/a.jpg`,
		'https://source.examplex',
		'http://source.example',
		'https:\\/\\/source.example\\/x',
		'"',
		'";',
		'}',
		's:5:"',
		'é',
		'😀',
		'{"u":"https://source.example"}'
	),
	fc.string( { maxLength: 6 } )
);
const text = fc
	.array( textPiece, { maxLength: 5 } )
	.map( ( parts ) => parts.join( '' ) );

const tree: fc.Arbitrary< Tree > = fc.letrec< { tree: Tree } >( ( tie ) => ( {
	tree: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		text.map( ( s ) => ( { s } ) ),
		fc.integer().map( ( i ) => ( { i } ) ),
		fc.boolean().map( ( b ) => ( { b } ) ),
		fc.constant( { n: null } ),
		fc
			.array( fc.tuple( fc.oneof( fc.nat( 9 ), text ), tie( 'tree' ) ), {
				maxLength: 4,
			} )
			.map( ( a ) => ( { a } ) ),
		fc
			.tuple(
				fc.constantFrom( 'stdClass', 'WP_Post', 'Evil\\Gadget' ),
				fc.array( fc.tuple( text, tie( 'tree' ) ), { maxLength: 3 } )
			)
			.map( ( [ o, p ] ) => ( { o, p } ) )
	),
} ) ).tree;

function phpString( value: string ): string {
	return `s:${ Buffer.byteLength( value, 'utf8' ) }:"${ value }";`;
}

function phpKey( key: string | number ): string {
	return typeof key === 'number' ? `i:${ key };` : phpString( key );
}

/**
 * PHP's serialize() of a generated tree (duplicate keys are possible on purpose: PHP's reader takes the last).
 * @param node
 */
function serialize( node: Tree ): string {
	if ( 's' in node ) {
		return phpString( node.s );
	}
	if ( 'i' in node ) {
		return `i:${ node.i };`;
	}
	if ( 'b' in node ) {
		return `b:${ node.b ? 1 : 0 };`;
	}
	if ( 'n' in node ) {
		return 'N;';
	}
	if ( 'a' in node ) {
		return `a:${ node.a.length }:{${ node.a
			.map( ( [ k, v ] ) => phpKey( k ) + serialize( v ) )
			.join( '' ) }}`;
	}
	return `O:${ node.o.length }:"${ node.o }":${ node.p.length }:{${ node.p
		.map( ( [ k, v ] ) => phpString( k ) + serialize( v ) )
		.join( '' ) }}`;
}

type Damage = { at: number; cut: number; insert: string };
const damage = fc.option(
	fc.record( {
		at: fc.nat(),
		cut: fc.nat( 3 ),
		insert: fc.constantFrom( '', '"', ';', '}', '9', 'x', SOURCE ),
	} ),
	{ freq: 2 }
);

function damaged( value: string, edit: Damage | null ): string {
	if ( ! edit ) {
		return value;
	}
	const at = edit.at % ( value.length + 1 );
	return value.slice( 0, at ) + edit.insert + value.slice( at + edit.cut );
}

function parses( value: string ): boolean {
	try {
		parseSerialized( Buffer.from( value, 'utf8' ).toString( 'latin1' ) );
		return true;
	} catch ( error ) {
		if ( error instanceof SerializedParseError ) {
			return false;
		}
		throw error;
	}
}

/**
 * The rewriter's contract for one input (throws on a violation, with the reason).
 * @param input
 * @param wellFormed The input is an undamaged serialized tree.
 */
function rewriterHolds( input: string, wellFormed: boolean ): void {
	const result = rewriteValue( input, map );
	if ( result.changed !== ( result.value !== input ) ) {
		throw new Error( 'changed does not say whether the value changed' );
	}
	if ( result.changed !== result.count > 0 ) {
		throw new Error( 'count and changed disagree' );
	}
	if ( result.unsafe !== undefined && result.value !== input ) {
		throw new Error( `an unsafe (${ result.unsafe }) value was changed` );
	}
	if ( parses( input ) && ! parses( result.value ) ) {
		throw new Error( 'a value that parsed no longer parses' );
	}
	if ( wellFormed && result.unsafe === undefined ) {
		// By the rewriter's own URL matcher: a second pass over a safe rewrite finds nothing left to change.
		const again = rewriteValue( result.value, map );
		if ( again.changed ) {
			throw new Error( 'a safe rewrite left a source URL behind' );
		}
	}
}

// ---- the entry validator ------------------------------------------------------------------------------

const segment = fc.oneof(
	fc.constantFrom(
		'..',
		'.',
		'',
		'files',
		'wp-content',
		'uploads',
		'storage',
		'storage-evil',
		'C:',
		'c:..',
		'a\\..\\b',
		'\u0000',
		'\u0085',
		'é',
		'..\u2215x',
		'%2e%2e',
		'~'
	),
	fc.string( { maxLength: 5 } )
);
const entryName = fc.oneof(
	fc
		.tuple(
			fc.constantFrom( '', '/', '//', 'C:/', '\\', './' ),
			fc.array( segment, { minLength: 1, maxLength: 6 } )
		)
		.map( ( [ lead, parts ] ) => lead + parts.join( '/' ) ),
	fc.string( { maxLength: 40 } ),
	fc.string( { minLength: 1000, maxLength: 1100 } )
);
const ROOT = '/srv/site/storage';

function entryNameHolds( name: string ): void {
	try {
		validateEntryPath( name );
	} catch ( error ) {
		if (
			isSyteOpsError( error ) &&
			error.code.startsWith( 'syteops_archive_entry_' )
		) {
			return;
		}
		throw error;
	}
	const target = resolveInside( ROOT, name );
	if ( ! target.startsWith( ROOT + path.sep ) ) {
		throw new Error(
			`accepted ${ JSON.stringify( name ) } lands at ${ target }`
		);
	}
	if (
		name.includes( '\\' ) ||
		name.startsWith( '/' ) ||
		name.split( '/' ).includes( '..' )
	) {
		throw new Error( `accepted ${ JSON.stringify( name ) }` );
	}
}

const record: fc.Arbitrary< DirectoryRecord > = fc.record( {
	path: fc.oneof(
		entryName,
		fc.constantFrom( 'db/a.rows.ndjson', 'manifest.json' )
	),
	versionMadeBy: fc.constantFrom( 0x031e, 0x0014, 0x0b1e ),
	flags: fc.constantFrom( 0, 1, 8, 0x40, 0x800 ),
	compressionMethod: fc.constantFrom( 0, 8, 12, 99 ),
	compressedSize: fc.nat( 5_000_000 ),
	uncompressedSize: fc.nat( 2_000_000_000 ),
	externalFileAttributes: fc.constantFrom(
		0,
		0o100644 * 65536,
		0o120777 * 65536,
		0o040755 * 65536
	),
} );
const limits = withDefaults( { maxEntries: 6 } );

function directoryHolds( records: DirectoryRecord[] ): void {
	try {
		checkDirectory( records, limits );
	} catch ( error ) {
		if (
			isSyteOpsError( error ) &&
			error.code.startsWith( 'syteops_archive_' )
		) {
			return;
		}
		throw error;
	}
	const names = records.map( ( r ) => r.path );
	if ( new Set( names ).size !== names.length ) {
		throw new Error( 'accepted duplicate names' );
	}
	for ( const r of records ) {
		validateEntryPath( r.path );
		if ( isSymlinkRecord( r ) || r.flags % 2 === 1 ) {
			throw new Error(
				`accepted a link or encrypted record ${ r.path }`
			);
		}
	}
}

describe( 'fuzzing the rewriter and the entry validator', () => {
	afterAll( () => {
		const runs = outcomes.reduce( ( n, o ) => n + o.runs, 0 );
		const failures = outcomes.reduce( ( n, o ) => n + o.failures, 0 );
		printSummary(
			'fuzzing',
			`${ runs } runs, ${ failures } failures (${ outcomes
				.map(
					( o ) =>
						`${ o.target } ${ o.runs } runs/${ o.fixturesReplayed } fixtures`
				)
				.join( ', ' ) }; ${ BUDGET_MS / 1000 } s each)`
		);
	} );

	function expectClean( outcome: FuzzOutcome ): void {
		outcomes.push( outcome );
		expect( {
			target: outcome.target,
			failures: outcome.failures,
			error: outcome.error,
			saved: outcome.saved,
		} ).toEqual( {
			target: outcome.target,
			failures: 0,
			error: undefined,
			saved: undefined,
		} );
		expect( outcome.runs ).toBeGreaterThan( 0 );
	}

	it( 'keeps the rewriter’s contract on generated and damaged serialized values', () => {
		expectClean(
			fuzzFor(
				'rewriter',
				fc.tuple( tree, damage ).map( ( [ t, d ] ) => {
					const clean = serialize( t );
					return [ damaged( clean, d ), d === null ] as [
						string,
						boolean,
					];
				} ),
				rewriterHolds,
				BUDGET_MS
			)
		);
	} );

	it( 'lets no accepted entry name resolve outside the restore root', () => {
		expectClean(
			fuzzFor(
				'entry-path',
				entryName.map( ( n ) => [ n ] as [ string ] ),
				entryNameHolds,
				BUDGET_MS
			)
		);
	} );

	it( 'accepts only valid, unique, non-link records in a ZIP directory, or names the problem', () => {
		expectClean(
			fuzzFor(
				'directory',
				fc
					.array( record, { maxLength: 8 } )
					.map( ( r ) => [ r ] as [ DirectoryRecord[] ] ),
				directoryHolds,
				BUDGET_MS
			)
		);
	} );
} );
