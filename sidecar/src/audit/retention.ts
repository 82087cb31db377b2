/**
 * How long the audit log keeps its entries: the site's activity-log retention setting, a general setting
 * (`activity_log_retention_days` in the General tab's option `syteops_general`). Pure: the option's stored
 * PHP-serialized text in, whole days out. The text is only parsed into a syntax tree, never unserialized.
 */
import { bytesFromText, textFromBytes } from '../rewrite/bytes';
import { parseSerialized } from '../rewrite/php-serialized/parse';
import type { PhpNode } from '../rewrite/php-serialized/types';

export const ACTIVITY_LOG_OPTION = 'syteops_general';
export const ACTIVITY_LOG_RETENTION_KEY = 'activity_log_retention_days';
/** Used when the site has no (usable) setting: a quarter of a year of history. */
export const DEFAULT_ACTIVITY_LOG_RETENTION_DAYS = 90;
export const ACTIVITY_LOG_RETENTION_LIMITS = { min: 1, max: 3650 } as const;

/**
 * The retention in days named by the stored option value; the default when the option is missing, is not a
 * serialized array, lacks the key, or holds anything but a whole number of days within the limits (a typo
 * must not empty the audit log).
 * @param stored The `option_value` of `syteops_general`, or null when the option does not exist.
 */
export function activityLogRetentionDays( stored: string | null ): number {
	const value = stored === null ? null : settingOf( stored );
	const days =
		value === null || ! /^\s*[+]?\d{1,9}\s*$/.test( value )
			? NaN
			: Number( value );
	return Number.isInteger( days ) &&
		days >= ACTIVITY_LOG_RETENTION_LIMITS.min &&
		days <= ACTIVITY_LOG_RETENTION_LIMITS.max
		? days
		: DEFAULT_ACTIVITY_LOG_RETENTION_DAYS;
}

/**
 * The oldest moment an entry may carry and still be kept.
 * @param now  The current time.
 * @param days The retention in days.
 */
export function activityLogCutoff( now: Date, days: number ): Date {
	return new Date( now.getTime() - days * 86_400_000 );
}

function settingOf( stored: string ): string | null {
	let root: PhpNode;
	try {
		root = parseSerialized( bytesFromText( stored ) );
	} catch {
		return null;
	}
	if ( root.kind !== 'array' ) {
		return null;
	}
	for ( const { key, value } of root.entries ) {
		if (
			key.kind === 'string' &&
			textFromBytes( key.bytes ) === ACTIVITY_LOG_RETENTION_KEY
		) {
			// PHP forms an integer setting can take: an int, or a numeric string from a form field.
			if ( value.kind === 'int' ) {
				return value.token;
			}
			return value.kind === 'string'
				? textFromBytes( value.bytes )
				: null;
		}
	}
	return null;
}
