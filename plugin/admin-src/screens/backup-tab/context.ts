/**
 * What every panel of the Backup tab receives from the tab: the site's clock, the user's capabilities, and
 * the hand-offs between panels (restore requests, catalog changes, the sidecar going away).
 */

/**
 * Internal dependencies
 */
import type { Snapshot } from '../../api/backups';
import type { ApiError } from '../../api/client';
import type { SiteClock } from '../../lib/format';
import type { BackupJobState } from '../../hooks/use-backup-job';

export interface TabContext {
	clock: SiteClock;
	capabilities: Record< string, boolean >;
	/**
	 * Restore this saved backup. The tab hands it to the section registered with `handlesRestore` (the restore
	 * wizard), switching to it; without one, the Saved Backups list asks for confirmation and restores itself.
	 */
	requestRestore: ( snapshot: Snapshot ) => void;
	/** The snapshot a restore was requested for, for the section that handles restores; null otherwise. */
	restoreTarget: Snapshot | null;
	/** The restore-handling section calls this once it has taken the request (or the user cancelled). */
	clearRestoreTarget: () => void;
	/** True when a section registered with `handlesRestore` exists. */
	hasRestoreWizard: boolean;
	/** Any panel that sees 503 syteops_sidecar_unavailable reports it; the tab swaps its panels for the notice. */
	reportError: ( error: ApiError ) => boolean;
	/** Bumped whenever a panel changed the catalog, so lists refetch. */
	catalogVersion: number;
	catalogChanged: () => void;
	/** The backup being taken now (manual or "Run automatic backup now"), its outcome notice, and how to start one. */
	backupJob: BackupJobState;
}
