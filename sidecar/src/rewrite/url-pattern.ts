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

/** A yes/no probe for a mention of the source host (see compileMentionProbe). */
export interface MentionProbe {
	test: ( text: string ) => boolean;
}

/**
 * Any mention of the source host (with or without `www.`) that is not part of an e-mail address or of a
 * longer host name. Every needle contains such a mention, so a value without one needs no work.
 *
 * The boundary rule is a regular expression that starts with lookbehinds, which V8 tries at every position
 * of the text: on the full-size bench site that probe was a quarter of a cross-site restore's rewrite time,
 * mostly spent proving that the many strings inside serialized values (digests, prose) do not mention the
 * host. So the host is first searched as a plain case-insensitive literal (fast); only a text holding it
 * runs the full rule, starting just before that first occurrence (a lookbehind still sees the text before
 * where the search starts, so the answer is the same as the full rule's over the whole text).
 * @param host The source host, with `:port` when it has one.
 */
export function compileMentionProbe( host: string ): MentionProbe {
	const core = escapeRegExp( host.replace( /^www\./, '' ) );
	const literal = new RegExp( core, 'i' );
	const rule = new RegExp(
		`(?:(?<=%2F)|(?<![@A-Za-z0-9.-]))(?:www\\.)?${ core }(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])`,
		'gi'
	);
	return {
		test: ( text: string ): boolean => {
			const first = text.search( literal );
			if ( first < 0 ) {
				return false;
			}
			// Room for a `www.` in front of the first occurrence.
			rule.lastIndex = Math.max( 0, first - 4 );
			return rule.test( text );
		},
	};
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
