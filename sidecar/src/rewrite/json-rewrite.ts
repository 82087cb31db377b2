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
import { looksSerialized } from './php-serialized/detect';
import { untouched, type ByteRewrite, type NestedRewriter } from './result';
import { rewriteText } from './text';
import type { UrlMap } from './url-map';

/** In valid JSON every `"` outside a literal starts one, so this finds exactly the string literals. */
const STRING_LITERAL = /"(?:[^"\\]|\\[\s\S])*"/g;
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
	return JSON_DOCUMENT_SHAPE.test( text );
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
	const text = strictTextFromBytes( bytes );
	if (
		text === null ||
		! looksLikeJsonDocument( text ) ||
		! isValidJson( text )
	) {
		return null;
	}
	const result = rewriteLiterals( bytes, map, ( inner ) =>
		rewriteNested( inner, depth + 1 )
	);
	if ( result.unsafe !== undefined ) {
		return untouched( bytes, result.unsafe );
	}
	return result.count === 0 ? { value: bytes, count: 0 } : result;
}

function rewriteLiterals(
	bytes: ByteString,
	map: UrlMap,
	rewriteInner: ( bytes: ByteString ) => ByteRewrite
): ByteRewrite {
	let style: EscapingStyle | undefined;
	// Only needed when a literal is encoded again, which few are.
	const documentStyle = () =>
		( style ??= styleOf( bytes, () => ( {
			slashes: true,
			unicode: true,
		} ) ) );
	const outcome: ByteRewrite = { value: bytes, count: 0 };
	outcome.value = bytes.replace( STRING_LITERAL, ( literal ) => {
		const result = rewriteLiteral(
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

function isValidJson( text: string ): boolean {
	try {
		JSON.parse( text );
		return true;
	} catch {
		return false;
	}
}
