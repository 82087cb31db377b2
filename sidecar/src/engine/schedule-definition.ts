/**
 * The schedule as the settings option stores it, and how a PUT body becomes a validated definition: fields the
 * body leaves out keep their saved (or default) values, the storage path must be the directory archives are
 * written to, and the combined retention math is checked against that directory's free space or the quota.
 */
import { LocalTarget } from '../repository/storage/local-target';
import {
	invalid,
	validateScheduleSettings,
} from '../schedule/schedule-settings';
import type { ScheduleSettings } from '../schedule/schedule-types';
import type { StorageAllowance } from '../schedule/storage-allowance';
import type { RetentionPolicy } from '../schedule/retention-types';
import type { SiteContext } from './context';

/** What is saved: the validated settings, an optional quota, and when it was saved (the catch-up floor). */
export interface StoredSchedule extends ScheduleSettings {
	quota_bytes: number | null;
	saved_at: string;
}

const FIELDS = [
	'enabled',
	'frequency',
	'time_of_day',
	'day_of_week',
	'day_of_month',
	'keep_last',
	'retention_days',
	'max_snapshots',
] as const;

export function defaultSchedule( storageDir: string ): ScheduleSettings {
	return {
		enabled: true,
		frequency: 'daily',
		time_of_day: '03:00',
		day_of_week: null,
		day_of_month: null,
		keep_last: 7,
		retention_days: 30,
		max_snapshots: 30,
		storage: { type: 'local', path: storageDir },
	};
}

/**
 * The saved schedule, or null when none was ever saved (or the stored value is not one).
 * @param raw The `schedule` field of the settings option.
 */
export function storedSchedule(
	raw: Record< string, unknown > | null
): StoredSchedule | null {
	if ( ! raw || typeof raw.frequency !== 'string' ) {
		return null;
	}
	return raw as unknown as StoredSchedule;
}

export function policyOf( schedule: StoredSchedule | null ): RetentionPolicy {
	return {
		keep_last: schedule?.keep_last ?? null,
		retention_days: schedule?.retention_days ?? null,
		max_snapshots: schedule?.max_snapshots ?? null,
	};
}

/**
 * Merges the body over the current definition, validates it and checks the retention math.
 * @param site    The site.
 * @param body    The request parameters.
 * @param current The saved schedule, if any.
 */
export async function buildSchedule(
	site: SiteContext,
	body: Record< string, unknown >,
	current: StoredSchedule | null
): Promise< StoredSchedule > {
	const base = current ?? defaultSchedule( site.config.storageDir );
	const merged: Record< string, unknown > = { ...base };
	for ( const field of FIELDS ) {
		if ( body[ field ] !== undefined ) {
			merged[ field ] = body[ field ];
		}
	}
	const storageIn = isObject( body.storage ) ? body.storage : {};
	merged.storage = {
		type: storageIn.target ?? storageIn.type ?? base.storage.type,
		path: storageIn.path ?? base.storage.path,
	};
	const quota = readQuota( storageIn.quota_bytes, current );
	const shape = validateScheduleSettings( merged, {
		recentArchiveBytes: null,
		allowance: null,
	} );
	if ( shape.storage.path !== site.config.storageDir ) {
		// Archives are written to the sidecar's storage directory only; accepting another path would be a lie.
		throw invalid(
			'storage.path',
			`only the configured storage directory (${ site.config.storageDir }) can hold archives today.`
		);
	}
	const target = await LocalTarget.open( shape.storage.path );
	const settings = validateScheduleSettings( merged, {
		recentArchiveBytes: await recentArchiveBytes( site ),
		allowance: await allowanceOf( site, target, quota ),
	} );
	return {
		...settings,
		quota_bytes: quota,
		saved_at: site.now().toISOString(),
	};
}

function isObject( value: unknown ): value is Record< string, unknown > {
	return (
		typeof value === 'object' && value !== null && ! Array.isArray( value )
	);
}

function readQuota(
	value: unknown,
	current: StoredSchedule | null
): number | null {
	if ( value === undefined ) {
		return current?.quota_bytes ?? null;
	}
	if (
		typeof value !== 'number' ||
		! Number.isSafeInteger( value ) ||
		value < 0
	) {
		throw invalid(
			'storage.quota_bytes',
			'it must be a whole number of bytes, 0 or more.'
		);
	}
	// 0 means "no quota": the free space on the target decides.
	return value === 0 ? null : value;
}

/**
 * Size of the newest available full snapshot, or null before the first one.
 * @param site The site.
 */
export async function recentArchiveBytes(
	site: SiteContext
): Promise< number | null > {
	const newest = ( await site.catalog.all( [ 'available' ] ) ).find(
		( row ) => row.type !== 'export'
	);
	return newest ? Number( newest.size_bytes ) : null;
}

async function allowanceOf(
	site: SiteContext,
	target: LocalTarget,
	quota: number | null
): Promise< StorageAllowance > {
	if ( quota !== null ) {
		return { bytes: quota, source: 'quota' };
	}
	// Scheduled archives already on the target give their space back as the rotation replaces them.
	const scheduled = ( await site.catalog.all( [ 'available' ] ) )
		.filter( ( row ) => row.type === 'scheduled' )
		.reduce( ( sum, row ) => sum + Number( row.size_bytes ), 0 );
	return {
		bytes: ( await target.freeSpace() ) + scheduled,
		source: 'free_space',
	};
}
