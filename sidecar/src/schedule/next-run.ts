/**
 * When scheduled runs happen, as pure UTC arithmetic (no time zones, so no daylight-saving surprises).
 *
 * Biweekly runs fall on the chosen weekday of every other week, counted from the week that starts on Sunday
 * 1970-01-04: the same dates on every site and after every restart, with no extra state to store.
 */
import type { ScheduleSettings, ScheduleTiming } from './schedule-types';
import { intervalMs } from './schedule-types';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
const BIWEEKLY_ANCHOR_MS = Date.UTC( 1970, 0, 4 );

/**
 * The first slot strictly after `instant`.
 *
 * @param timing  The frequency, time of day and day the schedule runs on.
 * @param instant The moment to look after; a slot exactly at it is not returned.
 */
export function nextRunAfter( timing: ScheduleTiming, instant: Date ): Date {
	const at = instant.getTime();
	const { hours, minutes } = parseTimeOfDay( timing.time_of_day );
	switch ( timing.frequency ) {
		case 'hourly': {
			const slot = at - ( at % HOUR_MS ) + minutes * MINUTE_MS;
			return new Date( slot > at ? slot : slot + HOUR_MS );
		}
		case 'daily': {
			const slot = utcOnDayOf( at, 0, hours, minutes );
			return new Date( slot > at ? slot : slot + DAY_MS );
		}
		case 'weekly':
			return new Date( nextWeekly( timing, at, hours, minutes ) );
		case 'biweekly': {
			const slot = nextWeekly( timing, at, hours, minutes );
			const oddWeek =
				Math.floor( ( slot - BIWEEKLY_ANCHOR_MS ) / WEEK_MS ) % 2 !== 0;
			return new Date( oddWeek ? slot + WEEK_MS : slot );
		}
		case 'monthly':
			return new Date( nextMonthly( timing, at, hours, minutes ) );
	}
}

/**
 * The latest slot at or before `instant`.
 *
 * @param timing  The frequency, time of day and day the schedule runs on.
 * @param instant The moment to look back from; a slot exactly at it counts.
 */
export function latestRunAtOrBefore(
	timing: ScheduleTiming,
	instant: Date
): Date {
	// Every window one gap long holds a slot; months are uneven, so for them look back past the longest (31 days).
	const lookBack =
		timing.frequency === 'monthly'
			? 32 * DAY_MS
			: intervalMs( timing.frequency );
	let slot = nextRunAfter( timing, new Date( instant.getTime() - lookBack ) );
	let latest = slot;
	while ( slot.getTime() <= instant.getTime() ) {
		latest = slot;
		slot = nextRunAfter( timing, slot );
	}
	return latest;
}

/**
 * The slot to catch up on at start, or null. However many slots were missed while the sidecar was down, the
 * answer is one slot (the latest), so a restart runs one backup, never a burst. `lastRunAt` should be the later of
 * the last run's start and the moment the schedule was saved or enabled; null means "nothing to catch up on".
 *
 * @param settings  The schedule; a disabled one never catches up.
 * @param lastRunAt When the last run started (or the schedule was saved), null if never.
 * @param now       The current time.
 */
export function missedRunToCatchUp(
	settings: Pick< ScheduleSettings, 'enabled' > & ScheduleTiming,
	lastRunAt: Date | null,
	now: Date
): Date | null {
	if ( ! settings.enabled || lastRunAt === null ) {
		return null;
	}
	const latest = latestRunAtOrBefore( settings, now );
	return latest.getTime() <= now.getTime() &&
		latest.getTime() > lastRunAt.getTime()
		? latest
		: null;
}

function nextWeekly(
	timing: ScheduleTiming,
	at: number,
	hours: number,
	minutes: number
): number {
	const dow = requireDay( timing.day_of_week, 'day_of_week' );
	const ahead = ( dow - new Date( at ).getUTCDay() + 7 ) % 7;
	const slot = utcOnDayOf( at, ahead, hours, minutes );
	return slot > at ? slot : slot + WEEK_MS;
}

function nextMonthly(
	timing: ScheduleTiming,
	at: number,
	hours: number,
	minutes: number
): number {
	const dom = requireDay( timing.day_of_month, 'day_of_month' );
	const day = new Date( at );
	const year = day.getUTCFullYear();
	const month = day.getUTCMonth();
	const slot = Date.UTC( year, month, dom, hours, minutes );
	return slot > at ? slot : Date.UTC( year, month + 1, dom, hours, minutes );
}

// HH:MM UTC on the day `at` falls on, moved `daysAhead` days (Date.UTC rolls over months and years).
function utcOnDayOf(
	at: number,
	daysAhead: number,
	hours: number,
	minutes: number
): number {
	const day = new Date( at );
	return Date.UTC(
		day.getUTCFullYear(),
		day.getUTCMonth(),
		day.getUTCDate() + daysAhead,
		hours,
		minutes
	);
}

export function parseTimeOfDay( value: string ): {
	hours: number;
	minutes: number;
} {
	const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec( value );
	if ( ! match ) {
		throw new RangeError( `time_of_day must be HH:MM, got "${ value }"` );
	}
	return { hours: Number( match[ 1 ] ), minutes: Number( match[ 2 ] ) };
}

// Validated settings always carry the day their frequency needs; reaching this throw is a programming error.
function requireDay( value: number | null, field: string ): number {
	if ( value === null ) {
		throw new RangeError( `${ field } is required for this frequency` );
	}
	return value;
}
