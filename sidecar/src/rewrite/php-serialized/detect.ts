/**
 * Does a value look like PHP-serialized data? The same shape test WordPress's is_serialized() applies, so
 * "looks serialized" means "WordPress would try to unserialize it". Surrounding whitespace is allowed
 * because maybe_unserialize() trims before unserializing.
 */
import type { ByteString } from '../bytes';

/*
 * The shape is
 *     /^(?:N;|b:[01];|[id]:[0-9.E+-]+;|[rR]:[0-9]+;|[sE]:[0-9]+:"[\s\S]*";|[aOC]:[0-9]+:[\s\S]*[;}])$/
 * tested in parts, so a long string or array is judged by its head and its last chars instead of being
 * scanned to the end (every value holding the source URL is tested, and most are long arrays).
 */
const SCALAR_SHAPE = /^(?:N;|b:[01];|[id]:[0-9.E+-]+;|[rR]:[0-9]+;)$/;
/** Sticky, tested from 0: the head's length is then `lastIndex`, without a match array per value. */
const STRING_HEAD = /[sE]:[0-9]+:"/y;
const CONTAINER_HEAD = /[aOC]:[0-9]+:/y;

/**
 * The length of the head `pattern` finds at the start of `core`, or -1.
 * @param pattern A sticky expression.
 * @param core    The value.
 */
function headLength( pattern: RegExp, core: ByteString ): number {
	pattern.lastIndex = 0;
	return pattern.test( core ) ? pattern.lastIndex : -1;
}

/** PHP's trim() characters. */
const PHP_WHITESPACE = ' \t\n\r\0\x0B';

export interface TrimmedBytes {
	leading: ByteString;
	core: ByteString;
	trailing: ByteString;
}

/**
 * Splits off the whitespace PHP's trim() would remove, so it can be put back unchanged.
 * @param bytes The value as a byte string.
 */
export function splitPhpWhitespace( bytes: ByteString ): TrimmedBytes {
	let start = 0;
	let end = bytes.length;
	while ( start < end && PHP_WHITESPACE.includes( bytes[ start ] ) ) {
		start++;
	}
	while ( end > start && PHP_WHITESPACE.includes( bytes[ end - 1 ] ) ) {
		end--;
	}
	return {
		leading: bytes.slice( 0, start ),
		core: bytes.slice( start, end ),
		trailing: bytes.slice( end ),
	};
}

export function looksSerialized( bytes: ByteString ): boolean {
	// Most values have no surrounding whitespace: judge them as they are, without three slices.
	const trimmed =
		bytes.length > 0 &&
		! PHP_WHITESPACE.includes( bytes[ 0 ] ) &&
		! PHP_WHITESPACE.includes( bytes[ bytes.length - 1 ] );
	return hasSerializedShape(
		trimmed ? bytes : splitPhpWhitespace( bytes ).core
	);
}

function hasSerializedShape( core: ByteString ): boolean {
	switch ( core[ 0 ] ) {
		case 's':
		case 'E': {
			const head = headLength( STRING_HEAD, core );
			// The closing `";` comes after the opening quote.
			return (
				head >= 0 && core.length >= head + 2 && core.endsWith( '";' )
			);
		}
		case 'a':
		case 'O':
		case 'C': {
			const head = headLength( CONTAINER_HEAD, core );
			const last = core[ core.length - 1 ];
			return (
				head >= 0 &&
				core.length > head &&
				( last === ';' || last === '}' )
			);
		}
		case 'N':
		case 'b':
		case 'i':
		case 'd':
		case 'r':
		case 'R':
			return SCALAR_SHAPE.test( core );
		default:
			return false;
	}
}
