/**
 * Puts a staged wp-content tree live, one top directory at a time:
 *   1. preserved paths (our own plugin) are duplicated from the live `<d>` into the staged `<d>`
 *      (hard links: see link-tree.ts), so the restored tree carries them when it goes live;
 *   2. live `<d>` → `.syteops-old-<d>`           (rename)
 *   3. staged `<d>` → live `<d>`                  (rename; a `<d>` that WordPress made again in between is
 *                                                set aside first)
 * Steps 2 and 3 run back to back with synchronous renames: the site is without `<d>` for the time of two
 * system calls, and our plugin is live at every other instant, so a request WordPress serves during a
 * restore (the browser polling the restore's job) still finds its REST routes.
 * Renames are atomic only within one filesystem, which is why the staging directory is created inside
 * wp-content (createStagingDir). The handle's commit() deletes the old trees; rollback() puts them back.
 * A crash between steps is repaired by cleanupFileLeftovers (leftovers.ts).
 */
import { promises as fs, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

import { SyteOpsError, isSyteOpsError } from '../../errors';
import {
	assertTopDirName,
	DEFAULT_TOP_DIRS,
	DIR_MODE,
	OWN_PLUGIN_DIR,
	STAGING_PREFIX,
} from './layout';
import { exists, restoreOldTree, stagePreserved, swapPaths } from './moves';
import { reasonOf } from './warnings';

export type SwapStepName =
	'preserved-staged' | 'live-set-aside' | 'staged-moved-in';

export interface SwapOptions {
	/** Top directories to swap, in order; default uploads, themes, plugins. */
	dirs?: readonly string[];
	/** Paths (relative to wp-content) carried over from the live tree; default our own plugin. */
	preserve?: readonly string[];
	/**
	 * Called after every step; tests use it to stop at a step as a crash would. A promise it returns is
	 * awaited, which is then the only thing that separates the two renames.
	 */
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
			step = `${ dir }: keep SyteOps Backup's own files`;
			const staged = path.join( stagingDir, dir );
			await fs.mkdir( staged, { recursive: true, mode: DIR_MODE } );
			await fs.mkdir( live, { recursive: true, mode: DIR_MODE } ); // so every dir has an old tree
			await stagePreserved( live, staged, dir, preserve );
			await options.onStep?.( 'preserved-staged', dir );
			step = `${ dir }: set the live directory aside`;
			renameSync( live, old );
			swapped.push( dir );
			const hook = options.onStep?.( 'live-set-aside', dir );
			if ( hook ) {
				await hook;
			}
			step = `${ dir }: move the restored directory in`;
			await moveStagedIn( staged, live, swapPaths( root, dir ).discard );
			await options.onStep?.( 'staged-moved-in', dir );
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
 * has no `<d>`, and WordPress may make one again for an upload in that instant (wp_mkdir_p): the rename then
 * fails with ENOTEMPTY. What was written there is what the restore replaces anyway (an upload a moment
 * earlier went into the tree set aside, deleted on commit), so that directory is set aside as a discard and
 * the rename tried again; the discard is removed once the restored tree is live. An empty one is replaced by
 * the rename itself. Everything up to the successful rename is synchronous, so it follows the set-aside
 * rename without a turn of the event loop.
 * @param staged  the staged top directory
 * @param live    the live top directory's path
 * @param discard where a recreated live directory is set aside (crash cleanup removes it: leftovers.ts)
 */
async function moveStagedIn(
	staged: string,
	live: string,
	discard: string
): Promise< void > {
	let setAside = false;
	for ( let attempt = 1; ; attempt++ ) {
		try {
			renameSync( staged, live );
			break;
		} catch ( error ) {
			const code = ( error as NodeJS.ErrnoException ).code;
			if (
				( code !== 'ENOTEMPTY' && code !== 'EEXIST' ) ||
				attempt === RECREATED_ATTEMPTS
			) {
				throw error;
			}
		}
		if ( setAside ) {
			// Made again twice in the same instant: the first discard must go before the second takes its name.
			rmSync( discard, { recursive: true, force: true } );
		}
		// Renamed (atomic), so a crash before the removal leaves a discard, never a half-deleted `<d>`.
		renameSync( live, discard );
		setAside = true;
	}
	if ( setAside ) {
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
