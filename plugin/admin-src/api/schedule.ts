/**
 * The automatic-backup schedule: read, save, run now.
 */

/**
 * Internal dependencies
 */
import { request } from './client';

export type Frequency = 'hourly' | 'daily' | 'weekly' | 'biweekly' | 'monthly';

export interface ScheduleSettings {
	enabled: boolean;
	frequency: Frequency;
	time_of_day: string;
	day_of_week: number | null;
	day_of_month: number | null;
	keep_last: number;
	retention_days: number;
	max_snapshots: number;
	storage: { type: string; path: string };
}

export interface StorageTarget {
	type: string;
	label: string;
	available: boolean;
	status?: string;
	path?: string;
	writable?: boolean;
	free_bytes?: number | null;
}

export interface ScheduleView {
	configured: boolean;
	schedule: ( ScheduleSettings & { saved_at?: string } ) | null;
	next_run_at: string | null;
	last_run_at: string | null;
	running: boolean;
	default_retention_days: number;
	storage_targets: StorageTarget[];
}

export async function getSchedule(): Promise< ScheduleView > {
	return ( await request< ScheduleView >( '/schedule' ) ).body;
}

export async function saveSchedule(
	settings: Record< string, unknown >
): Promise< ScheduleView > {
	return (
		await request< ScheduleView >( '/schedule', {
			method: 'PUT',
			data: settings,
		} )
	).body;
}

/** Runs the automatic-backup pipeline now with the saved settings. */
export async function runScheduleNow(): Promise< string > {
	const { body } = await request< { job_id: string } >( '/schedule/run', {
		method: 'POST',
		data: {},
	} );
	return body.job_id;
}
