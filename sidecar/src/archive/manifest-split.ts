/**
 * Finds, in manifest.json's bytes, the top-level `"entries"` array and the byte range of each of its
 * elements, so the manifest can be parsed as a small head plus one small JSON text per entry. Pure: a
 * structural scan only (strings and escapes, brackets, commas), no values are decoded.
 *
 * JSON.parse of the whole file made the manifest's text (5.4 MB for the 27,500 entries of the full-size
 * bench archive) and a tree of every entry at once, about 14 MB of heap that a preview held at its peak.
 *
 * Anything unusual (a leading byte-order mark, `entries` twice or spelled with escapes, unbalanced
 * brackets, trailing bytes) gives `undefined`: the caller then parses the whole text as before, so the
 * result and every error are exactly JSON.parse's. UTF-8 never puts an ASCII byte inside a multi-byte
 * character, so scanning bytes for ASCII punctuation is scanning characters.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const ENTRIES_KEY = Buffer.from( '"entries"' );

export interface SplitManifest {
	/** The manifest's text with the entries array emptied (`"entries": []`). */
	head: string;
	/** Each element's [start, end) byte range, two numbers per element, in order. */
	elements: Float64Array;
}

const NOT_JSON = -1;

function isWhitespace( byte: number ): boolean {
	return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function skipWhitespace( bytes: Buffer, at: number ): number {
	while ( at < bytes.length && isWhitespace( bytes[ at ] ) ) {
		at++;
	}
	return at;
}

/**
 * Where the string starting at `at` (its opening quote) ends, after its closing quote.
 * @param bytes
 * @param at
 */
function skipString( bytes: Buffer, at: number ): number {
	for ( let i = at + 1; i < bytes.length; i++ ) {
		if ( bytes[ i ] === BACKSLASH ) {
			i++;
		} else if ( bytes[ i ] === QUOTE ) {
			return i + 1;
		}
	}
	return NOT_JSON;
}

/**
 * Where the value starting at `at` ends: a string, an object or array (brackets balanced, strings
 * skipped), or a literal or number (up to the next delimiter; JSON.parse judges it later).
 * @param bytes
 * @param at
 */
function skipValue( bytes: Buffer, at: number ): number {
	const first = bytes[ at ];
	if ( first === QUOTE ) {
		return skipString( bytes, at );
	}
	if ( first === OPEN_OBJECT || first === OPEN_ARRAY ) {
		let depth = 0;
		for ( let i = at; i < bytes.length; i++ ) {
			const byte = bytes[ i ];
			if ( byte === QUOTE ) {
				i = skipString( bytes, i );
				if ( i === NOT_JSON ) {
					return NOT_JSON;
				}
				i--;
			} else if ( byte === OPEN_OBJECT || byte === OPEN_ARRAY ) {
				depth++;
			} else if ( byte === CLOSE_OBJECT || byte === CLOSE_ARRAY ) {
				depth--;
				if ( depth === 0 ) {
					return i + 1;
				}
			}
		}
		return NOT_JSON;
	}
	let i = at;
	while (
		i < bytes.length &&
		! isWhitespace( bytes[ i ] ) &&
		bytes[ i ] !== COMMA &&
		bytes[ i ] !== CLOSE_OBJECT &&
		bytes[ i ] !== CLOSE_ARRAY
	) {
		i++;
	}
	return i === at ? NOT_JSON : i;
}

/**
 * The elements of the array whose `[` is at `at`, and where the array ends (after its `]`).
 * @param bytes
 * @param at
 */
function scanArray(
	bytes: Buffer,
	at: number
): { ranges: number[]; end: number } | undefined {
	const ranges: number[] = [];
	let i = skipWhitespace( bytes, at + 1 );
	if ( bytes[ i ] === CLOSE_ARRAY ) {
		return { ranges, end: i + 1 };
	}
	for (;;) {
		const end = skipValue( bytes, i );
		if ( end === NOT_JSON ) {
			return undefined;
		}
		ranges.push( i, end );
		i = skipWhitespace( bytes, end );
		if ( bytes[ i ] === CLOSE_ARRAY ) {
			return { ranges, end: i + 1 };
		}
		if ( bytes[ i ] !== COMMA ) {
			return undefined;
		}
		i = skipWhitespace( bytes, i + 1 );
	}
}

/**
 * The manifest split into its head and its entries' byte ranges, or undefined when its structure is not the
 * plain one this scan handles (then parse it whole).
 * @param bytes manifest.json, valid UTF-8
 */
export function splitManifest( bytes: Buffer ): SplitManifest | undefined {
	let i = skipWhitespace( bytes, 0 );
	if ( bytes[ i ] !== OPEN_OBJECT ) {
		return undefined;
	}
	let entries: { open: number; close: number; ranges: number[] } | undefined;
	i = skipWhitespace( bytes, i + 1 );
	if ( bytes[ i ] === CLOSE_OBJECT ) {
		return undefined;
	}
	for (;;) {
		if ( bytes[ i ] !== QUOTE ) {
			return undefined;
		}
		const keyEnd = skipString( bytes, i );
		if ( keyEnd === NOT_JSON ) {
			return undefined;
		}
		const isEntries = bytes.subarray( i, keyEnd ).equals( ENTRIES_KEY );
		i = skipWhitespace( bytes, keyEnd );
		if ( bytes[ i ] !== COLON ) {
			return undefined;
		}
		i = skipWhitespace( bytes, i + 1 );
		if ( isEntries ) {
			if ( entries || bytes[ i ] !== OPEN_ARRAY ) {
				return undefined;
			}
			const array = scanArray( bytes, i );
			if ( ! array ) {
				return undefined;
			}
			entries = { open: i, close: array.end - 1, ranges: array.ranges };
			i = array.end;
		} else {
			i = skipValue( bytes, i );
			if ( i === NOT_JSON ) {
				return undefined;
			}
		}
		i = skipWhitespace( bytes, i );
		if ( bytes[ i ] === CLOSE_OBJECT ) {
			break;
		}
		if ( bytes[ i ] !== COMMA ) {
			return undefined;
		}
		i = skipWhitespace( bytes, i + 1 );
	}
	if ( ! entries || skipWhitespace( bytes, i + 1 ) !== bytes.length ) {
		return undefined;
	}
	return {
		head:
			bytes.toString( 'utf8', 0, entries.open + 1 ) +
			bytes.toString( 'utf8', entries.close ),
		elements: Float64Array.from( entries.ranges ),
	};
}
