/**
 * What a rewrite reports. A value that cannot be rewritten safely is handed back untouched with the reason,
 * so the engine can count it and the post-restore report can say why the source URL is still there.
 */
import type { ByteString } from './bytes';

export type UnsafeReason =
	| 'malformed_serialized'
	| 'serialized_reference'
	| 'custom_serialized'
	| 'duplicate_key'
	| 'invalid_unicode'
	| 'too_deep';

/** A sentence per reason, for reports and logs. */
export const UNSAFE_REASONS: Readonly< Record< UnsafeReason, string > > = {
	malformed_serialized:
		'The value looks like PHP-serialized data but does not parse, so its lengths cannot be recomputed.',
	serialized_reference:
		'The serialized value uses PHP references (r:/R:), which are left exactly as they are.',
	custom_serialized:
		"The URL is inside a class's custom serialization (C:), whose format only that class knows.",
	duplicate_key:
		'Rewriting an array key or property name would make it collide with another key.',
	invalid_unicode:
		'The text is not valid Unicode, so byte lengths cannot be measured reliably.',
	too_deep:
		'The value nests serialized or JSON data deeper than the rewriter follows.',
};

/** The outcome of rewriting one byte string (see bytes.ts). */
export interface ByteRewrite {
	value: ByteString;
	count: number;
	unsafe?: UnsafeReason;
}

/** Rewrites a value found inside another one (a serialized string, a JSON string), one level deeper. */
export type NestedRewriter = (
	bytes: ByteString,
	depth: number
) => ByteRewrite;

export function untouched(
	bytes: ByteString,
	reason: UnsafeReason
): ByteRewrite {
	return { value: bytes, count: 0, unsafe: reason };
}
