/**
 * The schedule as the settings option stores it, and how a PUT body becomes a validated definition: fields the
 * body leaves out keep their saved (or default) values, the storage path must be a writable directory outside
 * the WordPress directory (where new archives then go, see archive-store.ts), and the combined retention math is
 * checked against that directory's free space or the quota.
 */
import { promises as fs } from 'node:fs';
import nodePath from 'node:path';

import { isSyteOpsError } from '../errors';
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
		path:
			storageIn.path ??
			( base.storage.is_default === false
				? base.storage.path
				: site.config.storageDir ),
	};
	const quota = readQuota( storageIn.quota_bytes, current );
	const shape = validateScheduleSettings( merged, {
		recentArchiveBytes: null,
		allowance: null,
	} );
	const directory = nodePath.resolve( shape.storage.path );
	merged.storage = { type: shape.storage.type, path: directory };
	const target = await openStoragePath( site, directory );
	const settings = validateScheduleSettings( merged, {
		recentArchiveBytes: await recentArchiveBytes( site ),
		allowance: await allowanceOf( site, target, quota ),
	} );
	return {
		...settings,
		storage: {
			...settings.storage,
			is_default: directory === site.config.storageDir,
		},
		quota_bytes: quota,
		saved_at: site.now().toISOString(),
	};
}

/**
 * The local target at `dir`, refused (400, naming storage.path) when it is inside the WordPress directory,
 * where the web server could hand out a whole site's database, or when the sidecar cannot write to it. The
 * sidecar's own storage directory (set by the server's operator in wp-config.php) is always accepted.
 * @param site
 * @param dir  An absolute, normalized path.
 */
export async function openStoragePath(
	site: SiteContext,
	dir: string
): Promise< LocalTarget > {
	if ( dir !== site.config.storageDir && site.config.wpDir ) {
		// Real paths on both sides, so neither a symlink nor a "/./" sneaks a directory under the web root.
		const real = await fs.realpath( dir ).catch( () => dir );
		const webRoot = await fs
			.realpath( site.config.wpDir )
			.catch( () => site.config.wpDir as string );
		const inside = nodePath.relative( webRoot, real );
		const outside =
			inside === '..' ||
			inside.startsWith( `..${ nodePath.sep }` ) ||
			nodePath.isAbsolute( inside );
		if ( ! outside ) {
			throw invalid(
				'storage.path',
				`it is inside the WordPress directory (${ webRoot }), where the web server could serve the archives; choose a directory outside it.`
			);
		}
	}
	try {
		return await LocalTarget.open( dir );
	} catch ( error ) {
		if (
			isSyteOpsError( error ) &&
			error.code === 'syteops_storage_unwritable'
		) {
			throw invalid(
				'storage.path',
				String(
					( error.details as { reason?: string } ).reason ??
						error.message
				)
			);
		}
		throw error;
	}
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
	// Scheduled archives already on the target give their space back as the rotation replaces them (those left
	// under an earlier storage path free space there, not here).
	let scheduled = 0;
	for ( const row of await site.catalog.all( [ 'available' ] ) ) {
		if (
			row.type === 'scheduled' &&
			( await target.stat( row.archive_name ).catch( () => null ) )
		) {
			scheduled += Number( row.size_bytes );
		}
	}
	return {
		bytes: ( await target.freeSpace() ) + scheduled,
		source: 'free_space',
	};
}
