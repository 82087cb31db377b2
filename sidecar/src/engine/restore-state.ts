/**
 * The restore's progress, written durably (temp file, fsync, rename) before each step that changes the live
 * site, so start-up recovery knows exactly how to put the site back:
 *
 *   staging        → nothing live changed: drop staging tables, put old file trees back (there are none yet)
 *   files-swapped  → files changed, tables not: put the old file trees back, drop staging tables
 *   db-swapping    → the one RENAME may or may not have run: staging tables still there means it did not
 *   db-swapped     → both changed, not verified: RENAME the old tables back, put the old file trees back
 *   files-committed→ verified; written BEFORE the old file trees are deleted (a kill mid-delete must not roll
 *                    back onto a half-deleted tree), so finish forward: delete what is left of the old trees,
 *                    drop the old tables
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import type { SwapResult } from '../db/swap';

export type RestorePhase =
	| 'staging'
	| 'files-swapped'
	| 'db-swapping'
	| 'db-swapped'
	| 'files-committed';

export interface RestoreState {
	phase: RestorePhase;
	snapshot_id: string;
	swap: SwapResult | null;
	/** The table suffixes being restored (to rebuild the swap plan if the kill came mid-RENAME). */
	suffixes?: string[];
	updated_at: string;
}

const FILE = '.restore-state.json';

export function statePath( storageDir: string ): string {
	return path.join( storageDir, FILE );
}

export async function writeRestoreState(
	storageDir: string,
	state: RestoreState
): Promise< void > {
	const target = statePath( storageDir );
	const temp = `${ target }.tmp`;
	const handle = await fs.open( temp, 'w', 0o600 );
	try {
		await handle.writeFile( JSON.stringify( state ) );
		await handle.sync();
	} finally {
		await handle.close();
	}
	await fs.rename( temp, target );
}

export async function readRestoreState(
	storageDir: string
): Promise< RestoreState | null > {
	try {
		return JSON.parse(
			await fs.readFile( statePath( storageDir ), 'utf8' )
		) as RestoreState;
	} catch {
		return null;
	}
}

export async function clearRestoreState( storageDir: string ): Promise< void > {
	await fs.rm( statePath( storageDir ), { force: true } );
	// A kill between writing the temp file and renaming it leaves the temp file: it is never the state.
	await fs.rm( `${ statePath( storageDir ) }.tmp`, { force: true } );
}
