/**
 * Rewriting inside PHP-serialized data: parse the text into a tree, rewrite every string (each one may itself
 * hold serialized data or JSON, rewritten first, innermost out), and write the tree back with every length
 * recomputed. Structure is never changed: same keys, same counts, same classes, same slot numbers.
 *
 * Decisions (see README.md):
 * - Objects (`O:`) are rewritten like arrays: only string values change, so PHP rebuilds the same object.
 * - `C:` payloads are opaque; a URL inside one makes the whole value unsafe.
 * - A value holding references (`r:`/`R:`) is left untouched when it would change, and reported.
 * - A rewritten key that collides with another key of the same array or object makes the value unsafe.
 */
import type { ByteString } from './bytes';
import { splitPhpWhitespace } from './php-serialized/detect';
import { parseSerialized } from './php-serialized/parse';
import {
	SerializedParseError,
	type PhpEntry,
	type PhpNode,
} from './php-serialized/types';
import { writeSerialized } from './php-serialized/write';
import {
	untouched,
	type ByteRewrite,
	type NestedRewriter,
	type UnsafeReason,
} from './result';
import { spliceSerialized } from './serialized-splice';
import { mentionsSource } from './text';
import type { UrlMap } from './url-map';

export function rewriteSerialized(
	bytes: ByteString,
	map: UrlMap,
	rewriteNested: NestedRewriter,
	depth: number
): ByteRewrite {
	const { leading, core, trailing } = splitPhpWhitespace( bytes );
	try {
		// The one-pass rewriter answers nearly every value; the few it cannot go through the tree.
		const spliced = spliceSerialized(
			core,
			( inner ) => rewriteNested( inner, depth + 1 ),
			map.mention
		);
		if ( spliced !== null ) {
			return finish(
				bytes,
				spliced,
				() => spliced.value,
				leading,
				trailing
			);
		}
	} catch ( error ) {
		return unparsable( bytes, error );
	}
	return rewriteSerializedByTree( bytes, map, rewriteNested, depth );
}

/**
 * The tree rewriter: parse, rewrite every string node, write the tree back. The reference the one-pass
 * rewriter is tested against, and the answer for the values it hands over.
 * @param bytes         The serialized value as a byte string.
 * @param map           The URL map from buildUrlMap().
 * @param rewriteNested Rewrites a value found inside this one, one level deeper.
 * @param depth         How far inside other values these bytes sit.
 */
export function rewriteSerializedByTree(
	bytes: ByteString,
	map: UrlMap,
	rewriteNested: NestedRewriter,
	depth: number
): ByteRewrite {
	const { leading, core, trailing } = splitPhpWhitespace( bytes );
	let tree: PhpNode;
	try {
		tree = parseSerialized( core );
	} catch ( error ) {
		return unparsable( bytes, error );
	}
	const walker = new TreeRewriter( map, rewriteNested, depth + 1 );
	const rewritten = walker.rewrite( tree );
	return finish(
		bytes,
		{
			unsafe: walker.unsafe,
			count: walker.count,
			references: walker.hasReferences,
		},
		() => writeSerialized( rewritten ),
		leading,
		trailing
	);
}

function unparsable( bytes: ByteString, error: unknown ): ByteRewrite {
	if ( error instanceof SerializedParseError ) {
		return untouched(
			bytes,
			error.reason === 'nesting too deep'
				? 'too_deep'
				: 'malformed_serialized'
		);
	}
	throw error;
}

/**
 * The rewritten bytes, or the input untouched when nothing changed or the rewrite was unsafe. Both walks end
 * here: the one-pass rewriter with its spliced bytes, the tree rewriter with a writer of its rewritten tree
 * (called only when the value changes).
 * @param bytes              The whole serialized value as bytes, returned when nothing may change.
 * @param outcome            What the walk found: the first unsafe reason, the count, whether references were met.
 * @param outcome.unsafe
 * @param outcome.count
 * @param outcome.references
 * @param write              The rewritten value without its surrounding whitespace.
 * @param leading            Whitespace before the serialized value, kept as it was.
 * @param trailing           Whitespace after the serialized value, kept as it was.
 */
function finish(
	bytes: ByteString,
	outcome: { unsafe?: UnsafeReason; count: number; references: boolean },
	write: () => ByteString,
	leading: ByteString,
	trailing: ByteString
): ByteRewrite {
	if ( outcome.unsafe !== undefined ) {
		return untouched( bytes, outcome.unsafe );
	}
	if ( outcome.count === 0 ) {
		return { value: bytes, count: 0 };
	}
	if ( outcome.references ) {
		return untouched( bytes, 'serialized_reference' );
	}
	return { value: leading + write() + trailing, count: outcome.count };
}

class TreeRewriter {
	count = 0;
	hasReferences = false;
	unsafe: UnsafeReason | undefined;

	constructor(
		private readonly map: UrlMap,
		private readonly rewriteNested: NestedRewriter,
		private readonly depth: number
	) {}

	rewrite( node: PhpNode ): PhpNode {
		switch ( node.kind ) {
			case 'string':
				return this.rewriteString( node.bytes ) ?? node;
			case 'array':
			case 'object':
				return {
					...node,
					entries: this.rewriteEntries( node.entries ),
				};
			case 'custom':
				if ( mentionsSource( node.payload, this.map ) ) {
					this.unsafe ??= 'custom_serialized';
				}
				return node;
			case 'reference':
				this.hasReferences = true;
				return node;
		}
		return node;
	}

	/**
	 * The rewritten string node, or null when the string does not change.
	 * @param bytes The bytes of one serialized string.
	 */
	private rewriteString( bytes: ByteString ): PhpNode | null {
		const result = this.rewriteNested( bytes, this.depth );
		if ( result.unsafe !== undefined ) {
			this.unsafe ??= result.unsafe;
			return null;
		}
		this.count += result.count;
		return result.count === 0
			? null
			: { kind: 'string', bytes: result.value };
	}

	private rewriteEntries( entries: PhpEntry[] ): PhpEntry[] {
		const rewritten = entries.map( ( entry ) => ( {
			key: this.rewrite( entry.key ),
			value: this.rewrite( entry.value ),
		} ) );
		const keyChanged = rewritten.some(
			( entry, index ) => entry.key !== entries[ index ].key
		);
		if ( keyChanged && hasDuplicateStringKeys( rewritten ) ) {
			this.unsafe ??= 'duplicate_key';
		}
		return rewritten;
	}
}

/**
 * A rewritten key always contains a URL, so it can only collide with a string key of the same bytes
 * (never with an integer key or a numeric string, which PHP folds into integers).
 * @param entries The entries of one array or object, rewritten.
 */
function hasDuplicateStringKeys( entries: PhpEntry[] ): boolean {
	const seen = new Set< ByteString >();
	for ( const { key } of entries ) {
		if ( key.kind !== 'string' ) {
			continue;
		}
		if ( seen.has( key.bytes ) ) {
			return true;
		}
		seen.add( key.bytes );
	}
	return false;
}
