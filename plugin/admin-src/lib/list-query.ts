/**
 * The Saved Backups list's view state (sort, label filter, date range, page) and its translation into the
 * query string of GET /backups. Pure, so it is unit-tested without a browser.
 */

export type SortField = 'taken_at' | 'size_bytes' | 'type' | 'status' | 'label';

export interface ListQuery {
	page: number;
	perPage: number;
	orderby: SortField;
	order: 'asc' | 'desc';
	/** Free-text label filter; empty for none. */
	search: string;
	/** Inclusive first day, YYYY-MM-DD (UTC); empty for no lower bound. */
	from: string;
	/** Inclusive last day, YYYY-MM-DD (UTC); empty for no upper bound. */
	to: string;
}

export const DEFAULT_WINDOW_DAYS = 60;
export const PER_PAGE = 20;

/**
 * A date as YYYY-MM-DD in UTC.
 * @param date
 */
export function isoDay( date: Date ): string {
	return date.toISOString().slice( 0, 10 );
}

/**
 * The list's first view: newest first, the last 60 days (the server's default window, made visible in the
 * date fields so the user can widen it).
 * @param now
 */
export function defaultListQuery( now: Date = new Date() ): ListQuery {
	const from = new Date( now.getTime() - DEFAULT_WINDOW_DAYS * 86400000 );
	return {
		page: 1,
		perPage: PER_PAGE,
		orderby: 'taken_at',
		order: 'desc',
		search: '',
		from: isoDay( from ),
		to: '',
	};
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Query parameters for GET /backups. Days become a UTC range covering both ends whole. With both dates empty
 * the list asks for everything: an explicit `before` far in the future replaces the server's 60-day default.
 * @param query
 */
export function listQueryParams(
	query: Partial< ListQuery >
): URLSearchParams {
	const params = new URLSearchParams( {
		page: String( query.page ?? 1 ),
		per_page: String( query.perPage ?? PER_PAGE ),
	} );
	if ( query.orderby ) {
		params.set( 'orderby', query.orderby );
	}
	if ( query.order ) {
		params.set( 'order', query.order );
	}
	const search = query.search?.trim() ?? '';
	if ( search !== '' ) {
		params.set( 'search', search.slice( 0, 100 ) );
	}
	const from = query.from && DAY.test( query.from ) ? query.from : '';
	const to = query.to && DAY.test( query.to ) ? query.to : '';
	if ( from !== '' ) {
		params.set( 'after', `${ from }T00:00:00Z` );
	}
	if ( to !== '' ) {
		params.set( 'before', `${ to }T23:59:59Z` );
	}
	if ( query.from !== undefined && from === '' && to === '' ) {
		params.set( 'before', '9999-12-31T23:59:59Z' );
	}
	return params;
}

/**
 * The next sort when a column header is activated: the same column flips direction, a new one starts
 * descending for dates and sizes (newest, biggest first) and ascending for text.
 * @param query
 * @param field
 */
export function toggleSort( query: ListQuery, field: SortField ): ListQuery {
	if ( query.orderby === field ) {
		return {
			...query,
			order: query.order === 'asc' ? 'desc' : 'asc',
			page: 1,
		};
	}
	const descending = field === 'taken_at' || field === 'size_bytes';
	return {
		...query,
		orderby: field,
		order: descending ? 'desc' : 'asc',
		page: 1,
	};
}

/**
 * Whether the date range is usable: a "to" before "from" is refused in the form rather than sent.
 * @param query
 */
export function dateRangeError( query: ListQuery ): string | null {
	if ( query.from !== '' && query.to !== '' && query.to < query.from ) {
		return 'to_before_from';
	}
	return null;
}
