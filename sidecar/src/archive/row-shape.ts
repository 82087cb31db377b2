/**
 * Proves, from a row line's bytes alone, that the row codec would decode it (row-codec.ts decodeRow): a JSON
 * array of exactly one value per column, each of a kind its column accepts. Verify checks every row of an
 * archive and needs no values; parsing each line into strings made its rows threads the busiest and largest of
 * a verify (JSON.parse's strings, V8's string table of every short value), so they look at the bytes instead.
 *
 * The check is one-sided on purpose. A line it accepts decodes; a line it does not accept is handed to the
 * codec, whose verdict and error message stand, so an unusual but valid line (a float, an escaped key, a
 * byte-order mark, a binary value with extra keys) costs one decode instead of a false finding. It accepts:
 *
 *   row      ws "[" ws value (ws "," ws value)* ws "]" ws      (ws: space, tab, CR, LF, as JSON.parse)
 *   text     null | JSON string | JSON number that is an integer of at most 15 digits
 *   binary   null | {"b64":"<base64>"} with padding only at the end and a length a multiple of 4
 *
 * UTF-8 is not its business: the caller proves the line's bytes well-formed first (buffer.isUtf8).
 */

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_N = 0x6e;
const LOWER_U = 0x75;
const LOWER_L = 0x6c;
const EQUALS = 0x3d;

/** Integers of up to 15 digits are below 2^53, so JSON.parse gives a safe integer: accepted without parsing. */
const SAFE_DIGITS = 15;

/** What each escape letter after a backslash may be, besides `u` (JSON's two-character escapes). */
const SHORT_ESCAPE = new Uint8Array( 256 );
for ( const letter of '"\\/bfnrt' ) {
	SHORT_ESCAPE[ letter.charCodeAt( 0 ) ] = 1;
}

const HEX = new Uint8Array( 256 );
for ( const digit of '0123456789abcdefABCDEF' ) {
	HEX[ digit.charCodeAt( 0 ) ] = 1;
}

/** The base64 alphabet without padding (row-codec.ts's /^[A-Za-z0-9+/]*={0,2}$/). */
const BASE64 = new Uint8Array( 256 );
for ( const digit of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/' ) {
	BASE64[ digit.charCodeAt( 0 ) ] = 1;
}

/** The key a binary value's object must have, as its bytes between the quotes. */
const B64_KEY = [ 0x62, 0x36, 0x34 ];

const NOT_ACCEPTED = -1;

function skipSpace( bytes: Uint8Array, at: number ): number {
	let i = at;
	for ( ; i < bytes.length; i++ ) {
		const byte = bytes[ i ];
		if ( byte !== SPACE && byte !== TAB && byte !== CR && byte !== LF ) {
			break;
		}
	}
	return i;
}

/**
 * The index after a JSON string that starts at `at` (its opening quote), or NOT_ACCEPTED.
 * @param bytes
 * @param at
 */
function stringEnd( bytes: Uint8Array, at: number ): number {
	const end = bytes.length;
	let i = at + 1;
	while ( i < end ) {
		const byte = bytes[ i ];
		if ( byte === QUOTE ) {
			return i + 1;
		}
		if ( byte === BACKSLASH ) {
			const letter = bytes[ i + 1 ];
			if ( letter === LOWER_U ) {
				if (
					i + 5 >= end ||
					! HEX[ bytes[ i + 2 ] ] ||
					! HEX[ bytes[ i + 3 ] ] ||
					! HEX[ bytes[ i + 4 ] ] ||
					! HEX[ bytes[ i + 5 ] ]
				) {
					return NOT_ACCEPTED;
				}
				i += 6;
			} else if ( i + 1 < end && SHORT_ESCAPE[ letter ] ) {
				i += 2;
			} else {
				return NOT_ACCEPTED;
			}
		} else if ( byte < SPACE ) {
			// JSON forbids raw control characters in a string.
			return NOT_ACCEPTED;
		} else {
			i++;
		}
	}
	return NOT_ACCEPTED;
}

/**
 * The index after an integer of at most SAFE_DIGITS digits (JSON's form: no leading zero) at `at`, or
 * NOT_ACCEPTED for anything else, fractions and exponents included (the codec decides those).
 * @param bytes
 * @param at
 */
function safeIntegerEnd( bytes: Uint8Array, at: number ): number {
	let i = bytes[ at ] === MINUS ? at + 1 : at;
	const first = i;
	while ( i < bytes.length && bytes[ i ] >= ZERO && bytes[ i ] <= NINE ) {
		i++;
	}
	const digits = i - first;
	if (
		digits === 0 ||
		digits > SAFE_DIGITS ||
		( digits > 1 && bytes[ first ] === ZERO )
	) {
		return NOT_ACCEPTED;
	}
	return i;
}

function nullEnd( bytes: Uint8Array, at: number ): number {
	return bytes[ at + 1 ] === LOWER_U &&
		bytes[ at + 2 ] === LOWER_L &&
		bytes[ at + 3 ] === LOWER_L
		? at + 4
		: NOT_ACCEPTED;
}

/**
 * A text or numeric column's value: null, a string, or a safe integer.
 * @param bytes
 * @param at
 */
function plainValueEnd( bytes: Uint8Array, at: number ): number {
	const byte = bytes[ at ];
	if ( byte === QUOTE ) {
		return stringEnd( bytes, at );
	}
	if ( byte === LOWER_N ) {
		return nullEnd( bytes, at );
	}
	return safeIntegerEnd( bytes, at );
}

/**
 * A binary column's value: null or exactly {"b64":"..."} with a well-formed base64 string.
 * @param bytes
 * @param at
 */
function binaryValueEnd( bytes: Uint8Array, at: number ): number {
	if ( bytes[ at ] === LOWER_N ) {
		return nullEnd( bytes, at );
	}
	if ( bytes[ at ] !== OPEN_OBJECT ) {
		return NOT_ACCEPTED;
	}
	let i = skipSpace( bytes, at + 1 );
	if (
		bytes[ i ] !== QUOTE ||
		bytes[ i + 1 ] !== B64_KEY[ 0 ] ||
		bytes[ i + 2 ] !== B64_KEY[ 1 ] ||
		bytes[ i + 3 ] !== B64_KEY[ 2 ] ||
		bytes[ i + 4 ] !== QUOTE
	) {
		return NOT_ACCEPTED;
	}
	i = skipSpace( bytes, i + 5 );
	if ( bytes[ i ] !== COLON ) {
		return NOT_ACCEPTED;
	}
	i = skipSpace( bytes, i + 1 );
	if ( bytes[ i ] !== QUOTE ) {
		return NOT_ACCEPTED;
	}
	const first = i + 1;
	i = first;
	while ( i < bytes.length && BASE64[ bytes[ i ] ] ) {
		i++;
	}
	let padding = 0;
	while ( padding < 2 && bytes[ i ] === EQUALS ) {
		i++;
		padding++;
	}
	if ( bytes[ i ] !== QUOTE || ( i - first ) % 4 !== 0 ) {
		return NOT_ACCEPTED;
	}
	i = skipSpace( bytes, i + 1 );
	return bytes[ i ] === CLOSE_OBJECT ? i + 1 : NOT_ACCEPTED;
}

/**
 * True when decodeRow would accept this line under a header with these columns (see the file comment).
 * False means only "not proven": the codec must decide.
 * @param line   one row line's bytes, without its newline, proven UTF-8
 * @param binary for each column, whether it is binary (the header's `binary` flags, in order)
 */
export function rowLineDecodes(
	line: Uint8Array,
	binary: readonly boolean[]
): boolean {
	let i = skipSpace( line, 0 );
	if ( line[ i ] !== OPEN_ARRAY ) {
		return false;
	}
	i = skipSpace( line, i + 1 );
	for ( let column = 0; column < binary.length; column++ ) {
		if ( column > 0 ) {
			if ( line[ i ] !== COMMA ) {
				return false;
			}
			i = skipSpace( line, i + 1 );
		}
		i = binary[ column ]
			? binaryValueEnd( line, i )
			: plainValueEnd( line, i );
		if ( i === NOT_ACCEPTED ) {
			return false;
		}
		i = skipSpace( line, i );
	}
	if ( line[ i ] !== CLOSE_ARRAY ) {
		return false;
	}
	return skipSpace( line, i + 1 ) === line.length;
}
