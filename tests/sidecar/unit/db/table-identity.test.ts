import { tablesToDigest } from '../../../../sidecar/src/db/table-identity';

const tables = [
	{ staging: 'wp_syteops_stg_posts', live: 'wp_posts' },
	{ staging: 'wp_syteops_stg_postmeta', live: 'wp_postmeta' },
	{ staging: 'wp_syteops_stg_options', live: 'wp_options' },
	{ staging: 'wp_syteops_stg_legacy', live: 'wp_legacy' },
];
const staged = new Map( [
	[ 'wp_syteops_stg_posts', 11 ],
	[ 'wp_syteops_stg_postmeta', 12 ],
	[ 'wp_syteops_stg_options', 13 ],
] );

describe( 'tablesToDigest', () => {
	it( 'skips a live table that carries its staging table’s id (the RENAME moved that very table in)', () => {
		const live = new Map( [
			[ 'wp_posts', 11 ],
			[ 'wp_postmeta', 12 ],
			[ 'wp_options', 13 ],
		] );
		expect(
			tablesToDigest( tables, staged, live, new Set( [ 'wp_options' ] ) )
		).toEqual( [ 'wp_options', 'wp_legacy' ] );
	} );

	it( 'digests a live table with another id, or none, or whose staging id was unknown (MyISAM, hidden dictionary)', () => {
		const live = new Map( [
			[ 'wp_posts', 99 ],
			[ 'wp_legacy', 14 ],
		] );
		expect( tablesToDigest( tables, staged, live, new Set() ) ).toEqual( [
			'wp_posts',
			'wp_postmeta',
			'wp_options',
			'wp_legacy',
		] );
	} );

	it( 'digests everything when no ids could be read at all', () => {
		expect(
			tablesToDigest( tables, new Map(), new Map(), new Set() )
		).toHaveLength( 4 );
	} );
} );
