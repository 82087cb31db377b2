/**
 * Repairs what a crash during a files restore left in wp-content; run it on every sidecar start, before
 * any restore. The rule, per top directory `<d>` (see swap.ts for the steps it repairs):
 *   - `.syteops-staging-*`: removed (a restore that never reached the swap, or finished it).
 *   - `.syteops-old-<d>` and no live `<d>`: the crash came between the two renames; the old tree is moved
 *     back, so `<d>` is the original.
 *   - `.syteops-old-<d>` and a live `<d>`: the restored tree is complete and live. By default (roll
 *     forward) our own plugin is rescued from the old tree if the new one lacks it, then the old tree is
 *     deleted. With `restoreOld` (the engine knows the restore was not committed) the old tree is put
 *     back instead, exactly as rollback() does.
 *   - `.syteops-discard-<d>`: a tree a rollback was removing, or a `<d>` WordPress made again during the
 *     swap; our plugin is rescued from it if the live tree lacks it, then it is deleted.
 * Each top directory therefore ends wholly old or wholly new, never a mix.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import {
	DISCARD_PREFIX,
	OLD_PREFIX,
	OWN_PLUGIN_DIR,
	STAGING_PREFIX,
} from './layout';
import { exists, movePreserved, restoreOldTree, swapPaths } from './moves';

export interface CleanupOptions {
	/** Paths (relative to wp-content) that must survive; default our own plugin. */
	preserve?: readonly string[];
	/** Put old trees back even where the restored tree is complete (the restore was not committed). */
	restoreOld?: boolean;
}

export interface CleanupReport {
	/** Staging directories removed. */
	stagingRemoved: string[];
	/** Top directories whose original tree was put back. */
	restored: string[];
	/** Top directories whose restored tree was kept (the old tree deleted). */
	keptRestored: string[];
}

/**
 * Applies the rule in the file comment to every leftover in `wpContentDir`.
 * @param wpContentDir absolute path of the live wp-content directory
 * @param options      preserved paths and which way to resolve a completed swap
 */
export async function cleanupFileLeftovers(
	wpContentDir: string,
	options: CleanupOptions = {}
): Promise< CleanupReport > {
	const root = path.resolve( wpContentDir );
	const preserve = options.preserve ?? [ OWN_PLUGIN_DIR ];
	const report: CleanupReport = {
		stagingRemoved: [],
		restored: [],
		keptRestored: [],
	};
	const names = ( await fs.readdir( root ) ).sort();
	for ( const name of names.filter( ( n ) =>
		n.startsWith( STAGING_PREFIX )
	) ) {
		await fs.rm( path.join( root, name ), {
			recursive: true,
			force: true,
		} );
		report.stagingRemoved.push( name );
	}
	for ( const name of names.filter( ( n ) => n.startsWith( OLD_PREFIX ) ) ) {
		const dir = name.slice( OLD_PREFIX.length );
		const { live, old } = swapPaths( root, dir );
		if ( ! ( await exists( live ) ) || options.restoreOld ) {
			await restoreOldTree( root, dir, preserve );
			report.restored.push( dir );
		} else {
			await movePreserved( old, live, dir, preserve );
			await fs.rm( old, { recursive: true, force: true } );
			report.keptRestored.push( dir );
		}
	}
	for ( const name of names.filter( ( n ) =>
		n.startsWith( DISCARD_PREFIX )
	) ) {
		const dir = name.slice( DISCARD_PREFIX.length );
		const { live, discard } = swapPaths( root, dir );
		if ( await exists( discard ) ) {
			if ( await exists( live ) ) {
				await movePreserved( discard, live, dir, preserve );
			}
			await fs.rm( discard, { recursive: true, force: true } );
		}
	}
	return report;
}
