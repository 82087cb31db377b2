/**
 * Reading manifest.json entry by entry (manifest-read.ts, manifest-split.ts) gives exactly what parsing the
 * whole text gave: the same head and entries, and for a defective manifest the same error (code and
 * message), in the same order of precedence (JSON syntax, then the head, then the first bad entry).
 */
import {
	EntryTable,
	ListedEntries,
} from '../../../../sidecar/src/archive/entry-table';
import {
	parseManifest,
	type Manifest,
} from '../../../../sidecar/src/archive/manifest';
import { readManifestBytes } from '../../../../sidecar/src/archive/manifest-read';
import { splitManifest } from '../../../../sidecar/src/archive/manifest-split';
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
 * What the reader makes of it now: entries into an entry table, one at a time.
 * @param bytes
 */
function entryByEntry( bytes: Buffer ): Outcome {
	return outcome( () => {
		const table = new EntryTable( 4 );
		const head = readManifestBytes( bytes, ( entry, i ) =>
			table.addListedEntry( entry, i )
		);
		return { ...head, entries: [ ...new ListedEntries( table ) ] };
	} );
}

function expectSame( text: string | Buffer ): Outcome {
	const bytes = Buffer.isBuffer( text ) ? text : Buffer.from( text );
	const expected = whole( bytes );
	expect( entryByEntry( bytes ) ).toEqual( expected );
	return expected;
}

const pretty = ( value: unknown ) => JSON.stringify( value, null, '\t' );

describe( 'reading a manifest entry by entry', () => {
	it( 'splits the writer’s tab-indented manifest and a compact one, and reads both as parsing them whole does', () => {
		for ( const text of [
			pretty( manifestWith( 300 ) ),
			JSON.stringify( manifestWith( 300 ) ),
			pretty( manifestWith( 0 ) ),
		] ) {
			expect( splitManifest( Buffer.from( text ) ) ).toBeDefined();
			const result = expectSame( text );
			expect( result ).toHaveProperty( 'manifest.entries' );
		}
	} );

	it( 'keeps the head intact around the emptied entries, wherever the entries key is', () => {
		const { entries, ...head } = manifestWith( 3 );
		const text = JSON.stringify( { entries, ...head } );
		const split = splitManifest( Buffer.from( text ) );
		expect( JSON.parse( split?.head ?? '' ) ).toEqual( {
			entries: [],
			...head,
		} );
		expect( split?.elements.length ).toBe( 6 );
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
			expect( splitManifest( Buffer.from( text ) ) ).toBeUndefined();
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
		const badHeadToo = twoBadEntries.replace(
			'"created_at": "2026-11-23T10:00:00Z"',
			'"created_at": "yesterday"'
		);
		expect( expectSame( badHeadToo ) ).toMatchObject( {
			error: { message: expect.stringContaining( 'created_at' ) },
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
