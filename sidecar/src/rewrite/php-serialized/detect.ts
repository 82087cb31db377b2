/**
 * Does a value look like PHP-serialized data? The same shape test WordPress's is_serialized() applies, so
 * "looks serialized" means "WordPress would try to unserialize it". Surrounding whitespace is allowed
 * because maybe_unserialize() trims before unserializing.
 */
import type { ByteString } from '../bytes';

const SERIALIZED_SHAPE =
	/^(?:N;|b:[01];|[id]:[0-9.E+-]+;|[rR]:[0-9]+;|[sE]:[0-9]+:"[\s\S]*";|[aOC]:[0-9]+:[\s\S]*[;}])$/;

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
	return SERIALIZED_SHAPE.test( splitPhpWhitespace( bytes ).core );
}
