/**
 * Puts a staged wp-content tree live, one top directory at a time:
 *   1. live `<d>` → `.syteops-old-<d>`          (rename: the site briefly has no `<d>`)
 *   2. staged `<d>` → live `<d>`                 (rename: the site now has the restored `<d>`; a `<d>` that
 *                                                WordPress made again in between is set aside first)
 *   3. preserved paths (our own plugin) move from the old tree into the new one.
 * Renames are atomic only within one filesystem, which is why the staging directory is created inside
 * wp-content (createStagingDir). The handle's commit() deletes the old trees; rollback() puts them back.
 * A crash between steps is repaired by cleanupFileLeftovers (leftovers.ts).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { SyteOpsError, isSyteOpsError } from '../../errors';
import {
	assertTopDirName,
	DEFAULT_TOP_DIRS,
	DIR_MODE,
	OWN_PLUGIN_DIR,
	STAGING_PREFIX,
} from './layout';
import { exists, movePreserved, restoreOldTree, swapPaths } from './moves';
import { reasonOf } from './warnings';

export type SwapStepName =
	'live-set-aside' | 'staged-moved-in' | 'preserved-moved';

export interface SwapOptions {
	/** Top directories to swap, in order; default uploads, themes, plugins. */
	dirs?: readonly string[];
	/** Paths (relative to wp-content) carried over from the live tree; default our own plugin. */
	preserve?: readonly string[];
	/** Awaited after every step; tests use it to stop at a step as a crash would. */
	onStep?: ( step: SwapStepName, dir: string ) => Promise< void > | void;
}

export interface SwapHandle {
	/** The directories swapped; a live top directory that is a symlink is left alone (see `skipped`). */
	readonly swapped: readonly string[];
	readonly skipped: readonly string[];
	/** Deletes the old trees and the staging directory: the restore is final. */
	commit: () => Promise< void >;
	/** Puts the old trees back exactly (our plugin included) and deletes the restored ones. */
	rollback: () => Promise< void >;
}

/**
 * Creates `<wpContentDir>/.syteops-staging-<random>` (on wp-content's filesystem, so the swap's renames
 * are atomic) and returns its absolute path.
 * @param wpContentDir absolute path of the live wp-content directory
 */
export async function createStagingDir(
	wpContentDir: string
): Promise< string > {
	return fs.mkdtemp(
		path.join( path.resolve( wpContentDir ), STAGING_PREFIX )
	);
}

/**
 * Swaps the staged directories in; see the file comment. On failure, whatever was swapped is rolled
 * back and the staging directory removed before the error is thrown.
 * @param wpContentDir absolute path of the live wp-content directory
 * @param stagingDir   a directory from createStagingDir, filled by extractContentToStaging
 * @param options      directories, preserved paths, step hook
 */
export async function swapContent(
	wpContentDir: string,
	stagingDir: string,
	options: SwapOptions = {}
): Promise< SwapHandle > {
	const root = path.resolve( wpContentDir );
	const dirs = options.dirs ?? DEFAULT_TOP_DIRS;
	const preserve = options.preserve ?? [ OWN_PLUGIN_DIR ];
	dirs.forEach( assertTopDirName );
	await refuseLeftovers( root, dirs );
	const swapped: string[] = [];
	const skipped: string[] = [];
	let step = 'start';
	try {
		for ( const dir of dirs ) {
			const { live, old } = swapPaths( root, dir );
			if (
				(
					await fs.lstat( live ).catch( () => undefined )
				)?.isSymbolicLink()
			) {
				skipped.push( dir ); // e.g. uploads on shared storage: not ours to replace
				continue;
			}
			step = `${ dir }: set the live directory aside`;
			await fs.mkdir( live, { recursive: true, mode: DIR_MODE } ); // so every dir has an old tree
			await fs.rename( live, old );
			swapped.push( dir );
			await options.onStep?.( 'live-set-aside', dir );
			step = `${ dir }: move the restored directory in`;
			const staged = path.join( stagingDir, dir );
			await fs.mkdir( staged, { recursive: true, mode: DIR_MODE } );
			await moveStagedIn( staged, live, swapPaths( root, dir ).discard );
			await options.onStep?.( 'staged-moved-in', dir );
			step = `${ dir }: keep SyteOps Backup's own files`;
			await movePreserved( old, live, dir, preserve, true );
			await options.onStep?.( 'preserved-moved', dir );
		}
	} catch ( error ) {
		await undo( root, stagingDir, swapped, preserve );
		throw isSyteOpsError( error )
			? error
			: new SyteOpsError( 'syteops_files_swap_failed', {
					step,
					reason: reasonOf( error ),
				} );
	}
	return makeHandle( root, stagingDir, swapped, skipped, preserve );
}

/** How often a live directory recreated in the swap's instant is set aside before the swap gives up. */
const RECREATED_ATTEMPTS = 3;

/**
 * Renames the staged tree to the live path. Between setting the live tree aside and this rename the site
 * has no `<d>`, and WordPress makes one again for an upload in that instant (wp_mkdir_p): the rename then
 * fails with ENOTEMPTY. What was written there is what the restore replaces anyway (an upload a moment
 * earlier went into the tree set aside, deleted on commit), so that directory is set aside as a discard
 * and removed, and the rename tried again. An empty one is replaced by the rename itself.
 * @param staged  the staged top directory
 * @param live    the live top directory's path
 * @param discard where a recreated live directory is set aside (crash cleanup removes it: leftovers.ts)
 */
async function moveStagedIn(
	staged: string,
	live: string,
	discard: string
): Promise< void > {
	for ( let attempt = 1; ; attempt++ ) {
		try {
			await fs.rename( staged, live );
			return;
		} catch ( error ) {
			const code = ( error as NodeJS.ErrnoException ).code;
			if (
				( code !== 'ENOTEMPTY' && code !== 'EEXIST' ) ||
				attempt === RECREATED_ATTEMPTS
			) {
				throw error;
			}
		}
		// Renamed first (atomic), so a crash before the removal leaves a discard, never a half-deleted `<d>`.
		await fs.rename( live, discard );
		await fs.rm( discard, { recursive: true, force: true } );
	}
}

function makeHandle(
	root: string,
	stagingDir: string,
	swapped: readonly string[],
	skipped: readonly string[],
	preserve: readonly string[]
): SwapHandle {
	let settled: 'committed' | 'rolled back' | undefined;
	const settle = async (
		outcome: 'committed' | 'rolled back',
		work: () => Promise< void >
	) => {
		if ( settled === outcome ) {
			return;
		}
		if ( settled ) {
			throw new Error( `The file swap was already ${ settled }.` );
		}
		await work();
		settled = outcome;
	};
	return {
		swapped,
		skipped,
		commit: () =>
			settle( 'committed', async () => {
				for ( const dir of swapped ) {
					await fs.rm( swapPaths( root, dir ).old, {
						recursive: true,
						force: true,
					} );
				}
				await fs.rm( stagingDir, { recursive: true, force: true } );
			} ),
		rollback: () =>
			settle( 'rolled back', () =>
				undo( root, stagingDir, swapped, preserve )
			),
	};
}

/**
 * Puts back every set-aside tree, last swapped first, then removes staging.
 * @param root
 * @param stagingDir
 * @param swapped
 * @param preserve
 */
async function undo(
	root: string,
	stagingDir: string,
	swapped: readonly string[],
	preserve: readonly string[]
): Promise< void > {
	for ( const dir of [ ...swapped ].reverse() ) {
		if ( await exists( swapPaths( root, dir ).old ) ) {
			await restoreOldTree( root, dir, preserve );
		}
	}
	await fs.rm( stagingDir, { recursive: true, force: true } );
}

/**
 * An old or discarded tree from an earlier crash must be resolved first, or it would be overwritten.
 * @param root
 * @param dirs
 */
async function refuseLeftovers(
	root: string,
	dirs: readonly string[]
): Promise< void > {
	for ( const dir of dirs ) {
		const { old, discard } = swapPaths( root, dir );
		for ( const leftover of [ old, discard ] ) {
			if ( await exists( leftover ) ) {
				throw new SyteOpsError( 'syteops_files_leftovers', {
					path: path.basename( leftover ),
				} );
			}
		}
	}
}
