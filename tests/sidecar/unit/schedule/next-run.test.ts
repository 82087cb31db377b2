import {
	latestRunAtOrBefore,
	missedRunToCatchUp,
	nextRunAfter,
} from '../../../../sidecar/src/schedule/next-run';
import type { ScheduleTiming } from '../../../../sidecar/src/schedule/schedule-types';

const timing = ( overrides: Partial< ScheduleTiming > ): ScheduleTiming => ( {
	frequency: 'daily',
	time_of_day: '03:30',
	day_of_week: null,
	day_of_month: null,
	...overrides,
} );

const at = ( iso: string ) => new Date( iso );
const next = ( t: ScheduleTiming, iso: string ) =>
	nextRunAfter( t, at( iso ) ).toISOString();

describe( 'nextRunAfter', () => {
	it( 'runs a daily schedule later the same day when the time is still ahead', () => {
		expect( next( timing( {} ), '2026-05-21T01:00:00Z' ) ).toBe(
			'2026-05-21T03:30:00.000Z'
		);
	} );

	it( 'moves a daily schedule to tomorrow once the time has come (strictly after)', () => {
		expect( next( timing( {} ), '2026-05-21T03:30:00Z' ) ).toBe(
			'2026-05-22T03:30:00.000Z'
		);
	} );

	it( 'crosses month and year ends in UTC', () => {
		expect( next( timing( {} ), '2026-12-31T23:00:00Z' ) ).toBe(
			'2027-01-01T03:30:00.000Z'
		);
	} );

	it( 'uses only the minutes for an hourly schedule', () => {
		const hourly = timing( { frequency: 'hourly', time_of_day: '17:15' } );
		expect( next( hourly, '2026-05-21T08:10:00Z' ) ).toBe(
			'2026-05-21T08:15:00.000Z'
		);
		expect( next( hourly, '2026-05-21T08:15:00Z' ) ).toBe(
			'2026-05-21T09:15:00.000Z'
		);
	} );

	it( 'finds the chosen weekday for a weekly schedule', () => {
		// 2026-05-21 is a Thursday; 1 = Monday.
		const weekly = timing( { frequency: 'weekly', day_of_week: 1 } );
		expect( next( weekly, '2026-05-21T12:00:00Z' ) ).toBe(
			'2026-05-25T03:30:00.000Z'
		);
		expect( next( weekly, '2026-05-25T03:30:00Z' ) ).toBe(
			'2026-06-01T03:30:00.000Z'
		);
	} );

	it( 'runs a biweekly schedule every other week, the same dates whatever the starting point', () => {
		const biweekly = timing( { frequency: 'biweekly', day_of_week: 1 } );
		const first = nextRunAfter( biweekly, at( '2026-05-21T12:00:00Z' ) );
		const second = nextRunAfter( biweekly, first );
		expect( second.getTime() - first.getTime() ).toBe( 14 * 86400000 );
		expect( first.getUTCDay() ).toBe( 1 );
		// Asking from the skipped week in between lands on the same second run.
		const midway = new Date( first.getTime() + 7 * 86400000 );
		expect( nextRunAfter( biweekly, midway ) ).toEqual( second );
	} );

	it( 'runs a monthly schedule on its day, moving to next month once passed', () => {
		const monthly = timing( { frequency: 'monthly', day_of_month: 28 } );
		expect( next( monthly, '2026-02-10T00:00:00Z' ) ).toBe(
			'2026-02-28T03:30:00.000Z'
		);
		expect( next( monthly, '2026-02-28T04:00:00Z' ) ).toBe(
			'2026-03-28T03:30:00.000Z'
		);
	} );
} );

describe( 'latestRunAtOrBefore', () => {
	it( 'returns the slot itself when asked exactly at it', () => {
		expect(
			latestRunAtOrBefore( timing( {} ), at( '2026-05-21T03:30:00Z' ) )
		).toEqual( at( '2026-05-21T03:30:00Z' ) );
	} );

	it( 'finds last month’s slot across a 31-day month', () => {
		const monthly = timing( { frequency: 'monthly', day_of_month: 1 } );
		expect(
			latestRunAtOrBefore( monthly, at( '2026-08-01T03:00:00Z' ) )
		).toEqual( at( '2026-07-01T03:30:00Z' ) );
	} );
} );

describe( 'missedRunToCatchUp', () => {
	const daily = { ...timing( {} ), enabled: true };

	it( 'catches up once, on the latest slot, after several missed days', () => {
		expect(
			missedRunToCatchUp(
				daily,
				at( '2026-05-17T03:30:00Z' ),
				at( '2026-05-21T09:00:00Z' )
			)
		).toEqual( at( '2026-05-21T03:30:00Z' ) );
	} );

	it( 'has nothing to catch up when the last run covered the latest slot', () => {
		expect(
			missedRunToCatchUp(
				daily,
				at( '2026-05-21T03:30:00Z' ),
				at( '2026-05-21T09:00:00Z' )
			)
		).toBeNull();
	} );

	it( 'has nothing to catch up when disabled or never run', () => {
		const now = at( '2026-05-21T09:00:00Z' );
		expect(
			missedRunToCatchUp(
				{ ...daily, enabled: false },
				at( '2026-05-01T00:00:00Z' ),
				now
			)
		).toBeNull();
		expect( missedRunToCatchUp( daily, null, now ) ).toBeNull();
	} );
} );
