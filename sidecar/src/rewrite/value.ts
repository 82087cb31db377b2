/**
 * The entry point for one stored value (a column of a row): decide what the value is – PHP-serialized,
 * JSON, or plain text – and rewrite the source site's URLs inside it without ever corrupting it.
 */
import {
	bufferFromBytes,
	bytesFromBuffer,
	bytesFromText,
	isAscii,
	isWellFormedText,
	textFromBytes,
	type ByteString,
} from './bytes';
import { mayOpenValue, rewriteJson } from './json-rewrite';
import { looksSerialized } from './php-serialized/detect';
import { untouched, type ByteRewrite, type UnsafeReason } from './result';
import { rewriteSerialized } from './serialized-rewrite';
import { mentionsSource, rewriteText } from './text';
import type { UrlMap } from './url-map';

/** How many values-inside-values (serialized in JSON in serialized ...) the rewriter follows. */
export const MAX_NESTED_VALUES = 32;

export interface RewriteResult< T > {
	/** The rewritten value, or the input itself when nothing changed or it was unsafe. */
	value: T;
	changed: boolean;
	/** How many URLs were replaced. */
	count: number;
	/** Set when the value holds the source URL but could not be rewritten safely; `value` is the input. */
	unsafe?: UnsafeReason;
}

export type ScalarColumnValue = number | bigint | boolean | null;

/**
 * Rewrites one column value. Strings are measured as UTF-8 (serialized lengths are bytes); Buffers are
 * rewritten byte for byte; numbers, booleans and NULL pass through.
 * @param value The column value as the engine read it.
 * @param map   The URL map from buildUrlMap().
 */
export function rewriteValue(
	value: string,
	map: UrlMap
): RewriteResult< string >;
export function rewriteValue(
	value: Buffer,
	map: UrlMap
): RewriteResult< Buffer >;
export function rewriteValue< T extends ScalarColumnValue >(
	value: T,
	map: UrlMap
): RewriteResult< T >;
export function rewriteValue(
	value: string | Buffer | ScalarColumnValue,
	map: UrlMap
): RewriteResult< string | Buffer | ScalarColumnValue > {
	if ( typeof value === 'string' ) {
		return rewriteString( value, map );
	}
	if ( Buffer.isBuffer( value ) ) {
		return rewriteBuffer( value, map );
	}
	return { value, changed: false, count: 0 };
}

function rewriteString( text: string, map: UrlMap ): RewriteResult< string > {
	if ( ! mentionsSource( text, map ) ) {
		return { value: text, changed: false, count: 0 };
	}
	const ascii = isAscii( text );
	if ( ! ascii && ! isWellFormedText( text ) ) {
		return {
			value: text,
			changed: false,
			count: 0,
			unsafe: 'invalid_unicode',
		};
	}
	// An ASCII text is its own byte string, which was just found to mention the source. Its rewrite is ASCII
	// too (every replacement is, and a nested JSON literal is encoded again from ASCII text), so it is its own
	// text: no decoding, which measured the whole rewritten value once more.
	const bytes = ascii ? text : bytesFromText( text );
	const result = rewriteBytes( bytes, map, 0, ascii );
	return toResult( text, result, ascii ? asText : textFromBytes );
}

function asText( bytes: ByteString ): string {
	return bytes;
}

function rewriteBuffer( buffer: Buffer, map: UrlMap ): RewriteResult< Buffer > {
	const result = rewriteBytes( bytesFromBuffer( buffer ), map, 0 );
	return toResult( buffer, result, bufferFromBytes );
}

function toResult< T >(
	input: T,
	result: ByteRewrite,
	decode: ( bytes: ByteString ) => T
): RewriteResult< T > {
	if ( result.unsafe !== undefined ) {
		return {
			value: input,
			changed: false,
			count: 0,
			unsafe: result.unsafe,
		};
	}
	if ( result.count === 0 ) {
		return { value: input, changed: false, count: 0 };
	}
	return {
		value: decode( result.value ),
		changed: true,
		count: result.count,
	};
}

/**
 * Dispatches on what the bytes are; `depth` counts how far inside other values they sit.
 * @param bytes The value as a byte string (one char per byte).
 * @param map   The URL map from buildUrlMap().
 * @param depth How far inside other values these bytes sit.
 * @param known True when the caller has just found that the bytes mention the source.
 */
export function rewriteBytes(
	bytes: ByteString,
	map: UrlMap,
	depth: number,
	known = false
): ByteRewrite {
	if (
		depth <= MAX_NESTED_VALUES &&
		! mayOpenValue( bytes.charCodeAt( 0 ) )
	) {
		// Plain text, the most common value inside others (URLs, prose): the needles find nothing where the
		// mention probe finds nothing (each needle holds a mention), so the probe's own pass is not needed.
		return rewriteText( bytes, map );
	}
	if ( ! known && ! mentionsSource( bytes, map ) ) {
		return { value: bytes, count: 0 };
	}
	if ( depth > MAX_NESTED_VALUES ) {
		return untouched( bytes, 'too_deep' );
	}
	const rewriteNested = ( inner: ByteString, innerDepth: number ) =>
		rewriteBytes( inner, map, innerDepth );
	if ( looksSerialized( bytes ) ) {
		return rewriteSerialized( bytes, map, rewriteNested, depth );
	}
	return (
		rewriteJson( bytes, map, rewriteNested, depth ) ??
		rewriteText( bytes, map )
	);
}
