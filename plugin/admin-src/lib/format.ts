/**
 * Formatting for the Backup tab: sizes, dates in the site's time zone, job progress, retention and pins.
 * Pure (no DOM), so it is unit-tested.
 */

/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Bytes in binary units with one decimal above KB ("412.3 MB"), as wp-admin's size_format does.
 * @param bytes
 */
export function formatBytes( bytes: number | null | undefined ): string {
	if ( bytes === null || bytes === undefined || ! Number.isFinite( bytes ) ) {
		return '—';
	}
	const units = [ 'B', 'KB', 'MB', 'GB', 'TB' ];
	let value = Math.max( 0, bytes );
	let unit = 0;
	while ( value >= 1024 && unit < units.length - 1 ) {
		value /= 1024;
		unit++;
	}
	const digits = unit === 0 ? 0 : 1;
	return `${ value.toFixed( digits ) } ${ units[ unit ] }`;
}

export interface SiteClock {
	/** wp_timezone_string(): a zone name ("Europe/Paris") or an offset ("+02:00", "UTC"). */
	timezone: string;
	/** The site's UTC offset in hours (gmt_offset), used when the zone is not a name. */
	gmtOffset: number;
}

function isZoneName( timezone: string ): boolean {
	return (
		/^[A-Za-z]+\/[A-Za-z0-9_+\-/]+$/.test( timezone ) || timezone === 'UTC'
	);
}

/**
 * Parts of a moment in the site's time zone: a named zone through Intl, an offset by shifting the clock.
 * @param date
 * @param clock
 */
function siteParts( date: Date, clock: SiteClock ) {
	let shifted = date;
	let timeZone = 'UTC';
	if ( isZoneName( clock.timezone ) ) {
		timeZone = clock.timezone;
	} else {
		shifted = new Date( date.getTime() + clock.gmtOffset * 3600000 );
	}
	const parts = new Intl.DateTimeFormat( 'en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
	} ).formatToParts( shifted );
	const get = ( type: string ) =>
		parts.find( ( part ) => part.type === type )?.value ?? '';
	return {
		day: `${ get( 'year' ) }-${ get( 'month' ) }-${ get( 'day' ) }`,
		time: `${ get( 'hour' ) }:${ get( 'minute' ) }`,
	};
}

/**
 * "2026-11-23 13:44" in the site's time zone (the same 24-hour numeric form the seed's list shows).
 * @param iso
 * @param clock
 */
export function formatDateTime(
	iso: string | null | undefined,
	clock: SiteClock
): string {
	if ( ! iso ) {
		return '—';
	}
	const date = new Date( iso );
	if ( Number.isNaN( date.getTime() ) ) {
		return '—';
	}
	const { day, time } = siteParts( date, clock );
	return `${ day } ${ time }`;
}

/**
 * The site's local time of a UTC "HH:MM" on a given day (default today), for showing beside the UTC field.
 * Returns null for a malformed time.
 * @param utcTime
 * @param clock
 * @param on
 */
export function utcTimeToSiteTime(
	utcTime: string,
	clock: SiteClock,
	on: Date = new Date()
): string | null {
	const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec( utcTime );
	if ( ! match ) {
		return null;
	}
	const moment = new Date(
		Date.UTC(
			on.getUTCFullYear(),
			on.getUTCMonth(),
			on.getUTCDate(),
			Number( match[ 1 ] ),
			Number( match[ 2 ] )
		)
	);
	return siteParts( moment, clock ).time;
}

/**
 * How long a snapshot is kept: pinned ones are kept (until the pin expires), others until retention_until.
 * @param snapshot
 * @param snapshot.pinned
 * @param snapshot.retention_until
 * @param clock
 */
export function formatRetention(
	snapshot: { pinned: boolean; retention_until: string | null },
	clock: SiteClock
): string {
	if ( snapshot.pinned ) {
		return __( 'Kept while pinned', 'syteops-backup' );
	}
	if ( ! snapshot.retention_until ) {
		return __( 'Kept indefinitely', 'syteops-backup' );
	}
	return sprintf(
		/* translators: %s: date and time the retention sweep may remove the backup. */
		__( 'Until %s', 'syteops-backup' ),
		formatDateTime( snapshot.retention_until, clock )
	);
}

/**
 * The pin column: "—" when not pinned, else the label (or "Pinned") and its expiry.
 * @param snapshot
 * @param snapshot.pinned
 * @param snapshot.pin_label
 * @param snapshot.pin_expires_at
 * @param clock
 */
export function formatPin(
	snapshot: {
		pinned: boolean;
		pin_label: string | null;
		pin_expires_at: string | null;
	},
	clock: SiteClock
): string {
	if ( ! snapshot.pinned ) {
		return '—';
	}
	const label =
		snapshot.pin_label && snapshot.pin_label !== ''
			? snapshot.pin_label
			: __( 'Pinned', 'syteops-backup' );
	if ( ! snapshot.pin_expires_at ) {
		return label;
	}
	return sprintf(
		/* translators: 1: pin label, 2: date the pin expires. */
		__( '%1$s (until %2$s)', 'syteops-backup' ),
		label,
		formatDateTime( snapshot.pin_expires_at, clock )
	);
}

/**
 * A job phase as the user reads it. The sidecar names phases by key; unknown ones are shown as they come.
 * @param phase
 */
export function phaseLabel( phase: string ): string {
	switch ( phase ) {
		case '':
		case 'queued':
			return __( 'Waiting to start', 'syteops-backup' );
		case 'database':
			return __( 'Capturing the database', 'syteops-backup' );
		case 'files':
			return __( 'Capturing files', 'syteops-backup' );
		case 'finishing':
			return __( 'Finishing', 'syteops-backup' );
		default:
			return phase;
	}
}

/** Phases whose progress counts bytes (others count rows or entries). */
const BYTE_PHASES = [ 'files' ];

/**
 * One line of live progress: "Capturing files: 31% (1.2 MB of 3.9 MB)"; rows and entries as plain numbers.
 * @param job
 * @param job.phase
 * @param job.progress
 * @param job.progress.done
 * @param job.progress.total
 * @param job.progress.percent
 */
export function formatProgress( job: {
	phase: string;
	progress: { done: number; total: number; percent: number | null };
} ): string {
	const { done, total, percent } = job.progress;
	const phase = phaseLabel( job.phase );
	if ( percent === null || total === 0 ) {
		return phase;
	}
	const amount = BYTE_PHASES.includes( job.phase )
		? sprintf(
				/* translators: 1: bytes done, 2: bytes in all (both formatted, e.g. "1.2 MB"). */
				__( '%1$s of %2$s', 'syteops-backup' ),
				formatBytes( done ),
				formatBytes( total )
			)
		: sprintf(
				/* translators: 1: rows or entries done, 2: rows or entries in all. */
				__( '%1$d of %2$d', 'syteops-backup' ),
				done,
				total
			);
	return sprintf(
		/* translators: 1: phase name, 2: percent done, 3: amount done, e.g. "1.2 MB of 3.9 MB". */
		__( '%1$s: %2$d%% (%3$s)', 'syteops-backup' ),
		phase,
		percent,
		amount
	);
}
