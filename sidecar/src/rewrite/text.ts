/**
 * Rewriting plain text (HTML, CSS, shortcodes, bare URLs). Works the same on JS strings and on byte strings
 * because every needle and replacement is ASCII.
 */
import type { UrlMap, UrlMapEntry } from './url-map';

export interface TextRewrite {
	value: string;
	/** How many URLs were replaced. */
	count: number;
}

export function rewriteText( text: string, map: UrlMap ): TextRewrite {
	let count = 0;
	const value = text.replace( map.pattern, ( match: string, ...rest ) => {
		const entry = matchedEntry( map.entries, rest );
		count++;
		return replacementFor( entry, match );
	} );
	return { value: count === 0 ? text : value, count };
}

/**
 * True when the text mentions the source host somewhere a URL could start from.
 * @param text The text to look at.
 * @param map  The URL map from buildUrlMap().
 */
export function mentionsSource( text: string, map: UrlMap ): boolean {
	return map.mention.test( text );
}

/**
 * `replace` passes the capture groups first; exactly one is set, the one of the entry that matched.
 * @param entries The map entries, longest first.
 * @param groups  The capture groups `replace` passed, then offset and input.
 */
function matchedEntry(
	entries: readonly UrlMapEntry[],
	groups: unknown[]
): UrlMapEntry {
	const index = groups
		.slice( 0, entries.length )
		.findIndex( ( group ) => group !== undefined );
	return entries[ index ];
}

/**
 * A URL-encoded match written with lower-case escapes (`%3a%2f%2f`) keeps that style.
 * @param entry The entry that matched.
 * @param match The matched text.
 */
function replacementFor( entry: UrlMapEntry, match: string ): string {
	const prefix = match.slice( 0, entry.caseInsensitiveLength );
	if (
		entry.encoding === 'url_encoded' &&
		/%(?:[0-9][a-f]|[a-f][0-9a-f])/.test( prefix )
	) {
		return entry.to.replace( /%[0-9A-F]{2}/g, ( escape ) =>
			escape.toLowerCase()
		);
	}
	return entry.to;
}
