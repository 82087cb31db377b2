/**
 * Write commands run under the same site lock as the service's backups and restores, so a CLI write never
 * runs beside one there (whichever comes second gets `syteops_busy`). Start-up recovery runs first, while
 * the lock is held: it may only touch leftovers when nothing else owns the site. It runs before the job
 * row exists because recovery fails every running job of this process id.
 */
import type { SiteContext } from '../engine/context';
import type { JobContext } from '../engine/job-runner';
import { recoverIfSiteIdle } from '../engine/recovery';
import { recoverInterruptedRestore } from '../engine/restore-recovery';
import { SyteOpsError } from '../errors';
import { Uploads } from '../repository/uploads';
import type { ProgressReporter } from './progress';

const EXCLUSIVE_KINDS = [ 'backup', 'restore', 'import', 'export' ];

export async function recoverUnderLock(
	site: SiteContext
): Promise< Record< string, unknown > > {
	const report = await recoverIfSiteIdle(
		site,
		new Uploads( site.config.storageDir ),
		[ recoverInterruptedRestore ]
	);
	if ( ! report ) {
		const running = await site.jobs.running( EXCLUSIVE_KINDS );
		throw new SyteOpsError( 'syteops_busy', {
			running: running?.kind ?? 'backup or restore',
			job_id: running?.id ?? 'unknown',
		} );
	}
	return report;
}

type Outcome< T > = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `work` as an exclusive job of the site's runner (a job row the admin can see), waits for it and
 * returns its result or throws its error.
 * @param site
 * @param spec
 * @param spec.kind
 * @param spec.capability
 * @param spec.snapshotId
 * @param work
 * @param progress
 */
export async function runExclusive< T >(
	site: SiteContext,
	spec: { kind: string; capability: string; snapshotId?: string },
	work: ( job: JobContext ) => Promise< T >,
	progress: ProgressReporter
): Promise< T > {
	await recoverUnderLock( site );
	let outcome: Outcome< T > | null = null;
	await site.runner.start(
		{ ...spec, userId: null, exclusive: true },
		async ( job ) => {
			const tracked: JobContext = {
				...job,
				progress: ( phase, done, total ) => {
					job.progress( phase, done, total );
					progress.update( phase, done, total );
				},
			};
			try {
				const value = await work( tracked );
				outcome = { ok: true, value };
				return value;
			} catch ( error ) {
				outcome = { ok: false, error };
				throw error;
			}
		}
	);
	await site.runner.idle();
	progress.finish();
	const ended = outcome as Outcome< T > | null;
	if ( ! ended ) {
		throw new SyteOpsError( 'syteops_internal', { ref: 'cli-job' } );
	}
	if ( ! ended.ok ) {
		throw ended.error;
	}
	return ended.value;
}
