/**
 * Runs the site's one schedule: fires the injected pipeline ("take a scheduled backup, then sweep") at each UTC
 * slot, catches up once at start, and runs it on demand.
 *
 * Overlap rule: at most one run at a time. A slot that arrives while a run is in progress is SKIPPED, not
 * queued: the running backup already captures the site at about that time, and a queued run would only add a
 * near-duplicate right after it. Skips are reported through `onSlotSkipped`. `runNow()` while a run is in
 * progress throws the catalogued busy error instead of waiting.
 *
 * `lastRunAt` is the start of the latest run. The owner should persist `outcome.startedAt` from `onRunFinished`
 * and pass it back on the next start, so a run cut short by a crash is caught up once after the restart.
 */
import { randomUUID } from 'crypto';

import { SyteOpsError } from '../errors';
import type { Clock, TimerHandle } from './clock';
import { missedRunToCatchUp, nextRunAfter } from './next-run';
import type { ScheduleSettings } from './schedule-types';

export type RunTrigger = 'schedule' | 'catch_up' | 'manual';

export interface RunContext {
	runId: string;
	trigger: RunTrigger;
	/** The slot this run serves; null for a manual run. */
	slot: Date | null;
	startedAt: Date;
	settings: ScheduleSettings;
}

export interface RunOutcome extends RunContext {
	finishedAt: Date;
	/** What the pipeline threw, or null when it succeeded. */
	error: unknown;
}

export interface RunHandle {
	runId: string;
	/** Settles when the run ends; never rejects (a failure is in `outcome.error`). */
	done: Promise< RunOutcome >;
}

export interface SchedulerOptions {
	clock: Clock;
	pipeline: ( run: RunContext ) => Promise< void >;
	/** Persisted start of the last run (or when the schedule was saved); null if it never ran. */
	lastRunAt: Date | null;
	newRunId?: () => string;
	/** Must not throw: it runs after the pipeline and nobody awaits scheduled runs. */
	onRunFinished?: ( outcome: RunOutcome ) => void;
	onSlotSkipped?: ( slot: Date, busyRunId: string ) => void;
}

export interface SchedulerState {
	settings: ScheduleSettings;
	running: RunContext | null;
	nextRunAt: Date | null;
	lastRunAt: Date | null;
}

export class Scheduler {
	private settings: ScheduleSettings;
	private lastRunAt: Date | null;
	private running: RunContext | null = null;
	private timer: TimerHandle | null = null;
	private nextRunAt: Date | null = null;
	private started = false;
	private readonly options: SchedulerOptions;

	constructor( settings: ScheduleSettings, options: SchedulerOptions ) {
		this.settings = settings;
		this.options = options;
		this.lastRunAt = options.lastRunAt;
	}

	/** Arms the timer; returns the catch-up run when a slot was missed while stopped, else null. */
	start(): RunHandle | null {
		this.started = true;
		const missed = missedRunToCatchUp(
			this.settings,
			this.lastRunAt,
			this.options.clock.now()
		);
		const catchUp =
			missed && ! this.running ? this.begin( 'catch_up', missed ) : null;
		this.arm();
		return catchUp;
	}

	/** Cancels the timer (shutdown). A run in progress is left to finish. */
	stop(): void {
		this.started = false;
		this.arm();
	}

	runNow(): RunHandle {
		return this.begin( 'manual', null );
	}

	/** Pauses without forgetting the definition; `enable()` or `update()` resumes. */
	disable(): void {
		this.update( { ...this.settings, enabled: false } );
	}

	enable(): void {
		this.update( { ...this.settings, enabled: true } );
	}

	update( settings: ScheduleSettings ): void {
		this.settings = settings;
		this.arm();
	}

	state(): SchedulerState {
		return {
			settings: this.settings,
			running: this.running,
			nextRunAt: this.nextRunAt,
			lastRunAt: this.lastRunAt,
		};
	}

	private arm(): void {
		this.timer?.cancel();
		this.timer = null;
		this.nextRunAt = null;
		if ( ! this.started || ! this.settings.enabled ) {
			return;
		}
		const slot = nextRunAfter( this.settings, this.options.clock.now() );
		this.nextRunAt = slot;
		this.timer = this.options.clock.at( slot, () => this.onSlot( slot ) );
	}

	private onSlot( slot: Date ): void {
		this.timer = null;
		if ( this.running ) {
			this.options.onSlotSkipped?.( slot, this.running.runId );
		} else {
			this.begin( 'schedule', slot );
		}
		this.arm();
	}

	private begin( trigger: RunTrigger, slot: Date | null ): RunHandle {
		if ( this.running ) {
			throw new SyteOpsError( 'syteops_busy', {
				running: 'scheduled backup',
				job_id: this.running.runId,
			} );
		}
		const run: RunContext = {
			runId: ( this.options.newRunId ?? defaultRunId )(),
			trigger,
			slot,
			startedAt: this.options.clock.now(),
			settings: this.settings,
		};
		this.running = run;
		this.lastRunAt = run.startedAt;
		return { runId: run.runId, done: this.execute( run ) };
	}

	private async execute( run: RunContext ): Promise< RunOutcome > {
		let error: unknown = null;
		try {
			await this.options.pipeline( run );
		} catch ( thrown ) {
			error = thrown;
		}
		this.running = null;
		const outcome = { ...run, finishedAt: this.options.clock.now(), error };
		this.options.onRunFinished?.( outcome );
		return outcome;
	}
}

function defaultRunId(): string {
	return randomUUID().replace( /-/g, '' );
}
