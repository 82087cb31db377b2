/**
 * The one schedule definition a site has, as stored and as the REST API returns it. Times are UTC.
 */

export const FREQUENCIES = [
	'hourly',
	'daily',
	'weekly',
	'biweekly',
	'monthly',
] as const;

export type Frequency = ( typeof FREQUENCIES )[ number ];

/** Only local storage works today; pCloud is declared so the admin can show it as "coming soon". */
export interface LocalStorageSettings {
	type: 'local';
	/** Absolute directory on the server, outside the web root by default. */
	path: string;
	/**
	 * False for a path of the site's own choosing. True, or absent (schedules saved before paths could be
	 * chosen), when `path` was the sidecar's storage directory: the target then follows that directory
	 * (SYTEOPS_BACKUP_STORAGE_DIR) rather than the path written down.
	 */
	is_default?: boolean;
}

export type StorageSettings = LocalStorageSettings;

export interface ScheduleSettings {
	enabled: boolean;
	frequency: Frequency;
	/** `HH:MM`, 24-hour, UTC. Hourly schedules use only the minutes. */
	time_of_day: string;
	/** 0 = Sunday … 6 = Saturday; set for weekly and biweekly, otherwise null. */
	day_of_week: number | null;
	/** 1–28 (every month has it); set for monthly, otherwise null. */
	day_of_month: number | null;
	/** Keep at most this many recent scheduled snapshots. */
	keep_last: number;
	/** Retention window in days for the snapshots this schedule takes. */
	retention_days: number;
	/** Cap on restorable snapshots of every type. */
	max_snapshots: number;
	storage: StorageSettings;
}

/** The part of the settings that decides when runs happen. */
export type ScheduleTiming = Pick<
	ScheduleSettings,
	'frequency' | 'time_of_day' | 'day_of_week' | 'day_of_month'
>;

/** Human labels for settings fields, as the admin shows them; errors name fields by these. */
export const FIELD_LABELS: Record< string, string > = {
	enabled: 'Enabled',
	frequency: 'Frequency',
	time_of_day: 'Time of day (UTC)',
	day_of_week: 'Day of week',
	day_of_month: 'Day of month',
	keep_last: 'Keep last',
	retention_days: 'Retention window (days)',
	max_snapshots: 'Maximum snapshots',
	storage: 'Storage target',
	'storage.type': 'Storage target',
	'storage.path': 'Storage path',
};

const HOUR_MS = 60 * 60 * 1000;

/**
 * The shortest gap between two runs, in hours. Monthly uses 28 days (the shortest month) so that estimates of
 * how many runs fit in a window never come out too low.
 */
export const INTERVAL_HOURS: Record< Frequency, number > = {
	hourly: 1,
	daily: 24,
	weekly: 7 * 24,
	biweekly: 14 * 24,
	monthly: 28 * 24,
};

export function intervalMs( frequency: Frequency ): number {
	return INTERVAL_HOURS[ frequency ] * HOUR_MS;
}
