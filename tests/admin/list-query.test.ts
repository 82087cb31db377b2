/**
 * The Saved Backups list's query building: the 60-day default, date ranges as whole UTC days, sorting.
 */
import {
	dateRangeError,
	defaultListQuery,
	listQueryParams,
	toggleSort,
} from '../../plugin/admin-src/lib/list-query';

const NOW = new Date( '2026-11-23T12:00:00Z' );

describe( 'defaultListQuery', () => {
	it( 'starts newest first on page 1 with the range opening 60 days before today', () => {
		const query = defaultListQuery( NOW );
		expect( query ).toEqual( {
			page: 1,
			perPage: 20,
			orderby: 'taken_at',
			order: 'desc',
			search: '',
			from: '2026-09-24',
			to: '',
		} );
	} );
} );

describe( 'listQueryParams', () => {
	it( 'sends the default view as an explicit after bound of the first day', () => {
		const params = listQueryParams( defaultListQuery( NOW ) );
		expect( Object.fromEntries( params ) ).toEqual( {
			page: '1',
			per_page: '20',
			orderby: 'taken_at',
			order: 'desc',
			after: '2026-09-24T00:00:00Z',
		} );
	} );

	it( 'covers the last day of the range whole', () => {
		const params = listQueryParams( {
			...defaultListQuery( NOW ),
			from: '2026-11-01',
			to: '2026-11-02',
		} );
		expect( params.get( 'after' ) ).toBe( '2026-11-01T00:00:00Z' );
		expect( params.get( 'before' ) ).toBe( '2026-11-02T23:59:59Z' );
	} );

	it( 'asks for every date when the user clears both bounds, overriding the server 60-day default', () => {
		const params = listQueryParams( {
			...defaultListQuery( NOW ),
			from: '',
			to: '',
		} );
		expect( params.has( 'after' ) ).toBe( false );
		expect( params.get( 'before' ) ).toBe( '9999-12-31T23:59:59Z' );
	} );

	it( 'leaves the server default alone when no range is part of the query at all', () => {
		const params = listQueryParams( { perPage: 1 } );
		expect( Object.fromEntries( params ) ).toEqual( {
			page: '1',
			per_page: '1',
		} );
	} );

	it( 'trims the label filter, drops an empty one and caps it at the 100 characters the route accepts', () => {
		expect(
			listQueryParams( { search: '  pre-launch ' } ).get( 'search' )
		).toBe( 'pre-launch' );
		expect( listQueryParams( { search: '   ' } ).has( 'search' ) ).toBe(
			false
		);
		expect(
			listQueryParams( { search: 'x'.repeat( 150 ) } ).get( 'search' )
		).toHaveLength( 100 );
	} );

	it( 'ignores a malformed day instead of sending it', () => {
		const params = listQueryParams( {
			from: '2026-13',
			to: '2026-11-02',
		} );
		expect( params.has( 'after' ) ).toBe( false );
		expect( params.get( 'before' ) ).toBe( '2026-11-02T23:59:59Z' );
	} );
} );

describe( 'toggleSort', () => {
	const base = { ...defaultListQuery( NOW ), page: 3 };

	it( 'flips the direction of the current column and returns to page 1', () => {
		expect( toggleSort( base, 'taken_at' ) ).toMatchObject( {
			orderby: 'taken_at',
			order: 'asc',
			page: 1,
		} );
	} );

	it( 'starts sizes descending and text columns ascending', () => {
		expect( toggleSort( base, 'size_bytes' ).order ).toBe( 'desc' );
		expect( toggleSort( base, 'label' ).order ).toBe( 'asc' );
		expect( toggleSort( base, 'type' ).order ).toBe( 'asc' );
	} );
} );

describe( 'dateRangeError', () => {
	it( 'refuses an end before the start and accepts open or ordered ranges', () => {
		const query = defaultListQuery( NOW );
		expect(
			dateRangeError( { ...query, from: '2026-11-05', to: '2026-11-01' } )
		).toBe( 'to_before_from' );
		expect(
			dateRangeError( { ...query, from: '2026-11-01', to: '2026-11-01' } )
		).toBeNull();
		expect(
			dateRangeError( { ...query, from: '', to: '2026-01-01' } )
		).toBeNull();
	} );
} );
