/**
 * What a seed run produces: the context every generator reads, how many rows of each kind a scale
 * yields, where seeded ids start, and the fixed clock generated dates are relative to.
 */

export interface SeedContext {
	seed: number;
	scale: number;
	/** Site URL without a trailing slash, e.g. "http://127.0.0.1:8080". */
	siteUrl: string;
	/** Public URL of wp-content/uploads, without a trailing slash. */
	uploadsUrl: string;
	/** WordPress table prefix, e.g. "wp_" (also used for prefixed user meta keys). */
	prefix: string;
}

export interface SeedCounts {
	users: number;
	notes: number;
	estimates: number;
	connections: number;
	blacklist: number;
	posts: number;
	pages: number;
	media: number;
}

/** Rows per unit of scale: at scale 1 a realistic small agency site. */
const PER_SCALE: SeedCounts = {
	users: 40,
	notes: 400,
	estimates: 250,
	connections: 30,
	blacklist: 15,
	posts: 24,
	pages: 8,
	media: 18,
};

export function countsFor( scale: number ): SeedCounts {
	const counts = { ...PER_SCALE };
	for ( const key of Object.keys( counts ) as Array< keyof SeedCounts > ) {
		counts[ key ] = PER_SCALE[ key ] * scale;
	}
	return counts;
}

/**
 * Seeded rows use explicit ids from these bases, so a re-run recreates the same ids instead of
 * following AUTO_INCREMENT. Ids below the bases stay free for the stack's own users/posts.
 */
export const ID_BASE = {
	user: 1001,
	post: 1001,
	note: 1001,
	estimate: 1001,
	connection: 1001,
	blacklist: 1001,
} as const;

/** Marker meta key on every seeded user and post; cleanup finds previous runs by it. */
export const SEED_MARKER = '_syteops_seeded';

/** Logins the stack creates; the seeder never deletes or changes them. */
export const PROTECTED_LOGINS = [ 'admin', 'editor' ] as const;

/** Generated dates are offsets back from this instant, never from the real clock. */
const EPOCH_MS = Date.UTC( 2025, 0, 15, 9, 0, 0 );

/**
 * A MySQL DATETIME (UTC) `secondsBack` seconds before the fixed epoch.
 * @param secondsBack
 */
export function datetimeBefore( secondsBack: number ): string {
	return new Date( EPOCH_MS - secondsBack * 1000 )
		.toISOString()
		.slice( 0, 19 )
		.replace( 'T', ' ' );
}

export const DAY = 86400;

/**
 * Id of the post/page/attachment rows: posts first, then pages, then media.
 * @param counts
 * @param kind
 * @param index
 */
export function postId(
	counts: SeedCounts,
	kind: 'post' | 'page' | 'media',
	index: number
): number {
	const offset = {
		post: 0,
		page: counts.posts,
		media: counts.posts + counts.pages,
	}[ kind ];
	return ID_BASE.post + offset + index;
}
