/**
 * Decides which recorded symlinks a restore may recreate: only those whose target resolves inside
 * wp-content. Pure.
 *
 * A lexical check of one link is not enough: with `uploads/a/b/c/s -> ../../../../x` (inside) a second
 * link `uploads/e -> a/b/c/s/../../../../..` looks inside lexically but the kernel resolves `s` first and
 * lands four levels above wp-content. So targets are resolved the way the kernel does, substituting every
 * recorded link met on the way. In staging the only links are the ones we create, so this is exact.
 */
import path from 'node:path';

import type { RecordedSymlink } from './capture';

/** The kernel gives up after 40 links (Linux MAXSYMLINKS); so do we. */
const MAX_HOPS = 40;

export type SymlinkVerdict =
	{ ok: true } | { ok: false; reason: 'absolute' | 'outside' | 'loop' };

interface ResolveState {
	links: ReadonlyMap< string, string >;
	hops: number;
}

/**
 * Whether each link may be recreated. Absolute targets are refused unless `wpContentDir` is given and
 * they point inside it.
 * @param symlinks     the links recorded by the capture
 * @param wpContentDir absolute path of the destination wp-content, for absolute targets
 */
export function judgeSymlinks(
	symlinks: readonly RecordedSymlink[],
	wpContentDir?: string
): Map< string, SymlinkVerdict > {
	const state: ResolveState = {
		links: new Map(
			symlinks.map( ( link ) => [ link.path, link.target ] )
		),
		hops: 0,
	};
	const verdicts = new Map< string, SymlinkVerdict >();
	for ( const link of symlinks ) {
		state.hops = 0;
		const relative = relativeTarget( link.target, wpContentDir );
		if ( relative === undefined ) {
			verdicts.set( link.path, { ok: false, reason: 'absolute' } );
			continue;
		}
		const resolved = walk( parentOf( link.path ), relative, state );
		if ( resolved === 'loop' || resolved === 'outside' ) {
			verdicts.set( link.path, { ok: false, reason: resolved } );
		} else {
			verdicts.set(
				link.path,
				resolved.length > 0
					? { ok: true }
					: { ok: false, reason: 'outside' }
			);
		}
	}
	return verdicts;
}

/**
 * A target as a path relative to wp-content's root, or undefined when it is absolute and not inside.
 * Relative targets are returned unchanged (they are relative to the link's directory).
 * @param target       the recorded target
 * @param wpContentDir absolute destination wp-content path, if known
 */
function relativeTarget(
	target: string,
	wpContentDir: string | undefined
): { base: 'link' | 'root'; parts: string[] } | undefined {
	if ( ! path.posix.isAbsolute( target ) ) {
		return { base: 'link', parts: target.split( '/' ) };
	}
	if ( ! wpContentDir ) {
		return undefined;
	}
	const rel = path.posix.relative(
		path.posix.resolve( wpContentDir ),
		path.posix.resolve( target )
	);
	if ( rel === '' || rel === '..' || rel.startsWith( '../' ) ) {
		return undefined;
	}
	return { base: 'root', parts: rel.split( '/' ) };
}

function parentOf( rel: string ): string[] {
	return rel.split( '/' ).slice( 0, -1 );
}

/**
 * Resolves `target` from `linkDir` (segments below wp-content), replacing recorded links as it meets them.
 * Returns the segments of the result ([] is wp-content itself), or why it failed.
 * @param linkDir      the directory holding the link
 * @param target       the target, relative to the link's directory or to the root
 * @param target.base
 * @param target.parts
 * @param state        the recorded links and the hop count
 */
function walk(
	linkDir: string[],
	target: { base: 'link' | 'root'; parts: string[] },
	state: ResolveState
): string[] | 'outside' | 'loop' {
	let current = target.base === 'root' ? [] : [ ...linkDir ];
	for ( const part of target.parts ) {
		if ( part === '' || part === '.' ) {
			continue;
		}
		if ( part === '..' ) {
			if ( current.length === 0 ) {
				return 'outside';
			}
			current.pop();
			continue;
		}
		current.push( part );
		const next = state.links.get( current.join( '/' ) );
		if ( next === undefined ) {
			continue;
		}
		if ( ++state.hops > MAX_HOPS || path.posix.isAbsolute( next ) ) {
			// Absolute targets met mid-path are not followed: refusing is the safe answer.
			return state.hops > MAX_HOPS ? 'loop' : 'outside';
		}
		const resolved = walk(
			current.slice( 0, -1 ),
			{ base: 'link', parts: next.split( '/' ) },
			state
		);
		if ( typeof resolved === 'string' ) {
			return resolved;
		}
		current = resolved;
	}
	return current;
}
