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

/**
 * Finds the URL map's needles in a text, leftmost first and, where several start at the same place, the
 * first entry of the map (the longest). Stateful only in `entry`, which names the entry of the last match.
 */
export interface UrlMatcher {
	/**
	 * The start of the next match at or after `from`, or -1; `entry` is then set to the matching entry's index.
	 * @param text The text to search.
	 * @param from Where to start.
	 */
	find: ( text: string, from: number ) => number;
	entry: number;
}

/**
 * One alternation of every entry, entry i in capture group i + 1: what the matcher must find, spelled as a
 * single regular expression. The matcher uses it where the host-first search cannot (see compileMatcher).
 * @param entries The URL map's entries, longest first.
 */
export function compileAlternation( entries: readonly UrlMapEntry[] ): RegExp {
	if ( entries.length === 0 ) {
		// Matches nothing: the source and target addresses are the same.
		return /(?!)/g;
	}
	return new RegExp(
		entries.map( ( entry ) => `(${ entrySource( entry ) })` ).join( '|' ),
		'g'
	);
}

/**
 * The matcher. The alternation above, run at every position of a text, was a quarter of a cross-site
 * restore's rewrite time on the full-size bench site. Every needle contains the source host name, so the
 * matcher searches for that name alone (a plain case-insensitive literal, which V8 skips through fast) and
 * tries each needle only where it would have to start for its host to sit on that occurrence: needle by
 * needle, leftmost start first, as one sticky expression each, so the answer is the alternation's.
 *
 * Why that is the same answer: a needle holds the name first at offset k, so a match starting at s has the
 * name at s + k, and trying every occurrence h at h - k for every needle tries every start a match can have.
 * The first occurrence with a match gives the leftmost one: a match starting further left but anchored on a
 * later occurrence would contain this occurrence before its own offset k, and k is the needle's first one.
 * @param entries The URL map's entries, longest first.
 */
export function compileMatcher( entries: readonly UrlMapEntry[] ): UrlMatcher {
	const anchor = anchorOf( entries );
	const offsets = entries.map( ( entry ) =>
		entry.from.toLowerCase().indexOf( anchor )
	);
	if ( entries.length === 0 || offsets.some( ( offset ) => offset < 0 ) ) {
		// No name all needles share (an IPv6 host is escaped in its URL-encoded spelling): scan with the
		// alternation at every position.
		return alternationMatcher( entries );
	}
	const needles = entries.map( ( entry, index ) => ( {
		index,
		offset: offsets[ index ],
		// A first-byte test, case folded, spares most sticky runs; the expression decides.
		firstByte: foldAsciiCase( entry.from.charCodeAt( 0 ) ),
		sticky: new RegExp( entrySource( entry ), 'y' ),
	} ) );
	// Leftmost start first (largest offset), then map order.
	needles.sort( ( a, b ) => b.offset - a.offset || a.index - b.index );
	const occurrences = new RegExp( escapeRegExp( anchor ), 'gi' );
	const matcher: UrlMatcher = {
		entry: -1,
		find: ( text, from ) => {
			occurrences.lastIndex = from;
			// test() rather than exec(): no match array; an occurrence is as long as the anchor.
			while ( occurrences.test( text ) ) {
				const at = occurrences.lastIndex - anchor.length;
				for ( const needle of needles ) {
					const start = at - needle.offset;
					if (
						start >= from &&
						foldAsciiCase( text.charCodeAt( start ) ) ===
							needle.firstByte
					) {
						needle.sticky.lastIndex = start;
						if ( needle.sticky.test( text ) ) {
							matcher.entry = needle.index;
							return start;
						}
					}
				}
				// Occurrences may overlap (`aaa` in `aaaa`): look again one past this one.
				occurrences.lastIndex = at + 1;
			}
			return -1;
		},
	};
	return matcher;
}

function alternationMatcher( entries: readonly UrlMapEntry[] ): UrlMatcher {
	const pattern = compileAlternation( entries );
	const matcher: UrlMatcher = {
		entry: -1,
		find: ( text, from ) => {
			pattern.lastIndex = from;
			const match = pattern.exec( text );
			if ( match === null ) {
				return -1;
			}
			matcher.entry =
				match.findIndex(
					( group, index ) => index > 0 && group !== undefined
				) - 1;
			return match.index;
		},
	};
	return matcher;
}

/**
 * The host name every needle holds: lower case, without `www.` (needles have it or not) and without the
 * port (URL-encoded needles spell its colon `%3A`).
 * @param entries The URL map's entries.
 */
function anchorOf( entries: readonly UrlMapEntry[] ): string {
	const plain = entries.find( ( entry ) => entry.encoding === 'plain' );
	if ( plain === undefined ) {
		return '';
	}
	const host = plain.from
		.slice( 0, plain.caseInsensitiveLength )
		.replace( /^(?:https?:)?\/\//i, '' )
		.toLowerCase();
	return host.replace( /^www\./, '' ).replace( /:\d+$/, '' );
}

/**
 * One needle as an expression: scheme and host in any case, the sub-path exactly, and the boundaries.
 * @param entry The needle.
 */
function entrySource( entry: UrlMapEntry ): string {
	const left = /^[a-z]/i.test( entry.from ) ? SCHEME_LEFT_BOUNDARY : '';
	const insensitive = anyCase(
		entry.from.slice( 0, entry.caseInsensitiveLength )
	);
	const exact = escapeRegExp(
		entry.from.slice( entry.caseInsensitiveLength )
	);
	return `${ left }${ insensitive }${ exact }${ RIGHT_BOUNDARY }`;
}

/** A yes/no probe for a mention of the source host (see compileMentionProbe). */
export interface MentionProbe {
	test: ( text: string ) => boolean;
	/**
	 * Where the source host name (any case) next occurs in the text at or after `from`, or -1. A text without
	 * such an occurrence fails `test`, so a walk through a long value can pass over every part before the
	 * next occurrence without looking at it.
	 * @param text The text to search.
	 * @param from Where to start.
	 */
	nameAt: ( text: string, from: number ) => number;
	/**
	 * The length of the name `nameAt` finds (of the shorter, when the host has two spellings): a part mentions
	 * the source only if a name lies wholly inside it.
	 */
	nameLength: number;
}

/**
 * Any mention of the source host name (with or without `www.`, without the port) that is not part of an e-mail address or of a
 * longer host name. Every needle contains such a mention, so a value without one needs no work.
 *
 * The boundary rule is a regular expression that starts with lookbehinds, which V8 tries at every position
 * of the text: on the full-size bench site that probe was a quarter of a cross-site restore's rewrite time,
 * mostly spent proving that the many strings inside serialized values (digests, prose) do not mention the
 * host. So the host is first searched as a plain case-insensitive literal (fast); only a text holding it
 * runs the full rule, starting just before that first occurrence (a lookbehind still sees the text before
 * where the search starts, so the answer is the same as the full rule's over the whole text).
 *
 * An IPv6 host is spelled two ways: `[::1]` in the plain and JSON-escaped needles, `%5B%3A%3A1%5D` in the
 * URL-encoded ones (encodeURIComponent escapes its brackets and colons). Both are names; no other host
 * char is escaped (hosts are ASCII: IDNs come punycoded), so any other host has one.
 * @param host The source host, with `:port` when it has one.
 */
export function compileMentionProbe( host: string ): MentionProbe {
	// Without the port: a URL-encoded needle spells its colon `%3A`, so `host:port` is not in it.
	const name = host.replace( /^www\./, '' ).replace( /:\d+$/, '' );
	const names = [ ...new Set( [ name, encodeURIComponent( name ) ] ) ];
	const core = names.map( escapeRegExp ).join( '|' );
	const literal = new RegExp( core, 'i' );
	const scan = new RegExp( core, 'gi' );
	const rule = new RegExp(
		`(?:(?<=%2F)|(?<![@A-Za-z0-9.-]))(?:www\\.)?(?:${ core })(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])`,
		'gi'
	);
	// The shortest text that can hold a mention (most strings inside serialized values are shorter keys).
	const shortest = Math.min( ...names.map( ( n ) => n.length ) );
	const oneName = names.length === 1;
	return {
		test: ( text: string ): boolean => {
			if ( text.length < shortest ) {
				return false;
			}
			const first = text.search( literal );
			if ( first < 0 ) {
				return false;
			}
			// Room for a `www.` in front of the first occurrence.
			rule.lastIndex = Math.max( 0, first - 4 );
			return rule.test( text );
		},
		nameAt: ( text: string, from: number ): number => {
			scan.lastIndex = from;
			if ( oneName ) {
				// test() rather than exec(): no match array; a match is as long as the name.
				return scan.test( text ) ? scan.lastIndex - shortest : -1;
			}
			return scan.exec( text )?.index ?? -1;
		},
		nameLength: shortest,
	};
}

/**
 * A char code with ASCII upper case folded to lower case, as the needles' case-insensitive classes match.
 * @param code A char code (NaN past the end of a text, which equals nothing).
 */
function foldAsciiCase( code: number ): number {
	return code >= 65 && code <= 90 ? code + 32 : code;
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
