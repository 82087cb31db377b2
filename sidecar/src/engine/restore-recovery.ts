/**
 * Start-up recovery of a restore or import that was killed: puts the live site back exactly as it was, or,
 * past the point where that is no longer possible (old files deleted), finishes it. See restore-state.ts.
 */
import path from 'node:path';

import type { RowDataPacket } from 'mysql2';

import { oldTableName, stagingTableName } from '../db/names';
import {
	cleanupLeftovers,
	dropOldTables,
	rollbackSwap,
	type SwapResult,
} from '../db/swap';
import type { SiteContext } from './context';
import { cleanupFileLeftovers } from './files';
import { clearRestoreState, readRestoreState } from './restore-state';

export async function recoverInterruptedRestore(
	site: SiteContext
): Promise< Record< string, unknown > > {
	const state = await readRestoreState( site.config.storageDir );
	const wpContent = site.config.wpDir
		? path.join( site.config.wpDir, 'wp-content' )
		: null;
	let outcome = 'none';
	if ( state?.phase === 'db-swapping' && state.suffixes ) {
		const swapped = await planIfRenamed( site, state.suffixes );
		if ( swapped ) {
			await rollbackSwap( site.pool, swapped );
			outcome = 'rolled back';
		} else {
			outcome = 'discarded staging';
		}
	} else if ( state?.phase === 'files-committed' && state.swap ) {
		await dropOldTables( site.pool, state.swap );
		outcome = 'finished';
	} else if ( state?.phase === 'db-swapped' && state.swap ) {
		await rollbackSwap( site.pool, state.swap );
		outcome = 'rolled back';
	} else if ( state ) {
		outcome = 'discarded staging';
	}
	const restoreOld = state !== null && state.phase !== 'files-committed';
	const files = wpContent
		? await cleanupFileLeftovers( wpContent, { restoreOld } )
		: null;
	// With no recorded state, anything left is staging that never went live.
	const tables = await cleanupLeftovers( site.pool, site.config.tablePrefix );
	await clearRestoreState( site.config.storageDir );
	return {
		interrupted_restore: outcome,
		leftover_tables_dropped: tables.staging.length + tables.old.length,
		file_leftovers: files,
	};
}

async function tableExists(
	site: SiteContext,
	name: string
): Promise< boolean > {
	const [ rows ] = await site.pool.query< RowDataPacket[] >(
		'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
		[ name ]
	);
	return rows.length > 0;
}

/**
 * RENAME TABLE is atomic: if no staging table is left, it ran, and the plan it followed is rebuilt from the
 * deterministic working-table names. Null when it did not run.
 * @param site
 * @param suffixes
 */
async function planIfRenamed(
	site: SiteContext,
	suffixes: string[]
): Promise< SwapResult | null > {
	const prefix = site.config.tablePrefix;
	for ( const suffix of suffixes ) {
		if ( await tableExists( site, stagingTableName( prefix, suffix ) ) ) {
			return null;
		}
	}
	const tables = [];
	for ( const suffix of suffixes ) {
		const old = oldTableName( prefix, suffix );
		tables.push( {
			suffix,
			live: prefix + suffix,
			staging: stagingTableName( prefix, suffix ),
			old: ( await tableExists( site, old ) ) ? old : null,
		} );
	}
	return { prefix, tables };
}
