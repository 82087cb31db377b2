/**
 * Start-up recovery after a crash or kill: jobs left running are failed, snapshots stuck capturing are
 * failed (with any archive they had already published) and those stuck restoring released, partial
 * archives, archives of deleted snapshots and abandoned uploads removed. Database and
 * file staging left by an interrupted restore are resolved by the restore module's own cleanup, registered
 * here as extra steps.
 */
import type { SiteContext } from './context';
import {
	knownDirectories,
	removeDeletedArchives,
	removeInterruptedArchives,
	removePartialArchives,
} from './archive-store';
import type { Uploads } from '../repository/uploads';
import { SiteLock } from './site-lock';

export type RecoveryStep = (
	site: SiteContext
) => Promise< Record< string, unknown > >;

function processAlive( pid: number ): boolean {
	try {
		process.kill( pid, 0 );
		return true;
	} catch {
		return false;
	}
}

/**
 * Jobs left running or queued by a process that is gone (safe beside a live process: its jobs are kept).
 * @param site
 */
export function failJobsOfDeadProcesses(
	site: SiteContext
): Promise< number > {
	return site.jobs.failInterrupted( processAlive );
}

export async function recoverAtStart(
	site: SiteContext,
	uploads: Uploads,
	extraSteps: RecoveryStep[] = []
): Promise< Record< string, unknown > > {
	const report: Record< string, unknown > = {};
	// Staging first: a restore killed mid-way must leave the live site exactly as it was before anything else runs.
	for ( const step of extraSteps ) {
		Object.assign( report, await step( site ) );
	}
	report.jobs_failed = await failJobsOfDeadProcesses( site );
	// Before the captures are failed: a failed row's archive would be left for nothing to remove.
	report.interrupted_archives_removed =
		await removeInterruptedArchives( site );
	Object.assign( report, await site.catalog.resolveInterrupted() );
	report.partial_archives_removed = (
		await removePartialArchives( await knownDirectories( site ) )
	).length;
	report.deleted_archives_removed = await removeDeletedArchives( site );
	report.stale_uploads_removed = await uploads.removeStale();
	return report;
}

/**
 * Recovery only while no other process owns the site. A CLI run holds the site lock for its whole job and
 * recovered before it took it, so while it holds the lock nothing is left over from a dead process, and
 * its own temp archive and capturing row must not be taken for leftovers. Returns null when the lock is
 * held elsewhere (after waiting up to waitSeconds: a killed process's lock is freed when the server notices
 * its connection closed).
 * @param site
 * @param uploads
 * @param extraSteps
 * @param waitSeconds
 */
export async function recoverIfSiteIdle(
	site: SiteContext,
	uploads: Uploads,
	extraSteps: RecoveryStep[] = [],
	waitSeconds = 0
): Promise< Record< string, unknown > | null > {
	const release = await new SiteLock(
		site.pool,
		site.config.db.database,
		site.config.tablePrefix
	).tryAcquire( waitSeconds );
	if ( ! release ) {
		return null;
	}
	try {
		return await recoverAtStart( site, uploads, extraSteps );
	} finally {
		await release();
	}
}
