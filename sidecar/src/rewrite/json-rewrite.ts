/**
 * Rewriting inside a JSON document without re-serializing it: each string literal is rewritten where it
 * stands, so whitespace, key order, number spelling and escaping stay as they were. A literal holding
 * serialized data or JSON is decoded, rewritten one level deeper and encoded again in the document's own
 * escaping style (`\/` and `\uXXXX` as PHP's json_encode writes them, or raw as JavaScript does).
 */
import {
	bytesFromText,
	isWellFormedText,
	strictTextFromBytes,
	textFromBytes,
	type ByteString,
} from './bytes';
import { isValidJsonText } from './json-validity';
import { looksSerialized } from './php-serialized/detect';
import { untouched, type ByteRewrite, type NestedRewriter } from './result';
import { rewriteText } from './text';
import type { UrlMap } from './url-map';

/**
 * In valid JSON every `"` outside a literal starts one, so this finds exactly the string literals. Written as
 * runs between escapes (`"[^"\\]*(?:\\.[^"\\]*)*"`, the same language as `"(?:[^"\\]|\\.)*"`), which V8
 * scans in a tight loop instead of trying an alternation at every char.
 */
const STRING_LITERAL = /"[^"\\]*(?:\\[\s\S][^"\\]*)*"/g;
const JSON_DOCUMENT_SHAPE = /^\s*(?:\{[\s\S]*\}|\[[\s\S]*\])\s*$/;
/**
 * An ASCII literal whose only escape is `\/` and that holds no raw `/`: PHP's json_encode() of a URL or of
 * text around one, the common case of a literal that mentions the source. See rewriteLiteral().
 */
const SLASH_ESCAPES_ONLY = /^"(?:[^"\\/\x80-\xff]|\\\/)*"$/;

interface EscapingStyle {
	slashes: boolean;
	unicode: boolean;
}

/**
 * A JSON object or array; anything else (strings, numbers, `[shortcode]` text) is not treated as JSON.
 * @param text The text to look at.
 */
export function looksLikeJsonDocument( text: string ): boolean {
	return (
		mayOpenDocument( text.charCodeAt( 0 ) ) &&
		JSON_DOCUMENT_SHAPE.test( text )
	);
}

/**
 * False when a text starting with this char cannot be a JSON document: only `{`, `[` and whatever `\s` may
 * match (ASCII white space, and any char past ASCII, which may be or decode to U+00A0, U+FEFF...) can.
 * Most values that mention the source are URLs or prose, settled here without a regular expression.
 * @param code The first char code of a text (NaN for an empty one).
 */
function mayOpenDocument( code: number ): boolean {
	return (
		code === 0x7b || // {
		code === 0x5b || // [
		code === 0x20 ||
		( code >= 0x09 && code <= 0x0d ) ||
		code >= 0x80
	);
}

/** The letters a PHP-serialized value starts with. */
const SERIALIZED_TYPE_LETTERS = 'NbidrRsEaOC';

/**
 * False when a value starting with this char can be neither PHP-serialized nor a JSON document: a serialized
 * value starts with a type letter, a document with `{` or `[`, either after white space (PHP's trim() also
 * drops a NUL); a char past ASCII may be white space.
 * @param code The first char code of a value (NaN for an empty one).
 */
export function mayOpenValue( code: number ): boolean {
	return (
		mayOpenDocument( code ) ||
		code === 0x00 ||
		( code < 0x80 &&
			SERIALIZED_TYPE_LETTERS.includes( String.fromCharCode( code ) ) )
	);
}

/**
 * False when the content of this literal can be neither PHP-serialized nor a JSON document, judged by its
 * first char as written (see mayOpenValue); an escape may decode to any char.
 * @param literal A JSON string literal as written, quotes included.
 */
function mayHoldValue( literal: ByteString ): boolean {
	const code = literal.charCodeAt( 1 );
	return (
		code === 0x5c || // a backslash: an escape
		mayOpenValue( code )
	);
}

/**
 * The rewritten document, or null when the bytes are not a valid JSON object or array.
 * @param bytes         The value as a byte string (one char per byte).
 * @param map           The URL map from buildUrlMap().
 * @param rewriteNested Rewrites a value found inside this one, one level deeper.
 * @param depth         How far inside other values these bytes sit.
 */
export function rewriteJson(
	bytes: ByteString,
	map: UrlMap,
	rewriteNested: NestedRewriter,
	depth: number
): ByteRewrite | null {
	return rewriteDocument( bytes, map, rewriteNested, depth, rewriteNamed );
}

/**
 * The reference rewriteJson() is tested against: every literal of the document goes through the full
 * decode-and-compare path, none is passed over for not holding the host name or answered by its first char.
 * @param bytes         The value as a byte string (one char per byte).
 * @param map           The URL map from buildUrlMap().
 * @param rewriteNested Rewrites a value found inside this one, one level deeper.
 * @param depth         How far inside other values these bytes sit.
 */
export function rewriteJsonEveryLiteral(
	bytes: ByteString,
	map: UrlMap,
	rewriteNested: NestedRewriter,
	depth: number
): ByteRewrite | null {
	return rewriteDocument( bytes, map, rewriteNested, depth, rewriteEvery );
}

type LiteralWalk = (
	bytes: ByteString,
	map: UrlMap,
	documentStyle: () => EscapingStyle,
	rewriteInner: ( bytes: ByteString ) => ByteRewrite
) => ByteRewrite;

function rewriteDocument(
	bytes: ByteString,
	map: UrlMap,
	rewriteNested: NestedRewriter,
	depth: number,
	walk: LiteralWalk
): ByteRewrite | null {
	if ( ! mayOpenDocument( bytes.charCodeAt( 0 ) ) ) {
		return null;
	}
	const text = strictTextFromBytes( bytes );
	if (
		text === null ||
		! looksLikeJsonDocument( text ) ||
		! isValidJsonText( text )
	) {
		return null;
	}
	let style: EscapingStyle | undefined;
	// Only needed when a literal is encoded again, which few are.
	const documentStyle = () =>
		( style ??= styleOf( bytes, () => ( {
			slashes: true,
			unicode: true,
		} ) ) );
	const result = walk( bytes, map, documentStyle, ( inner ) =>
		rewriteNested( inner, depth + 1 )
	);
	if ( result.unsafe !== undefined ) {
		return untouched( bytes, result.unsafe );
	}
	return result.count === 0 ? { value: bytes, count: 0 } : result;
}

/**
 * Rewrites the literals that hold the source host name, passing over the others without a call (a literal
 * without the name cannot mention the source). Literals are found from the start, since only the walk
 * knows where one ends, but the name is searched for only from one holding it to the next.
 * @param bytes
 * @param map
 * @param documentStyle
 * @param rewriteInner
 */
function rewriteNamed(
	bytes: ByteString,
	map: UrlMap,
	documentStyle: () => EscapingStyle,
	rewriteInner: ( bytes: ByteString ) => ByteRewrite
): ByteRewrite {
	const probe = map.mention;
	const outcome: ByteRewrite = { value: bytes, count: 0 };
	let value = '';
	let copied = 0;
	let name = probe.nameAt( bytes, 0 );
	let end = 0;
	while ( name !== -1 ) {
		// Set each time: a nested document's walk runs the same expression. test() rather than exec(): no
		// match array and no copy of each literal walked past. In a valid document every `"` outside a
		// literal opens one, so the match starts at the first `"` from `end`.
		STRING_LITERAL.lastIndex = end;
		if ( ! STRING_LITERAL.test( bytes ) ) {
			break;
		}
		const start = bytes.indexOf( '"', end );
		end = STRING_LITERAL.lastIndex;
		if ( name + probe.nameLength > end ) {
			continue; // the name lies in a later literal
		}
		if ( name > start ) {
			const literal = bytes.slice( start, end );
			const result = rewriteLiteral(
				literal,
				map,
				documentStyle,
				rewriteInner
			);
			outcome.unsafe ??= result.unsafe;
			outcome.count += result.count;
			if ( result.value !== literal ) {
				value += bytes.slice( copied, start ) + result.value;
				copied = end;
			}
		} // else it lay outside any literal (a document's keywords): nothing to rewrite there
		name = probe.nameAt( bytes, end );
	}
	if ( copied > 0 ) {
		outcome.value = value + bytes.slice( copied );
	}
	return outcome;
}

function rewriteEvery(
	bytes: ByteString,
	map: UrlMap,
	documentStyle: () => EscapingStyle,
	rewriteInner: ( bytes: ByteString ) => ByteRewrite
): ByteRewrite {
	const outcome: ByteRewrite = { value: bytes, count: 0 };
	outcome.value = bytes.replace( STRING_LITERAL, ( literal ) => {
		const result = rewriteLiteralInFull(
			literal,
			map,
			documentStyle,
			rewriteInner
		);
		outcome.unsafe ??= result.unsafe;
		outcome.count += result.count;
		return result.value;
	} );
	return outcome;
}

function rewriteLiteral(
	literal: ByteString,
	map: UrlMap,
	documentStyle: () => EscapingStyle,
	rewriteInner: ( bytes: ByteString ) => ByteRewrite
): ByteRewrite {
	if (
		! mayHoldValue( literal ) &&
		( ! literal.includes( '\\' ) || SLASH_ESCAPES_ONLY.test( literal ) )
	) {
		// The common cases, no escape at all or PHP's `\/` only, answered as rewriteLiteralInFull() answers
		// them once it has decoded the text and found it is no nested value: by rewriting the literal as
		// written. A literal without a mention has no needle, so that also answers it.
		return rewriteText( literal, map );
	}
	return rewriteLiteralInFull( literal, map, documentStyle, rewriteInner );
}

function rewriteLiteralInFull(
	literal: ByteString,
	map: UrlMap,
	documentStyle: () => EscapingStyle,
	rewriteInner: ( bytes: ByteString ) => ByteRewrite
): ByteRewrite {
	if ( ! map.mention.test( literal ) ) {
		return { value: literal, count: 0 };
	}
	if ( SLASH_ESCAPES_ONLY.test( literal ) ) {
		// The literal is its decoded text with every `/` written `\/`, so each plain needle found in the text
		// is its JSON-escaped twin at the same place in the literal (and a URL-encoded one, slash-free, is the
		// same in both); the boundaries judge `\` as they judge `/` (neither may continue a host or path).
		// Rewriting it as written is then rewriting the text, without the decode-and-compare below.
		const content = literal.slice( 1, -1 ).replace( /\\\//g, '/' );
		if (
			! looksSerialized( content ) &&
			! looksLikeJsonDocument( content )
		) {
			return rewriteText( literal, map );
		}
	}
	const unescaped = ! literal.includes( '\\' );
	const content = unescaped
		? textFromBytes( literal.slice( 1, -1 ) )
		: ( JSON.parse( textFromBytes( literal ) ) as string );
	if ( ! looksSerialized( content ) && ! looksLikeJsonDocument( content ) ) {
		// A literal without escapes is its text in quotes, and a quote bounds a URL as the text's ends do, so
		// rewriting it as written is rewriting the text (replacements hold no quote or backslash).
		return unescaped
			? rewriteText( literal, map )
			: rewritePlainLiteral( literal, content, map, documentStyle );
	}
	if ( ! isWellFormedText( content ) ) {
		return untouched( literal, 'invalid_unicode' );
	}
	const inner = rewriteInner( bytesFromText( content ) );
	if ( inner.unsafe !== undefined || inner.count === 0 ) {
		return { ...inner, value: literal };
	}
	const style = styleOf( literal, documentStyle );
	return {
		value: bytesFromText(
			encodeJsonString( textFromBytes( inner.value ), style )
		),
		count: inner.count,
	};
}

/**
 * Plain text in a literal: rewrite the literal as written (every needle has a JSON-escaped twin), which
 * changes nothing but the URLs. If that misses what rewriting the decoded text finds (a URL spelled with
 * `\\/` inside the text itself), encode the decoded rewrite instead.
 * @param literal       The JSON string literal as written, quotes included.
 * @param content       The literal decoded.
 * @param map           The URL map from buildUrlMap().
 * @param documentStyle The escaping style of the whole document, used when the literal shows none.
 */
function rewritePlainLiteral(
	literal: ByteString,
	content: string,
	map: UrlMap,
	documentStyle: () => EscapingStyle
): ByteRewrite {
	const wanted = rewriteText( content, map );
	if ( wanted.count === 0 ) {
		return { value: literal, count: 0 };
	}
	const inPlace = rewriteText( literal, map );
	if (
		inPlace.count === wanted.count &&
		JSON.parse( textFromBytes( inPlace.value ) ) === wanted.value
	) {
		return inPlace;
	}
	const style = styleOf( literal, documentStyle );
	return {
		value: bytesFromText( encodeJsonString( wanted.value, style ) ),
		count: wanted.count,
	};
}

/**
 * How `text` escapes slashes and non-ASCII characters, falling back to `fallback` when it shows neither.
 * @param text     The text to look at.
 * @param fallback The style to assume where the text shows none.
 */
function styleOf(
	text: ByteString,
	fallback: () => EscapingStyle
): EscapingStyle {
	const escapedSlash = text.includes( '\\/' );
	const rawSlash = /(?<!\\)\//.test( text );
	const rawNonAscii = /[\x80-\xff]/.test( text );
	const escapedNonAscii = /\\u(?:00[89a-fA-F]|0[1-9a-fA-F]|[1-9a-fA-F])/.test(
		text
	);
	return {
		slashes: escapedSlash || ( ! rawSlash && fallback().slashes ),
		unicode: escapedNonAscii || ( ! rawNonAscii && fallback().unicode ),
	};
}

function encodeJsonString( text: string, style: EscapingStyle ): string {
	let encoded = JSON.stringify( text );
	if ( style.slashes ) {
		encoded = encoded.replace( /\//g, '\\/' );
	}
	if ( style.unicode ) {
		// Per UTF-16 unit, lower-case hex, as PHP's json_encode writes it.
		encoded = encoded.replace(
			/[^\x00-\x7f]/g,
			( char ) =>
				'\\u' + char.charCodeAt( 0 ).toString( 16 ).padStart( 4, '0' )
		);
	}
	return encoded;
}
