/**
 * Validation of a schedule definition on save: every field is checked and normalised, then the combined retention
 * math is checked against the storage allowance. Failures are SyteOpsErrors whose details name the field
 * (`details.field`), so the admin can put the message next to the right input.
 */
import { SyteOpsError } from '../errors';
import { assertRetentionFitsStorage } from './storage-allowance';
import type { StorageAllowance } from './storage-allowance';
import { FIELD_LABELS, FREQUENCIES } from './schedule-types';
import type {
	Frequency,
	ScheduleSettings,
	StorageSettings,
} from './schedule-types';

export interface ScheduleValidationContext {
	/** Size in bytes of a recent archive (e.g. the newest full snapshot); null before the first backup. */
	recentArchiveBytes: number | null;
	/** What the scheduled snapshots may occupy; null when unknown (the math is then skipped). */
	allowance: StorageAllowance | null;
}

export const LIMITS = {
	keep_last: { min: 1, max: 1000 },
	retention_days: { min: 1, max: 3650 },
	max_snapshots: { min: 1, max: 1000 },
} as const;

export function validateScheduleSettings(
	input: unknown,
	context: ScheduleValidationContext
): ScheduleSettings {
	const raw = asObject( input, 'settings' );
	const frequency = readFrequency( raw.frequency );
	const weekly = frequency === 'weekly' || frequency === 'biweekly';
	const settings: ScheduleSettings = {
		enabled: readBoolean( raw.enabled, 'enabled' ),
		frequency,
		time_of_day: readTimeOfDay( raw.time_of_day ),
		day_of_week: weekly
			? readInteger( raw.day_of_week, 'day_of_week', 0, 6 )
			: null,
		day_of_month:
			frequency === 'monthly'
				? readInteger( raw.day_of_month, 'day_of_month', 1, 28 )
				: null,
		keep_last: readLimited( raw.keep_last, 'keep_last' ),
		retention_days: readLimited( raw.retention_days, 'retention_days' ),
		max_snapshots: readLimited( raw.max_snapshots, 'max_snapshots' ),
		storage: readStorage( raw.storage ),
	};
	if ( context.recentArchiveBytes !== null && context.allowance !== null ) {
		assertRetentionFitsStorage(
			settings,
			context.recentArchiveBytes,
			context.allowance
		);
	}
	return settings;
}

export function invalid( field: string, reason: string ): SyteOpsError {
	return new SyteOpsError( 'syteops_schedule_invalid', {
		field,
		label: FIELD_LABELS[ field ] ?? field,
		reason,
	} );
}

function asObject( value: unknown, field: string ): Record< string, unknown > {
	if (
		typeof value !== 'object' ||
		value === null ||
		Array.isArray( value )
	) {
		throw invalid( field, 'it must be an object.' );
	}
	return value as Record< string, unknown >;
}

function readBoolean( value: unknown, field: string ): boolean {
	if ( typeof value !== 'boolean' ) {
		throw invalid( field, 'it must be true or false.' );
	}
	return value;
}

function readFrequency( value: unknown ): Frequency {
	const found = FREQUENCIES.find( ( frequency ) => frequency === value );
	if ( found === undefined ) {
		throw invalid(
			'frequency',
			`it must be one of ${ FREQUENCIES.join( ', ' ) }.`
		);
	}
	return found;
}

function readTimeOfDay( value: unknown ): string {
	if (
		typeof value !== 'string' ||
		! /^([01]\d|2[0-3]):[0-5]\d$/.test( value )
	) {
		throw invalid(
			'time_of_day',
			'use 24-hour HH:MM in UTC, for example 03:30.'
		);
	}
	return value;
}

function readInteger(
	value: unknown,
	field: string,
	min: number,
	max: number
): number {
	if (
		typeof value !== 'number' ||
		! Number.isInteger( value ) ||
		value < min ||
		value > max
	) {
		throw invalid(
			field,
			`it must be a whole number from ${ min } to ${ max }.`
		);
	}
	return value;
}

function readLimited( value: unknown, field: keyof typeof LIMITS ): number {
	return readInteger(
		value,
		field,
		LIMITS[ field ].min,
		LIMITS[ field ].max
	);
}

function readStorage( value: unknown ): StorageSettings {
	const storage = asObject( value, 'storage' );
	if ( storage.type === 'pcloud' ) {
		throw new SyteOpsError( 'syteops_storage_coming_soon', {
			field: 'storage.type',
			target: 'pCloud',
		} );
	}
	if ( storage.type !== 'local' ) {
		throw invalid( 'storage.type', 'choose local storage.' );
	}
	const path = storage.path;
	if (
		typeof path !== 'string' ||
		! path.startsWith( '/' ) ||
		path.includes( '\0' ) ||
		path.split( '/' ).includes( '..' )
	) {
		throw invalid(
			'storage.path',
			'it must be an absolute directory path without "..".'
		);
	}
	return { type: 'local', path };
}
