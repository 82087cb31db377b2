/**
 * The running schedule of one site: a Scheduler built from the saved definition (started with the sidecar,
 * stopped on shutdown), the persisted start of the last run (so a run missed while the sidecar was down
 * fires once at start), and the retention sweep on a fixed cadence. Sweeps never run two at a time. Each sweep
 * also prunes the audit log to the site's activity-log retention (see ../audit/prune.ts).
 */
import { pruneAuditLog, type AuditPruneReport } from '../audit/prune';
import type { Clock } from '../schedule/clock';
import { Scheduler } from '../schedule/scheduler';
import type { RunContext, RunOutcome } from '../schedule/scheduler';
import type { SiteContext } from './context';
import {
	policyOf,
	storedSchedule,
	type StoredSchedule,
} from './schedule-definition';
import { startScheduledRun } from './scheduled-run';
import { sweepRetention, type SweepReport } from './retention-sweep';

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export interface ServiceSweepReport extends SweepReport {
	audit: AuditPruneReport;
}

export class ScheduleService {
	private scheduler: Scheduler | null = null;
	private sweepTimer: NodeJS.Timeout | null = null;
	private sweeping: Promise< ServiceSweepReport > | null = null;
	private readonly jobStarts = new Map< string, Promise< string > >();

	constructor(
		private readonly site: SiteContext,
		private readonly clock: Clock
	) {}

	/** Arms the saved schedule (catching up once on a missed run) and the hourly sweep. */
	async start(): Promise< void > {
		this.sweepTimer = setInterval( () => {
			this.sweep().catch( ( error: unknown ) =>
				this.site.logger.warn( 'retention sweep failed', {
					error: String( error ),
				} )
			);
		}, SWEEP_INTERVAL_MS );
		this.sweepTimer.unref();
		const settings = await this.site.settings.get();
		const schedule = storedSchedule( settings.schedule );
		if ( schedule ) {
			const caughtUp = this.arm(
				schedule,
				settings.schedule_last_run_at
			);
			if ( caughtUp ) {
				this.site.logger.info( 'catching up a missed scheduled run', {
					run_id: caughtUp,
				} );
			}
		}
	}

	stop(): void {
		this.scheduler?.stop();
		if ( this.sweepTimer ) {
			clearInterval( this.sweepTimer );
		}
	}

	state(): {
		nextRunAt: Date | null;
		lastRunAt: Date | null;
		running: boolean;
	} {
		const state = this.scheduler?.state();
		return {
			nextRunAt: state?.nextRunAt ?? null,
			lastRunAt: state?.lastRunAt ?? null,
			running: Boolean( state?.running ),
		};
	}

	/**
	 * Applies a freshly saved definition to the running scheduler.
	 * @param schedule
	 * @param lastRunAt
	 */
	apply( schedule: StoredSchedule, lastRunAt: string | null ): void {
		if ( this.scheduler ) {
			this.scheduler.update( schedule );
		} else {
			this.arm( schedule, lastRunAt );
		}
	}

	/**
	 * Runs the pipeline now; resolves with the job id (syteops_busy when a run or a backup is in progress).
	 * @param schedule
	 */
	async runNow( schedule: StoredSchedule ): Promise< string > {
		if ( ! this.scheduler ) {
			// Start-up could not read the settings (database down then); arm from the definition now.
			this.apply( schedule, null );
		}
		const handle = ( this.scheduler as Scheduler ).runNow();
		const jobId = this.jobStarts.get( handle.runId );
		if ( ! jobId ) {
			throw new Error( 'the scheduled pipeline did not start a job' );
		}
		return jobId;
	}

	/**
	 * The retention sweep with the saved schedule's policy (no caps when none is saved), then the audit log's
	 * pruning: after the sweep, so its fresh entries are counted in the window like any other.
	 */
	sweep(): Promise< ServiceSweepReport > {
		this.sweeping ??= this.site.settings
			.get()
			.then( ( settings ) =>
				sweepRetention(
					this.site,
					policyOf( storedSchedule( settings.schedule ) )
				)
			)
			.then( async ( report ) => ( {
				...report,
				audit: await pruneAuditLog( this.site ),
			} ) )
			.finally( () => {
				this.sweeping = null;
			} );
		return this.sweeping;
	}

	private arm(
		schedule: StoredSchedule,
		lastRunIso: string | null
	): string | null {
		// The catch-up floor is the later of the last run and the save: saving is not a missed run.
		const floor = [ lastRunIso, schedule.saved_at ]
			.filter( ( v ): v is string => typeof v === 'string' )
			.map( ( v ) => new Date( v ) )
			.filter( ( d ) => ! Number.isNaN( d.getTime() ) )
			.sort( ( a, b ) => b.getTime() - a.getTime() )[ 0 ];
		this.scheduler = new Scheduler( schedule, {
			clock: this.clock,
			lastRunAt: floor ?? this.clock.now(),
			pipeline: ( run ) => this.pipeline( run ),
			onRunFinished: ( outcome ) => this.finished( outcome ),
			onSlotSkipped: ( slot, busy ) =>
				this.site.logger.warn(
					'scheduled slot skipped: a run is in progress',
					{
						slot: slot.toISOString(),
						busy,
					}
				),
		} );
		return this.scheduler.start()?.runId ?? null;
	}

	private pipeline( run: RunContext ): Promise< void > {
		const started = startScheduledRun( this.site, run, () => this.sweep() );
		const jobId = started.then( ( s ) => s.jobId );
		jobId.catch( () => undefined );
		this.jobStarts.set( run.runId, jobId );
		return started
			.then( ( s ) => s.finished )
			.finally( () => this.jobStarts.delete( run.runId ) );
	}

	private finished( outcome: RunOutcome ): void {
		if ( outcome.error ) {
			this.site.logger.warn( 'scheduled run failed', {
				run_id: outcome.runId,
				trigger: outcome.trigger,
				error: String(
					( outcome.error as Error )?.message ?? outcome.error
				),
			} );
		}
		this.site.settings
			.update( { schedule_last_run_at: outcome.startedAt.toISOString() } )
			.catch( ( error: unknown ) =>
				this.site.logger.warn(
					'could not record the last scheduled run',
					{
						error: String( error ),
					}
				)
			);
	}
}
