/**
 * The Automatic Backups form's state and its translation to and from the schedule API. Numbers are kept as
 * the text the user typed so the server, not the browser, judges them and its message is shown at the field.
 */

/**
 * Internal dependencies
 */
import type { Frequency, ScheduleView } from '../api/schedule';

export interface ScheduleForm {
	enabled: boolean;
	frequency: Frequency;
	time_of_day: string;
	day_of_week: string;
	day_of_month: string;
	keep_last: string;
	retention_days: string;
	max_snapshots: string;
	target: string;
}

/** The sidecar's defaults before the first save (docs/rest-api.md, schedule). */
export const DEFAULT_FORM: ScheduleForm = {
	enabled: true,
	frequency: 'daily',
	time_of_day: '03:00',
	day_of_week: '0',
	day_of_month: '1',
	keep_last: '7',
	retention_days: '30',
	max_snapshots: '30',
	target: 'local',
};

export function formFromView( view: ScheduleView ): ScheduleForm {
	const saved = view.schedule;
	if ( ! saved ) {
		return { ...DEFAULT_FORM };
	}
	return {
		enabled: saved.enabled,
		frequency: saved.frequency,
		time_of_day: saved.time_of_day,
		day_of_week: String( saved.day_of_week ?? 0 ),
		day_of_month: String( saved.day_of_month ?? 1 ),
		keep_last: String( saved.keep_last ),
		retention_days: String( saved.retention_days ),
		max_snapshots: String( saved.max_snapshots ),
		target: saved.storage?.type ?? 'local',
	};
}

export function needsDayOfWeek( frequency: Frequency ): boolean {
	return frequency === 'weekly' || frequency === 'biweekly';
}

// A whole number stays a number; anything else is sent as typed so the server names the field.
function numberOrText( value: string ): number | string {
	const trimmed = value.trim();
	return /^-?\d+$/.test( trimmed ) ? Number( trimmed ) : trimmed;
}

/**
 * The PUT /schedule body. The storage path is left out: the sidecar keeps its own directory (the only local
 * path it accepts), so the form offers the target only.
 * @param form
 */
export function payloadFromForm(
	form: ScheduleForm
): Record< string, unknown > {
	const payload: Record< string, unknown > = {
		enabled: form.enabled,
		frequency: form.frequency,
		time_of_day: form.time_of_day,
		keep_last: numberOrText( form.keep_last ),
		retention_days: numberOrText( form.retention_days ),
		max_snapshots: numberOrText( form.max_snapshots ),
		storage: { target: form.target },
	};
	if ( needsDayOfWeek( form.frequency ) ) {
		payload.day_of_week = numberOrText( form.day_of_week );
	}
	if ( form.frequency === 'monthly' ) {
		payload.day_of_month = numberOrText( form.day_of_month );
	}
	return payload;
}
