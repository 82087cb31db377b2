/**
 * Reading manifest.json entry by entry (manifest-read.ts, manifest-split.ts) gives exactly what parsing the
 * whole text gave: the same head and entries, and for a defective manifest the same error (code and
 * message), in the same order of precedence (JSON syntax, then the head, then the first bad entry), in
 * chunks of any size, with the archive reader's fallback to a whole parse.
 */
import {
	EntryTable,
	ListedEntries,
} from '../../../../sidecar/src/archive/entry-table';
import {
	parseManifest,
	type Manifest,
	type ManifestEntry,
} from '../../../../sidecar/src/archive/manifest';
import {
	ManifestStreamReader,
	readManifestWhole,
} from '../../../../sidecar/src/archive/manifest-read';
import { ManifestSplitter } from '../../../../sidecar/src/archive/manifest-split';
import { SyteOpsError } from '../../../../sidecar/src/errors';
import { baseManifest } from '../../fixtures/archive/archive-builder';

const SHA = ( n: number ) => n.toString( 16 ).padStart( 64, '0' );

function manifestWith( count: number ): Manifest {
	return {
		...baseManifest(),
		warnings: [ 'a "quoted" ] } [ { \\ warning, with: punctuation' ],
		entries: Array.from( { length: count }, ( _, i ) => ( {
			path: `files/wp-content/uploads/ü/${ i }].jpg`,
			size: i * 1000,
			sha256: SHA( i ),
			...( i % 2 === 0 ? {} : { compressed: i % 4 === 1 } ),
		} ) ),
	};
}

type Outcome =
	{ manifest: unknown } | { error: { code: string; message: string } };

function outcome( read: () => unknown ): Outcome {
	try {
		return { manifest: read() };
	} catch ( error ) {
		const { code, message } = error as SyteOpsError;
		return { error: { code, message } };
	}
}

/**
 * What the reader made of a manifest before: the whole text decoded, parsed and validated.
 * @param bytes
 */
function whole( bytes: Buffer ): Outcome {
	return outcome( () => {
		let root: unknown;
		try {
			root = JSON.parse(
				new TextDecoder( 'utf-8', { fatal: true } ).decode( bytes )
			);
		} catch ( error ) {
			throw new SyteOpsError( 'syteops_archive_manifest_invalid_json', {
				reason: ( error as Error ).message,
			} );
		}
		return parseManifest( root );
	} );
}

/**
 * What the archive reader makes of it as it streams in (zip-reader.ts): chunks of `chunkSize` bytes, each
 * copied into one scratch buffer that is overwritten after it is fed (nothing may keep a view of a chunk),
 * and when the stream reader gives up, the entries taken back and the whole text read.
 * @param bytes
 * @param chunkSize
 */
function streamed( bytes: Buffer, chunkSize: number ): Outcome {
	return outcome( () => {
		const table = new EntryTable( 4 );
		const add = ( entry: ManifestEntry, i: number ) =>
			table.addListedEntry( entry, i );
		const reader = new ManifestStreamReader( add );
		const scratch = Buffer.alloc( chunkSize );
		let fed = true;
		for ( let at = 0; fed && at < bytes.length; at += chunkSize ) {
			const length = bytes.copy( scratch, 0, at, at + chunkSize );
			fed = reader.feed( scratch.subarray( 0, length ) );
			scratch.fill( 0x7b );
		}
		let head = fed ? reader.end() : undefined;
		if ( head === undefined ) {
			gaveUp.push( chunkSize );
			table.forgetListed();
			head = readManifestWhole( bytes, add );
		}
		return { ...head, entries: [ ...new ListedEntries( table ) ] };
	} );
}

/** The chunk sizes streamed() had to read the whole text for, since the last reset. */
let gaveUp: number[] = [];
beforeEach( () => {
	gaveUp = [];
} );

/** Chunk sizes that split every token somewhere: single bytes, odd sizes, and the whole text at once. */
const CHUNK_SIZES = [ 1, 3, 61, 4096, Number.MAX_SAFE_INTEGER ];

function expectSame( text: string | Buffer ): Outcome {
	const bytes = Buffer.isBuffer( text ) ? text : Buffer.from( text );
	const expected = whole( bytes );
	for ( const chunkSize of CHUNK_SIZES ) {
		expect(
			streamed( bytes, Math.min( chunkSize, bytes.length ) )
		).toEqual( expected );
	}
	return expected;
}

/**
 * The splitter over the whole text: the head's text and each element's, or undefined when it gives up.
 * @param text
 */
function splitManifest(
	text: string
): { head: string; elements: string[] } | undefined {
	const elements: string[] = [];
	const splitter = new ManifestSplitter( ( bytes ) =>
		elements.push( bytes.toString() )
	);
	const head = splitter.feed( Buffer.from( text ) )
		? splitter.end()
		: undefined;
	return head && { head: head.toString(), elements };
}

const pretty = ( value: unknown ) => JSON.stringify( value, null, '\t' );

describe( 'reading a manifest entry by entry', () => {
	it( 'splits the writer’s tab-indented manifest and a compact one, and reads both as parsing them whole does', () => {
		for ( const text of [
			pretty( manifestWith( 300 ) ),
			JSON.stringify( manifestWith( 300 ) ),
			pretty( manifestWith( 0 ) ),
		] ) {
			expect( splitManifest( text ) ).toBeDefined();
			const result = expectSame( text );
			expect( result ).toHaveProperty( 'manifest.entries' );
			expect( gaveUp ).toEqual( [] ); // every chunking read it as it streamed
		}
	} );

	it( 'keeps the head intact around the emptied entries, wherever the entries key is', () => {
		const { entries, ...head } = manifestWith( 3 );
		const text = JSON.stringify( { entries, ...head } );
		const split = splitManifest( text );
		expect( JSON.parse( split?.head ?? '' ) ).toEqual( {
			entries: [],
			...head,
		} );
		expect( split?.elements.map( ( e ) => JSON.parse( e ) ) ).toEqual(
			entries
		);
		expectSame( text );
	} );

	it.each( [
		[ 'a byte-order mark', '\ufeff' + pretty( manifestWith( 2 ) ) ],
		[
			'entries twice (JSON.parse keeps the last)',
			pretty( manifestWith( 2 ) ).replace(
				/\}\s*$/,
				',\n"entries": []\n}'
			),
		],
		[
			'an escaped key',
			pretty( manifestWith( 2 ) ).replace(
				'"entries"',
				'"\\u0065ntries"'
			),
		],
		[ 'bytes after the object', pretty( manifestWith( 2 ) ) + ' x' ],
		[
			'entries that are not an array',
			pretty( { ...baseManifest(), entries: {} } ),
		],
		[ 'no entries at all', pretty( baseManifest() ) ],
		[ 'an empty object', '{}' ],
		[ 'an array', '[]' ],
	] )(
		'falls back to parsing whole for %s, with the same outcome',
		( _, text ) => {
			expect( splitManifest( text ) ).toBeUndefined();
			expectSame( text );
		}
	);

	it( 'gives JSON.parse’s own error for a syntax error in an entry, even after a defective entry', () => {
		const text = pretty( manifestWith( 5 ) )
			.replace( `"size": 1000`, `"size": -1` )
			.replace( `"size": 3000`, `"size": 3000,` );
		expect( expectSame( text ) ).toMatchObject( {
			error: { code: 'syteops_archive_manifest_invalid_json' },
		} );
	} );

	it( 'gives JSON.parse’s own error for a syntax error in the head', () => {
		const text = pretty( manifestWith( 2 ) ).replace(
			'"format_version": 1',
			'"format_version": 1,,'
		);
		expect( expectSame( text ) ).toMatchObject( {
			error: { code: 'syteops_archive_manifest_invalid_json' },
		} );
	} );

	it( 'names a defect of the head before a defective entry, and the first defective entry before a later one', () => {
		const twoBadEntries = pretty( manifestWith( 5 ) )
			.replace( SHA( 3 ), 'XYZ' )
			.replace( `"size": 1000`, `"size": 1.5` );
		expect( expectSame( twoBadEntries ) ).toMatchObject( {
			error: { message: expect.stringContaining( 'entries[1].size' ) },
		} );
		expect( gaveUp ).toEqual( [] ); // defects found as it streamed, not by a whole parse
		const badHeadToo = twoBadEntries.replace(
			'"created_at": "2026-11-23T10:00:00Z"',
			'"created_at": "yesterday"'
		);
		expect( expectSame( badHeadToo ) ).toMatchObject( {
			error: { message: expect.stringContaining( 'created_at' ) },
		} );
	} );

	it( 'splits elements that are literals, strings and nested arrays where the whole parse does, and refuses them the same way', () => {
		const text = JSON.stringify( {
			...baseManifest(),
			entries: [],
		} ).replace(
			/"entries":\[\]/,
			'"entries": [ 17 , true,null, "a \\" ] b", [ [ "]" ], { } ] ]'
		);
		expect( splitManifest( text )?.elements ).toEqual( [
			'17',
			'true',
			'null',
			'"a \\" ] b"',
			'[ [ "]" ], { } ]',
		] );
		expect( expectSame( text ) ).toMatchObject( {
			error: { code: 'syteops_archive_manifest_invalid' },
		} );
	} );

	it( 'refuses a path listed twice, naming the second listing', () => {
		const manifest = manifestWith( 3 );
		manifest.entries[ 2 ].path = manifest.entries[ 0 ].path;
		expect( expectSame( pretty( manifest ) ) ).toMatchObject( {
			error: { message: expect.stringContaining( 'entries[2].path' ) },
		} );
	} );

	it( 'refuses bytes that are not UTF-8 with the message the whole-text decoder gave', () => {
		const bytes = Buffer.from( pretty( manifestWith( 2 ) ) );
		bytes[ bytes.indexOf( 'ü' ) ] = 0xff;
		expect( expectSame( bytes ) ).toMatchObject( {
			error: { code: 'syteops_archive_manifest_invalid_json' },
		} );
	} );
} );
