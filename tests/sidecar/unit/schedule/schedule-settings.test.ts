import { SyteOpsError } from '../../../../sidecar/src/errors';
import type { ScheduleValidationContext } from '../../../../sidecar/src/schedule/schedule-settings';
import { validateScheduleSettings } from '../../../../sidecar/src/schedule/schedule-settings';
import {
	formatBytes,
	scheduledSnapshotsAlive,
} from '../../../../sidecar/src/schedule/storage-allowance';

const GB = 1024 ** 3;
const NO_MATH: ScheduleValidationContext = {
	recentArchiveBytes: null,
	allowance: null,
};

const valid = {
	enabled: true,
	frequency: 'daily',
	time_of_day: '03:30',
	keep_last: 14,
	retention_days: 14,
	max_snapshots: 30,
	storage: { type: 'local', path: '/var/lib/syteops/backups' },
};

function rejection(
	input: unknown,
	context: ScheduleValidationContext = NO_MATH
): SyteOpsError {
	try {
		validateScheduleSettings( input, context );
	} catch ( error ) {
		if ( error instanceof SyteOpsError ) {
			return error;
		}
		throw error;
	}
	throw new Error( 'expected the settings to be rejected' );
}

describe( 'validateScheduleSettings fields', () => {
	it( 'accepts a daily schedule and drops day fields it does not use', () => {
		expect(
			validateScheduleSettings(
				{ ...valid, day_of_week: 3, day_of_month: 9 },
				NO_MATH
			)
		).toEqual( { ...valid, day_of_week: null, day_of_month: null } );
	} );

	it.each( [
		[ 'frequency', { frequency: 'yearly' } ],
		[ 'time_of_day', { time_of_day: '24:00' } ],
		[ 'time_of_day', { time_of_day: '3:30' } ],
		[ 'enabled', { enabled: 'yes' } ],
		[ 'day_of_week', { frequency: 'weekly' } ],
		[ 'day_of_week', { frequency: 'biweekly', day_of_week: 7 } ],
		[ 'day_of_month', { frequency: 'monthly', day_of_month: 31 } ],
		[ 'keep_last', { keep_last: 0 } ],
		[ 'retention_days', { retention_days: 1.5 } ],
		[ 'max_snapshots', { max_snapshots: '30' } ],
		[ 'storage.type', { storage: { type: 's3' } } ],
		[ 'storage.path', { storage: { type: 'local', path: 'backups' } } ],
		[ 'storage.path', { storage: { type: 'local', path: '/srv/../etc' } } ],
	] )( 'names %s when it is wrong (%j)', ( field, change ) => {
		const error = rejection( { ...valid, ...change } );
		expect( error.code ).toBe( 'syteops_schedule_invalid' );
		expect( error.details.field ).toBe( field );
	} );

	it( 'rejects pCloud as coming soon, naming the storage field', () => {
		const error = rejection( { ...valid, storage: { type: 'pcloud' } } );
		expect( error.code ).toBe( 'syteops_storage_coming_soon' );
		expect( error.details.field ).toBe( 'storage.type' );
		expect( error.message ).toMatch( /pCloud .*coming soon/ );
	} );
} );

describe( 'combined retention math', () => {
	it( 'counts the live scheduled snapshots as the smallest of the three limits', () => {
		const daily = {
			frequency: 'daily' as const,
			keep_last: 50,
			max_snapshots: 40,
		};
		expect(
			scheduledSnapshotsAlive( { ...daily, retention_days: 14 } )
		).toBe( 14 );
		expect(
			scheduledSnapshotsAlive( {
				...daily,
				frequency: 'weekly',
				retention_days: 15,
			} )
		).toBe( 3 );
		expect(
			scheduledSnapshotsAlive( { ...daily, retention_days: 90 } )
		).toBe( 40 );
	} );

	it( 'accepts settings whose snapshots fit the allowance exactly', () => {
		const settings = validateScheduleSettings( valid, {
			recentArchiveBytes: GB,
			allowance: { bytes: 14 * GB, source: 'free_space' },
		} );
		expect( settings.keep_last ).toBe( 14 );
	} );

	it( 'rejects a cap that cannot fit, saying to lower Maximum snapshots and how much to free', () => {
		const error = rejection(
			{
				...valid,
				keep_last: 100,
				retention_days: 365,
				max_snapshots: 20,
			},
			{
				recentArchiveBytes: 400 * 1024 ** 2,
				allowance: { bytes: 5 * GB, source: 'free_space' },
			}
		);
		expect( error.code ).toBe( 'syteops_schedule_exceeds_storage' );
		expect( error.details.field ).toBe( 'max_snapshots' );
		// 5 GB / 400 MB = 12.8 archives, so 12; 20 × 400 MB = 7.8125 GB, 2.8125 GB short.
		expect( error.details.at_most ).toBe( 12 );
		expect( error.message ).toContain(
			"Lower 'Maximum snapshots' to 12 or less, or free 2.9 GB."
		);
		expect( error.message ).toContain( 'keep 20 scheduled snapshots' );
	} );

	it( 'names keep_last when it is the limit that decides', () => {
		const error = rejection(
			{ ...valid, keep_last: 10, retention_days: 30, max_snapshots: 50 },
			{
				recentArchiveBytes: GB,
				allowance: { bytes: 6.5 * GB, source: 'quota' },
			}
		);
		expect( error.details.field ).toBe( 'keep_last' );
		expect( error.details.at_most ).toBe( 6 );
		expect( error.message ).toContain( '(the configured quota)' );
	} );

	it( 'names the retention window in days when the window decides', () => {
		const error = rejection(
			{
				...valid,
				frequency: 'weekly',
				day_of_week: 0,
				keep_last: 100,
				retention_days: 70,
				max_snapshots: 100,
			},
			{
				recentArchiveBytes: GB,
				allowance: { bytes: 4 * GB, source: 'free_space' },
			}
		);
		expect( error.details.field ).toBe( 'retention_days' );
		expect( error.details.at_most ).toBe( 28 );
	} );

	it( 'points at the storage when not even one archive fits', () => {
		const error = rejection( valid, {
			recentArchiveBytes: 2 * GB,
			allowance: { bytes: GB, source: 'free_space' },
		} );
		expect( error.details.field ).toBe( 'storage.path' );
		expect( error.message ).toContain( 'Not even one archive fits' );
	} );
} );

describe( 'formatBytes', () => {
	it( 'rounds up to one decimal in binary units', () => {
		expect( formatBytes( 512 ) ).toBe( '512 bytes' );
		expect( formatBytes( 1536 ) ).toBe( '1.5 KB' );
		expect( formatBytes( 3.21 * GB ) ).toBe( '3.3 GB' );
	} );
} );
