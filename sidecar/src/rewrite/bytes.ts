/**
 * Byte strings: the rewriter works on "binary" JS strings where every char is one byte (latin1 decoding of
 * the UTF-8 bytes). PHP-serialized lengths are byte counts, so `.length` of a byte string is exactly what
 * `s:N:` must say, and any byte sequence (even invalid UTF-8) survives the round trip unchanged. Every
 * needle the URL map produces is ASCII, so matching on byte strings equals matching on text.
 */

/** A JS string holding one byte per char (0x00–0xFF). */
export type ByteString = string;

const LONE_SURROGATE = /\p{Surrogate}/u;
const strictUtf8 = new TextDecoder( 'utf-8', { fatal: true } );

/**
 * True when every char is below 0x80, so the text is its own UTF-8 byte string and the other way round. Most
 * stored values are ASCII; skipping the two copies through a Buffer for them was a seventh of a cross-site
 * restore's rewrite time on the full-size bench site.
 * @param text A JS string or a byte string.
 */
export function isAscii( text: string ): boolean {
	return Buffer.byteLength( text, 'utf8' ) === text.length;
}

export function bytesFromText( text: string ): ByteString {
	return isAscii( text )
		? text
		: Buffer.from( text, 'utf8' ).toString( 'latin1' );
}

export function textFromBytes( bytes: ByteString ): string {
	return isAscii( bytes )
		? bytes
		: Buffer.from( bytes, 'latin1' ).toString( 'utf8' );
}

export function bytesFromBuffer( buffer: Buffer ): ByteString {
	return buffer.toString( 'latin1' );
}

export function bufferFromBytes( bytes: ByteString ): Buffer {
	return Buffer.from( bytes, 'latin1' );
}

/**
 * A JS string that cannot be encoded to UTF-8 without loss (a lone surrogate) has no well-defined byte
 * length, so serialized data inside it cannot be re-measured safely.
 * @param text The text to look at.
 */
export function isWellFormedText( text: string ): boolean {
	return isAscii( text ) || ! LONE_SURROGATE.test( text );
}

/**
 * Decodes a byte string as strict UTF-8; null when the bytes are not valid UTF-8.
 * @param bytes The value as a byte string (one char per byte).
 */
export function strictTextFromBytes( bytes: ByteString ): string | null {
	if ( isAscii( bytes ) ) {
		return bytes;
	}
	try {
		return strictUtf8.decode( bufferFromBytes( bytes ) );
	} catch {
		return null;
	}
}
