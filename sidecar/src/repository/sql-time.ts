/**
 * The catalog stores UTC DATETIMEs ('YYYY-MM-DD HH:MM:SS'); the API speaks ISO 8601 with a Z.
 * @param date
 */
export function toSqlTime( date: Date ): string {
	return date.toISOString().slice( 0, 19 ).replace( 'T', ' ' );
}

export function fromSqlTime( value: string | null ): string | null {
	return value ? `${ value.replace( ' ', 'T' ) }Z` : null;
}

/**
 * Accepts ISO 8601 (with or without zone; no zone means UTC) and returns a Date, or null when unparseable.
 * @param value
 */
export function parseIsoTime( value: string ): Date | null {
	const withZone = /[zZ]|[+-]\d{2}:?\d{2}$/.test( value )
		? value
		: `${ value }Z`;
	const date = new Date( withZone );
	return Number.isNaN( date.getTime() ) ? null : date;
}
