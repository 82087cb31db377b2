/**
 * The combined retention math: how many scheduled snapshots can be alive at once, and does that many recent-sized
 * archives fit the storage allowance. When it does not, the error names the one number to change and the largest
 * value that fits, so the user is told a fix rather than just "too big".
 */
import { SyteOpsError } from '../errors';
import { FIELD_LABELS, INTERVAL_HOURS } from './schedule-types';
import type { ScheduleSettings } from './schedule-types';

export interface StorageAllowance {
	/**
	 * Bytes the scheduled snapshots may occupy in all: the target's free space plus what scheduled archives
	 * already use there, or a configured quota.
	 */
	bytes: number;
	source: 'free_space' | 'quota';
}

type CountField = 'keep_last' | 'max_snapshots' | 'retention_days';

type RetentionNumbers = Pick<
	ScheduleSettings,
	'frequency' | 'keep_last' | 'retention_days' | 'max_snapshots'
>;

/**
 * Scheduled snapshots alive at once: min(keep_last, max_snapshots, runs inside the retention window).
 *
 * @param settings The frequency and the three retention limits.
 */
export function scheduledSnapshotsAlive( settings: RetentionNumbers ): number {
	return Math.min(
		settings.keep_last,
		settings.max_snapshots,
		runsInWindow( settings )
	);
}

function runsInWindow( settings: RetentionNumbers ): number {
	return Math.ceil(
		( settings.retention_days * 24 ) / INTERVAL_HOURS[ settings.frequency ]
	);
}

export function assertRetentionFitsStorage(
	settings: RetentionNumbers,
	archiveBytes: number,
	allowance: StorageAllowance
): void {
	const count = scheduledSnapshotsAlive( settings );
	const required = count * archiveBytes;
	if ( required <= allowance.bytes ) {
		return;
	}
	const fits = Math.floor( allowance.bytes / Math.max( archiveBytes, 1 ) );
	const fix = suggestFix( settings, fits );
	const free = formatBytes( required - allowance.bytes );
	const advice = fix
		? `Lower '${ FIELD_LABELS[ fix.field ] }' to ${ fix.atMost } or less, or free ${ free }.`
		: `Not even one archive fits: free ${ free } or choose another storage location.`;
	throw new SyteOpsError( 'syteops_schedule_exceeds_storage', {
		field: fix ? fix.field : 'storage.path',
		at_most: fix ? fix.atMost : null,
		count,
		archive_size: formatBytes( archiveBytes ),
		required: formatBytes( required ),
		allowance: describeAllowance( allowance ),
		advice,
	} );
}

// Only the number that currently decides the count helps when lowered, so name that one (preferring the
// explicit cap, then keep_last, then the window) with the largest value that fits.
function suggestFix(
	settings: RetentionNumbers,
	fits: number
): { field: CountField; atMost: number } | null {
	if ( fits < 1 ) {
		return null;
	}
	const alive = scheduledSnapshotsAlive( settings );
	if ( settings.max_snapshots === alive ) {
		return { field: 'max_snapshots', atMost: fits };
	}
	if ( settings.keep_last === alive ) {
		return { field: 'keep_last', atMost: fits };
	}
	const days = Math.floor(
		( fits * INTERVAL_HOURS[ settings.frequency ] ) / 24
	);
	// An hourly schedule may fit fewer runs than one day holds; then only a count cap can help.
	return days >= 1
		? { field: 'retention_days', atMost: days }
		: { field: 'max_snapshots', atMost: fits };
}

function describeAllowance( allowance: StorageAllowance ): string {
	const size = formatBytes( allowance.bytes );
	return allowance.source === 'quota'
		? `${ size } (the configured quota)`
		: `${ size } (free space on the storage target)`;
}

const UNITS = [ 'bytes', 'KB', 'MB', 'GB', 'TB' ];

/**
 * Binary units with one decimal, rounded up so "free 3.2 GB" is always enough.
 *
 * @param bytes A size in bytes.
 */
export function formatBytes( bytes: number ): string {
	let value = bytes;
	let unit = 0;
	while ( value >= 1024 && unit < UNITS.length - 1 ) {
		value /= 1024;
		unit++;
	}
	if ( unit === 0 ) {
		return `${ Math.ceil( value ) } bytes`;
	}
	return `${ ( Math.ceil( value * 10 ) / 10 ).toFixed( 1 ) } ${ UNITS[ unit ] }`;
}
