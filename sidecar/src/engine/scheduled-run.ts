/**
 * The automatic-backup pipeline as one job: take a `scheduled` full backup, then run the retention sweep. It is
 * an exclusive `backup` job, so it never overlaps a manual backup or a restore (those get 409 syteops_busy).
 */
import { recordAudit } from '../audit/record';
import type { RunContext } from '../schedule/scheduler';
import { takeFullBackup } from './backup';
import type { SiteContext } from './context';
import type { SweepReport } from './retention-sweep';

export interface StartedRun {
	jobId: string;
	/** Settles when the job ends; rejects with what the pipeline threw. */
	finished: Promise< void >;
}

export async function startScheduledRun(
	site: SiteContext,
	run: RunContext,
	sweep: () => Promise< SweepReport >
): Promise< StartedRun > {
	let settle: ( error?: unknown ) => void = () => undefined;
	const finished = new Promise< void >( ( resolve, reject ) => {
		settle = ( error ) =>
			error === undefined ? resolve() : reject( error );
	} );
	// Nobody may await `finished` when the start itself fails; keep that from becoming an unhandled rejection.
	finished.catch( () => undefined );
	const jobId = await site.runner.start(
		{
			kind: 'backup',
			capability: 'syteops_backup_schedule',
			userId: null,
			exclusive: true,
			params: { trigger: run.trigger, run_id: run.runId },
		},
		async ( job ) => {
			try {
				const backup = await takeFullBackup(
					site,
					{ type: 'scheduled', label: labelOf( run ), userId: null },
					job
				);
				await recordAudit( site, null, 'snapshot.create', {
					snapshotId: backup.snapshot_id,
					change: {
						type: 'scheduled',
						trigger: run.trigger,
						size_bytes: backup.size_bytes,
					},
				} );
				const swept = await sweep();
				settle();
				return { ...backup, sweep: swept };
			} catch ( error ) {
				settle( error ?? new Error( 'scheduled run failed' ) );
				throw error;
			}
		}
	);
	return { jobId, finished };
}

function labelOf( run: RunContext ): string {
	const at = ( run.slot ?? run.startedAt ).toISOString().slice( 0, 16 );
	return run.trigger === 'manual'
		? `Automatic backup (run now, ${ at } UTC)`
		: `Automatic backup (${ at } UTC)`;
}
