/**
 * The pure rules of keeping live tables in a restore (engine/kept-tables.ts, db/load-verdicts.ts) and the
 * manifest's optional table checksum: which restores can keep a table at all (those changing no row), which
 * snapshot reads match the archive (rows, digest, engine; never options), which tables are worth waiting for
 * (a recorded checksum, largest first), how the guard tells a changed table, and how verdicts wake a load.
 */
import {
	parseManifest,
	type Manifest,
} from '../../../../sidecar/src/archive/manifest';
import { LoadVerdicts } from '../../../../sidecar/src/db/load-verdicts';
import {
	changesNoRow,
	guessable,
	KeptTables,
	rowsMatchArchive,
} from '../../../../sidecar/src/engine/kept-tables';
import { manifestBase } from '../../integration/db/support/archive';

const SHA = 'a'.repeat( 64 );

function manifestWith( tables: Manifest[ 'sections' ][ 'tables' ] ) {
	const base = manifestBase(
		{ tables: [], warnings: [], secretsExcluded: [] },
		'wp_'
	);
	return {
		...base,
		sections: { ...base.sections, tables },
		entries: [],
	};
}

describe( 'changesNoRow', () => {
	it( 'is true only with the same prefix and no URL rewrite (or one to the same URL)', () => {
		const same = { sourcePrefix: 'wp_', targetPrefix: 'wp_' };
		expect( changesNoRow( { ...same, urlRewrite: null } ) ).toBe( true );
		expect(
			changesNoRow( {
				...same,
				urlRewrite: { from: 'https://a', to: 'https://a' },
			} )
		).toBe( true );
		expect(
			changesNoRow( {
				...same,
				urlRewrite: { from: 'https://a', to: 'https://b' },
			} )
		).toBe( false );
		expect(
			changesNoRow( {
				sourcePrefix: 'wp_',
				targetPrefix: 'site_',
				urlRewrite: null,
			} )
		).toBe( false );
	} );
} );

describe( 'rowsMatchArchive', () => {
	const manifest = manifestWith( [
		{ name: 'posts', rows: 3, sha256: SHA, engine: 'InnoDB' },
		{ name: 'options', rows: 9, sha256: SHA, engine: 'InnoDB' },
		{ name: 'legacy', rows: 1 },
	] );
	const read = {
		name: 'posts',
		rows: 3,
		sha256: SHA,
		engine: 'InnoDB',
	};

	it( 'matches a table with the archive’s row count and digest', () => {
		expect( rowsMatchArchive( read, manifest ) ).toBe( true );
	} );

	it( 'refuses another digest, another row count, another engine, a table without digest, and options', () => {
		expect(
			rowsMatchArchive( { ...read, sha256: 'b'.repeat( 64 ) }, manifest )
		).toBe( false );
		expect( rowsMatchArchive( { ...read, rows: 4 }, manifest ) ).toBe(
			false
		);
		expect(
			rowsMatchArchive( { ...read, engine: 'MyISAM' }, manifest )
		).toBe( false );
		expect(
			rowsMatchArchive( { ...read, name: 'legacy', rows: 1 }, manifest )
		).toBe( false );
		expect(
			rowsMatchArchive( { ...read, name: 'options', rows: 9 }, manifest )
		).toBe( false );
		expect(
			rowsMatchArchive( { ...read, name: 'missing' }, manifest )
		).toBe( false );
	} );
} );

describe( 'guessable', () => {
	it( 'lists the InnoDB tables with a recorded checksum, largest first, never options', () => {
		const manifest = manifestWith( [
			{ name: 'small', rows: 2, engine: 'InnoDB', checksum: '1' },
			{ name: 'big', rows: 90, engine: 'InnoDB', checksum: '2' },
			{ name: 'options', rows: 50, engine: 'InnoDB', checksum: '3' },
			{ name: 'nochecksum', rows: 70, engine: 'InnoDB' },
			{ name: 'myisam', rows: 80, engine: 'MyISAM', checksum: '4' },
		] );
		expect( guessable( manifest ) ).toEqual( [
			{ name: 'big', checksum: '2' },
			{ name: 'small', checksum: '1' },
		] );
	} );
} );

describe( 'KeptTables.changed', () => {
	it( 'names every table not kept, whose checksum moved, or that has none now', () => {
		const kept = new KeptTables( Promise.resolve( null ) );
		expect( kept.changed( [ 'a', 'b' ], [ '1', null ] ) ).toEqual( [
			'a',
			'b',
		] );
	} );
} );

describe( 'the manifest’s table checksum', () => {
	it( 'is kept when it is a CHECKSUM TABLE value', () => {
		const parsed = parseManifest(
			manifestWith( [
				{
					name: 'posts',
					rows: 1,
					engine: 'InnoDB',
					checksum: '3835896338',
				},
			] )
		);
		expect( parsed.sections.tables[ 0 ].checksum ).toBe( '3835896338' );
	} );

	it( 'is refused, with its field named, when it is anything else', () => {
		for ( const checksum of [ 'abc', '-1', '1.5', '' ] ) {
			expect( () =>
				parseManifest(
					manifestWith( [ { name: 'posts', rows: 1, checksum } ] )
				)
			).toThrow( /sections\.tables\[0\]\.checksum/ );
		}
	} );
} );

describe( 'LoadVerdicts', () => {
	it( 'holds a waiting table until its verdict, and wakes every waiter at each verdict', async () => {
		const verdicts = new LoadVerdicts( [ 'a', 'b' ] );
		expect( verdicts.isWaiting( 'a' ) ).toBe( true );
		const woken = verdicts.next();
		verdicts.keep( 'a' );
		await woken;
		expect( verdicts.isWaiting( 'a' ) ).toBe( false );
		expect( verdicts.isKept( 'a' ) ).toBe( true );
		const again = verdicts.next();
		verdicts.load( 'b' );
		await again;
		expect( verdicts.isWaiting( 'b' ) ).toBe( false );
		expect( verdicts.isKept( 'b' ) ).toBe( false );
	} );

	it( 'wakes waiters without a verdict when asked (a failed lane)', async () => {
		const verdicts = new LoadVerdicts( [ 'a' ] );
		const woken = verdicts.next();
		verdicts.wake();
		await woken;
		expect( verdicts.isWaiting( 'a' ) ).toBe( true );
	} );
} );
