import { SyteOpsError } from '../../../../sidecar/src/errors';
import type {
	RunContext,
	RunOutcome,
	SchedulerOptions,
} from '../../../../sidecar/src/schedule/scheduler';
import { Scheduler } from '../../../../sidecar/src/schedule/scheduler';
import type { ScheduleSettings } from '../../../../sidecar/src/schedule/schedule-types';
import { FakeClock, settle } from './fake-clock';

const DAILY: ScheduleSettings = {
	enabled: true,
	frequency: 'daily',
	time_of_day: '03:30',
	day_of_week: null,
	day_of_month: null,
	keep_last: 14,
	retention_days: 14,
	max_snapshots: 30,
	storage: { type: 'local', path: '/var/lib/syteops/backups' },
};

// A pipeline that records each run and finishes only when the test says so (or at once, if `instant`).
function recordingPipeline( instant: boolean ) {
	const runs: RunContext[] = [];
	const finishers: Array< ( error?: Error ) => void > = [];
	const pipeline = ( run: RunContext ) => {
		runs.push( run );
		if ( instant ) {
			return Promise.resolve();
		}
		return new Promise< void >( ( resolve, reject ) => {
			finishers.push( ( error ) =>
				error ? reject( error ) : resolve()
			);
		} );
	};
	const slots = () => runs.map( ( r ) => r.slot?.toISOString() ?? null );
	return { runs, finishers, pipeline, slots };
}

function makeScheduler(
	clock: FakeClock,
	pipeline: SchedulerOptions[ 'pipeline' ],
	extra: Partial< SchedulerOptions > = {},
	settings: ScheduleSettings = DAILY
) {
	let counter = 0;
	return new Scheduler( settings, {
		clock,
		pipeline,
		lastRunAt: null,
		newRunId: () => `run-${ ++counter }`,
		...extra,
	} );
}

describe( 'Scheduler', () => {
	it( 'fires a daily schedule at its UTC time, not before', async () => {
		const clock = new FakeClock( '2026-05-21T00:00:00Z' );
		const { pipeline, runs, slots } = recordingPipeline( true );
		const scheduler = makeScheduler( clock, pipeline );
		expect( scheduler.start() ).toBeNull();

		await clock.advanceTo( '2026-05-21T03:29:59.999Z' );
		expect( runs ).toHaveLength( 0 );
		await clock.advanceTo( '2026-05-21T03:30:00Z' );
		expect( slots() ).toEqual( [ '2026-05-21T03:30:00.000Z' ] );
		expect( runs[ 0 ].trigger ).toBe( 'schedule' );
		expect( runs[ 0 ].startedAt.toISOString() ).toBe(
			'2026-05-21T03:30:00.000Z'
		);
		expect( scheduler.state().nextRunAt?.toISOString() ).toBe(
			'2026-05-22T03:30:00.000Z'
		);
		await clock.advanceTo( '2026-05-23T12:00:00Z' );
		expect( slots() ).toHaveLength( 3 );
	} );

	it( 'runs a missed slot exactly once after a restart, then keeps the normal cadence', async () => {
		const clock = new FakeClock( '2026-05-21T09:00:00Z' );
		const { pipeline, runs, slots } = recordingPipeline( true );
		const scheduler = makeScheduler( clock, pipeline, {
			lastRunAt: new Date( '2026-05-17T03:30:00Z' ),
		} );

		const catchUp = scheduler.start();
		expect( catchUp ).not.toBeNull();
		const outcome = await catchUp?.done;
		expect( outcome?.trigger ).toBe( 'catch_up' );
		expect( slots() ).toEqual( [ '2026-05-21T03:30:00.000Z' ] );

		await clock.advanceTo( '2026-05-22T03:29:00Z' );
		expect( runs ).toHaveLength( 1 );
		await clock.advanceTo( '2026-05-22T03:30:00Z' );
		expect( slots() ).toEqual( [
			'2026-05-21T03:30:00.000Z',
			'2026-05-22T03:30:00.000Z',
		] );
	} );

	it( 'never overlaps: slots arriving during a long run are skipped and reported', async () => {
		const clock = new FakeClock( '2026-05-21T00:00:00Z' );
		const { pipeline, runs, finishers } = recordingPipeline( false );
		const skipped: string[] = [];
		const scheduler = makeScheduler( clock, pipeline, {
			onSlotSkipped: ( slot, busy ) =>
				skipped.push( `${ slot.toISOString() } ${ busy }` ),
		} );
		scheduler.start();

		await clock.advanceTo( '2026-05-23T12:00:00Z' );
		expect( runs ).toHaveLength( 1 );
		expect( skipped ).toEqual( [
			'2026-05-22T03:30:00.000Z run-1',
			'2026-05-23T03:30:00.000Z run-1',
		] );
		expect( () => scheduler.runNow() ).toThrow( SyteOpsError );
		expect( () => scheduler.runNow() ).toThrow( /job run-1/ );

		finishers[ 0 ]();
		await settle();
		await clock.advanceTo( '2026-05-24T03:30:00Z' );
		expect( runs ).toHaveLength( 2 );
		expect( runs[ 1 ].runId ).toBe( 'run-2' );
	} );

	it( 'pauses when disabled, keeping the definition, and resumes when enabled again', async () => {
		const clock = new FakeClock( '2026-05-21T00:00:00Z' );
		const { pipeline, slots } = recordingPipeline( true );
		const scheduler = makeScheduler( clock, pipeline );
		scheduler.start();

		scheduler.disable();
		expect( scheduler.state().settings ).toEqual( {
			...DAILY,
			enabled: false,
		} );
		expect( scheduler.state().nextRunAt ).toBeNull();
		expect( clock.pendingTimers() ).toBe( 0 );
		await clock.advanceTo( '2026-05-23T00:00:00Z' );
		expect( slots() ).toEqual( [] );

		scheduler.enable();
		await clock.advanceTo( '2026-05-23T03:30:00Z' );
		expect( slots() ).toEqual( [ '2026-05-23T03:30:00.000Z' ] );
	} );

	it( 'reschedules on update: the new time fires and the old one does not', async () => {
		const clock = new FakeClock( '2026-05-21T00:00:00Z' );
		const { pipeline, slots } = recordingPipeline( true );
		const scheduler = makeScheduler( clock, pipeline );
		scheduler.start();

		scheduler.update( { ...DAILY, time_of_day: '05:00' } );
		await clock.advanceTo( '2026-05-21T04:59:00Z' );
		expect( slots() ).toEqual( [] );
		await clock.advanceTo( '2026-05-21T05:00:00Z' );
		expect( slots() ).toEqual( [ '2026-05-21T05:00:00.000Z' ] );
		expect( clock.pendingTimers() ).toBe( 1 );
	} );

	it( 'runs the same pipeline now on demand, even while the schedule is paused', async () => {
		const clock = new FakeClock( '2026-05-21T10:00:00Z' );
		const { pipeline, runs } = recordingPipeline( true );
		const finished: RunOutcome[] = [];
		const scheduler = makeScheduler( clock, pipeline, {
			onRunFinished: ( outcome ) => finished.push( outcome ),
		} );
		scheduler.start();
		scheduler.disable();

		const handle = scheduler.runNow();
		await handle.done;
		expect( runs ).toEqual( [
			expect.objectContaining( {
				runId: 'run-1',
				trigger: 'manual',
				slot: null,
				settings: { ...DAILY, enabled: false },
			} ),
		] );
		expect( finished.map( ( o ) => o.error ) ).toEqual( [ null ] );
		expect( scheduler.state().lastRunAt?.toISOString() ).toBe(
			'2026-05-21T10:00:00.000Z'
		);
	} );

	it( 'reports a failed run and keeps the schedule going', async () => {
		const clock = new FakeClock( '2026-05-21T00:00:00Z' );
		const { pipeline, runs, finishers } = recordingPipeline( false );
		const finished: RunOutcome[] = [];
		const scheduler = makeScheduler( clock, pipeline, {
			onRunFinished: ( outcome ) => finished.push( outcome ),
		} );
		scheduler.start();

		await clock.advanceTo( '2026-05-21T03:30:00Z' );
		finishers[ 0 ]( new Error( 'disk full' ) );
		await settle();
		expect( ( finished[ 0 ].error as Error ).message ).toBe( 'disk full' );
		expect( scheduler.state().running ).toBeNull();
		await clock.advanceTo( '2026-05-22T03:30:00Z' );
		expect( runs ).toHaveLength( 2 );
	} );

	it( 'does not catch up after a restart when the last run covered the latest slot', () => {
		const clock = new FakeClock( '2026-05-21T09:00:00Z' );
		const { pipeline, runs } = recordingPipeline( true );
		const scheduler = makeScheduler( clock, pipeline, {
			lastRunAt: new Date( '2026-05-21T03:30:00Z' ),
		} );
		expect( scheduler.start() ).toBeNull();
		expect( runs ).toHaveLength( 0 );
	} );
} );
