/**
 * The small filesystem moves the swap and the crash cleanup share. Every step is one rename (atomic on
 * one filesystem) or a removal of something no longer live, so a crash between two steps always leaves
 * each top directory wholly old or wholly new, with our own plugin in the live one.
 */
import { promises as fs, renameSync } from 'node:fs';
import path from 'node:path';

import { DIR_MODE, DISCARD_PREFIX, OLD_PREFIX, topDirOf } from './layout';
import { linkTree } from './link-tree';

/**
 * The paths swapContent uses for one top directory.
 * @param wpContentDir absolute wp-content path
 * @param dir          a top directory name such as `uploads`
 */
export function swapPaths( wpContentDir: string, dir: string ) {
	return {
		live: path.join( wpContentDir, dir ),
		old: path.join( wpContentDir, OLD_PREFIX + dir ),
		discard: path.join( wpContentDir, DISCARD_PREFIX + dir ),
	};
}

/**
 * True when something (a file, a directory or a link, even a dangling one) exists at `target`.
 * @param target absolute path
 */
export async function exists( target: string ): Promise< boolean > {
	try {
		await fs.lstat( target );
		return true;
	} catch ( error ) {
		if ( ( error as NodeJS.ErrnoException ).code === 'ENOENT' ) {
			return false;
		}
		throw error;
	}
}

/**
 * The preserved paths below top directory `dir`, as they lie in the tree at `fromDir` and would lie in the
 * tree at `toDir`; only those that exist in `fromDir`.
 * @param fromDir  absolute path of the tree that holds the preserved paths now
 * @param toDir    absolute path of the tree that must hold them
 * @param dir      the top directory name both trees stand for
 * @param preserve preserved paths relative to wp-content
 */
async function preservedPaths(
	fromDir: string,
	toDir: string,
	dir: string,
	preserve: readonly string[]
): Promise< { from: string; to: string }[] > {
	const found: { from: string; to: string }[] = [];
	for ( const kept of preserve ) {
		if ( topDirOf( kept ) !== dir || kept === dir ) {
			continue;
		}
		const rest = kept.slice( dir.length + 1 );
		const from = path.join( fromDir, rest );
		if ( await exists( from ) ) {
			found.push( { from, to: path.join( toDir, rest ) } );
		}
	}
	return found;
}

/**
 * Moves the preserved paths of top directory `dir` from the tree at `fromDir` to the tree at `toDir`,
 * leaving alone those `toDir` already has (a rollback or a crash rescue: the other tree may hold the
 * originals, or hard links to them, already).
 * @param fromDir  absolute path of the tree that holds the preserved paths now
 * @param toDir    absolute path of the tree that must hold them
 * @param dir      the top directory name both trees stand for
 * @param preserve preserved paths relative to wp-content
 */
export async function movePreserved(
	fromDir: string,
	toDir: string,
	dir: string,
	preserve: readonly string[]
): Promise< void > {
	for ( const { from, to } of await preservedPaths(
		fromDir,
		toDir,
		dir,
		preserve
	) ) {
		if ( await exists( to ) ) {
			continue;
		}
		await fs.mkdir( path.dirname( to ), {
			recursive: true,
			mode: DIR_MODE,
		} );
		await fs.rename( from, to );
	}
}

/**
 * Gives the staged tree of `dir` a duplicate of the live tree's preserved paths (linkTree), replacing any
 * copy the archive brought. The live paths stay where they are, so they are live before, during and after
 * the swap; the set-aside old tree keeps the originals for a rollback.
 * @param liveDir   absolute path of the live top directory
 * @param stagedDir absolute path of the staged top directory
 * @param dir       the top directory name both trees stand for
 * @param preserve  preserved paths relative to wp-content
 */
export async function stagePreserved(
	liveDir: string,
	stagedDir: string,
	dir: string,
	preserve: readonly string[]
): Promise< void > {
	for ( const { from, to } of await preservedPaths(
		liveDir,
		stagedDir,
		dir,
		preserve
	) ) {
		await fs.rm( to, { recursive: true, force: true } );
		await fs.mkdir( path.dirname( to ), {
			recursive: true,
			mode: DIR_MODE,
		} );
		await linkTree( from, to );
	}
}

/**
 * Puts the set-aside tree of `dir` back in place of the live one: preserved paths go back into the
 * old tree first, the live tree is renamed to a discard name (atomic), the old tree is renamed back,
 * then the discarded tree is removed. The two renames run back to back (synchronously, nothing between
 * them), so the site is without `<d>` for two system calls, not for a removal.
 * @param wpContentDir absolute wp-content path
 * @param dir          a top directory name
 * @param preserve     preserved paths relative to wp-content
 */
export async function restoreOldTree(
	wpContentDir: string,
	dir: string,
	preserve: readonly string[]
): Promise< void > {
	const { live, old, discard } = swapPaths( wpContentDir, dir );
	if ( await exists( live ) ) {
		await movePreserved( live, old, dir, preserve );
		await fs.rm( discard, { recursive: true, force: true } );
		renameSync( live, discard );
	}
	renameSync( old, live );
	await fs.rm( discard, { recursive: true, force: true } );
}
