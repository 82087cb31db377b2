/**
 * The URL map: every spelling of the source site's address that a WordPress database can hold, each paired
 * with the same spelling of the target's address. Pure; build it once per restore and reuse it per value.
 */
import { SyteOpsError } from '../errors';
import {
	compileMatcher,
	compileMentionProbe,
	type MentionProbe,
	type UrlMatcher,
} from './url-pattern';

/** How a needle is spelled inside the stored text. */
export type NeedleEncoding = 'plain' | 'json_escaped' | 'url_encoded';

export interface UrlMapEntry {
	/** The text to find. Its first `caseInsensitiveLength` chars (scheme and host) match in any case. */
	readonly from: string;
	readonly to: string;
	readonly encoding: NeedleEncoding;
	readonly caseInsensitiveLength: number;
}

export interface UrlMap {
	readonly source: string;
	readonly target: string;
	/** Longest first, so a longer needle (with the site's sub-path) wins over a shorter one. */
	readonly entries: readonly UrlMapEntry[];
	/** Finds the entries in a text, leftmost first, the longest where several start at the same place. */
	readonly matcher: UrlMatcher;
	/** Finds any mention of the source host that a needle could start from (a cheap pre-check). */
	readonly mention: MentionProbe;
}

interface SiteAddress {
	scheme: 'http' | 'https';
	/** Lower-case host name with `:port` when the URL has one. */
	host: string;
	/** The site's sub-path without a trailing slash; '' for a site at the root. */
	path: string;
}

const SCHEME_PREFIXES = [ 'https://', 'http://', '//' ] as const;

/**
 * Builds the map from the source site's URL to the target's. Both must be absolute http(s) URLs; a query or
 * fragment is ignored. Throws `syteops_invalid_param` for anything else.
 * @param sourceUrl The source site's URL (home or siteurl), e.g. `https://source.example/blog`.
 * @param targetUrl The target site's URL.
 */
export function buildUrlMap( sourceUrl: string, targetUrl: string ): UrlMap {
	const source = parseSiteUrl( sourceUrl, 'source_url' );
	const target = parseSiteUrl( targetUrl, 'target_url' );
	if ( isSameSite( source, target ) ) {
		// Restoring onto the site itself: www/http spellings are the site's own business, not a move.
		return compiled( sourceUrl, targetUrl, source, [] );
	}
	const entries = [ ...entriesFor( source, target, true ) ];
	// A site living under a sub-path moves its whole host along with it, so links to the rest of the
	// source host follow the host. When only the path moves (same host), the rest of the host stays.
	if ( source.path !== '' && source.host !== target.host ) {
		entries.push( ...entriesFor( source, target, false ) );
	}
	const sorted = dedupe( entries ).sort(
		( a, b ) => b.from.length - a.from.length
	);
	return compiled( sourceUrl, targetUrl, source, sorted );
}

function compiled(
	sourceUrl: string,
	targetUrl: string,
	source: SiteAddress,
	entries: UrlMapEntry[]
): UrlMap {
	return {
		source: sourceUrl,
		target: targetUrl,
		entries,
		matcher: compileMatcher( entries ),
		mention: compileMentionProbe( source.host ),
	};
}

function isSameSite( source: SiteAddress, target: SiteAddress ): boolean {
	return (
		source.scheme === target.scheme &&
		source.host === target.host &&
		source.path === target.path
	);
}

function parseSiteUrl( url: string, param: string ): SiteAddress {
	let parsed: URL;
	try {
		parsed = new URL( url.trim() );
	} catch {
		throw new SyteOpsError( 'syteops_invalid_param', {
			param,
			reason: 'it is not an absolute URL',
		} );
	}
	if ( parsed.protocol !== 'http:' && parsed.protocol !== 'https:' ) {
		throw new SyteOpsError( 'syteops_invalid_param', {
			param,
			reason: 'only http and https site URLs can be rewritten',
		} );
	}
	return {
		scheme: parsed.protocol === 'https:' ? 'https' : 'http',
		host: parsed.host.toLowerCase(),
		path: parsed.pathname.replace( /\/+$/, '' ),
	};
}

function entriesFor(
	source: SiteAddress,
	target: SiteAddress,
	withPath: boolean
): UrlMapEntry[] {
	const sourcePath = withPath ? source.path : '';
	const targetPath = withPath ? target.path : '';
	const entries: UrlMapEntry[] = [];
	for ( const host of hostVariants( source.host ) ) {
		for ( const prefix of SCHEME_PREFIXES ) {
			const targetPrefix =
				prefix === '//' ? '//' : `${ target.scheme }://`;
			entries.push(
				...spellings(
					prefix + host,
					sourcePath,
					targetPrefix + target.host + targetPath
				)
			);
		}
	}
	return entries.filter( ( entry ) => entry.from !== entry.to );
}

/**
 * The plain, JSON-escaped and URL-encoded spelling of one source address and its replacement.
 * @param origin The scheme prefix and host to find.
 * @param path   The source site's sub-path ('' at the root).
 * @param to     The replacement for the plain spelling.
 */
function spellings( origin: string, path: string, to: string ): UrlMapEntry[] {
	const from = origin + path;
	const jsonOrigin = jsonEscapeSlashes( origin );
	const urlOrigin = encodeURIComponent( origin );
	return [
		{
			from,
			to,
			encoding: 'plain',
			caseInsensitiveLength: origin.length,
		},
		{
			from: jsonEscapeSlashes( from ),
			to: jsonEscapeSlashes( to ),
			encoding: 'json_escaped',
			caseInsensitiveLength: jsonOrigin.length,
		},
		{
			from: encodeURIComponent( from ),
			to: encodeURIComponent( to ),
			encoding: 'url_encoded',
			caseInsensitiveLength: urlOrigin.length,
		},
	];
}

/**
 * The host as given plus its www / non-www twin; none for IP addresses and single-label hosts.
 * @param host The source host, with `:port` when it has one.
 */
function hostVariants( host: string ): string[] {
	const name = host.replace( /:\d+$/, '' );
	const isIp = /^[\d.]+$/.test( name ) || name.startsWith( '[' );
	if ( isIp || ! name.includes( '.' ) ) {
		return [ host ];
	}
	return host.startsWith( 'www.' )
		? [ host, host.slice( 4 ) ]
		: [ host, `www.${ host }` ];
}

function jsonEscapeSlashes( text: string ): string {
	return text.replace( /\//g, '\\/' );
}

function dedupe( entries: UrlMapEntry[] ): UrlMapEntry[] {
	const seen = new Set< string >();
	return entries.filter( ( entry ) => {
		const key = entry.from.toLowerCase();
		if ( seen.has( key ) ) {
			return false;
		}
		seen.add( key );
		return true;
	} );
}
