/**
 * A string built by concatenation (`a + b`, template literals, path.join) is a tree of V8 "cons strings":
 * one 32-byte node per join, plus the sliced strings path.join cuts out. Harmless while it is short-lived,
 * but a backup or restore keeps one path per archive entry until it ends: the writer's names and manifest
 * entries, the live files' digests. In a heap snapshot at a full-size restore's peak (27,500 entries), those
 * trees were 7.6 MB of 58 MB; one path.join result kept in a Map took 723 bytes, flattened 138.
 *
 * A JSON round trip gives a new, flat string of the same value (lone surrogates too: JSON.stringify escapes
 * them, JSON.parse restores them), and the tree becomes garbage. A side-effect trick (`Number( value )`,
 * which flattens in place) was measured flat in a loop but not in a restore: optimized code may drop an
 * unused pure call. tests/sidecar/unit/flat-string.test.ts measures the heap (warmed up, in a process of its own) to show it works.
 */

/**
 * The same string, flattened (see the file comment): for strings kept once per entry until a job ends.
 * @param value any string
 * @return the same string
 */
export function flatString( value: string ): string {
	return JSON.parse( JSON.stringify( value ) ) as string;
}
