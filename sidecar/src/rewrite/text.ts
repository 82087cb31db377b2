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
	const matcher = map.matcher;
	let start = matcher.find( text, 0 );
	if ( start < 0 ) {
		return { value: text, count: 0 };
	}
	let value = '';
	let copied = 0;
	let count = 0;
	while ( start >= 0 ) {
		const entry = map.entries[ matcher.entry ];
		value +=
			text.slice( copied, start ) + replacementFor( entry, text, start );
		copied = start + entry.from.length;
		count++;
		start = matcher.find( text, copied );
	}
	return { value: value + text.slice( copied ), count };
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
 * A URL-encoded match written with lower-case escapes (`%3a%2f%2f`) keeps that style.
 * @param entry The entry that matched.
 * @param text  The text it matched in.
 * @param start Where the match starts (a match is as long as the entry's `from`).
 */
function replacementFor(
	entry: UrlMapEntry,
	text: string,
	start: number
): string {
	if (
		entry.encoding === 'url_encoded' &&
		/%(?:[0-9][a-f]|[a-f][0-9a-f])/.test(
			text.slice( start, start + entry.caseInsensitiveLength )
		)
	) {
		return entry.to.replace( /%[0-9A-F]{2}/g, ( escape ) =>
			escape.toLowerCase()
		);
	}
	return entry.to;
}
