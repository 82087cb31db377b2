/**
 * SHA-256 digests kept as 32-byte slots of one byte array (the reader's entry table, verify's packed scan
 * targets, a restore's live digests) rather than as 64-character hex strings on the heap, one per entry; the
 * hex form is made only for the slot a caller asks for.
 */
export const SHA256_BYTES = 32;

function view( slots: Uint8Array ): Buffer {
	return Buffer.from( slots.buffer, slots.byteOffset, slots.byteLength );
}

/**
 * Stores a digest given in hex (already validated: 64 hex digits) in slot `row`.
 * @param slots
 * @param row
 * @param hex
 */
export function writeDigest(
	slots: Uint8Array,
	row: number,
	hex: string
): void {
	view( slots ).write( hex, row * SHA256_BYTES, SHA256_BYTES, 'hex' );
}

/**
 * The digest in slot `row`, in hex.
 * @param slots
 * @param row
 */
export function readDigest( slots: Uint8Array, row: number ): string {
	return view( slots ).toString(
		'hex',
		row * SHA256_BYTES,
		( row + 1 ) * SHA256_BYTES
	);
}
