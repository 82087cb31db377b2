/**
 * Regular expressions behind the URL map. Scheme and host match in any case (hosts are case-insensitive),
 * the sub-path matches exactly (paths are not). JS has no inline case modifier on Node 20, so the
 * case-insensitive part is spelled as per-letter classes.
 */
import type { UrlMapEntry } from './url-map';

/**
 * What may not follow a match: more host or path characters (`source.example.org`, `/blogger`), a dot
 * that starts another label, a `@` (the host was a user name), or a port (another origin).
 */
const RIGHT_BOUNDARY = '(?![A-Za-z0-9_~-]|\\.[A-Za-z0-9]|@|:[0-9])';

/** A scheme must not continue a longer word (`xhttps://`). */
const SCHEME_LEFT_BOUNDARY = '(?<![A-Za-z0-9+.-])';

export function compileMatcher( entries: readonly UrlMapEntry[] ): RegExp {
	if ( entries.length === 0 ) {
		// Matches nothing: the source and target addresses are the same.
		return /(?!)/g;
	}
	const alternatives = entries.map( ( entry ) => {
		const left = /^[a-z]/i.test( entry.from ) ? SCHEME_LEFT_BOUNDARY : '';
		const insensitive = anyCase(
			entry.from.slice( 0, entry.caseInsensitiveLength )
		);
		const exact = escapeRegExp(
			entry.from.slice( entry.caseInsensitiveLength )
		);
		return `(${ left }${ insensitive }${ exact }${ RIGHT_BOUNDARY })`;
	} );
	return new RegExp( alternatives.join( '|' ), 'g' );
}

/**
 * Any mention of the source host (with or without `www.`) that is not part of an e-mail address or of a
 * longer host name. Every needle contains such a mention, so a value without one needs no work.
 * @param host The source host, with `:port` when it has one.
 */
export function compileMentionProbe( host: string ): RegExp {
	const core = escapeRegExp( host.replace( /^www\./, '' ) );
	return new RegExp(
		`(?:(?<=%2F)|(?<![@A-Za-z0-9.-]))(?:www\\.)?${ core }(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])`,
		'i'
	);
}

function anyCase( text: string ): string {
	return Array.from( text, ( char ) => {
		const lower = char.toLowerCase();
		const upper = char.toUpperCase();
		return lower === upper
			? escapeRegExp( char )
			: `[${ lower }${ upper }]`;
	} ).join( '' );
}

function escapeRegExp( text: string ): string {
	return text.replace( /[.*+?^${}()|[\]\\/]/g, '\\$&' );
}
