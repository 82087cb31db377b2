/**
 * Table names: which tables belong to a site, and what the backup's working tables are called. Pure.
 *
 * A site's tables are `<prefix><suffix>`. Archives and the engine speak in suffixes so a snapshot can be
 * restored under another prefix. Restores work in `<prefix>syteops_stg_<suffix>` (staging) and move the
 * replaced live tables to `<prefix>syteops_old_<suffix>` until the restore is verified.
 */
import { createHash } from 'node:crypto';

import { SyteOpsError } from '../errors';
import type { DbRegistry } from './registry';

/** MySQL and MariaDB refuse identifiers longer than 64 characters. */
export const MAX_IDENTIFIER_CHARS = 64;
export const STAGING_INFIX = 'syteops_stg_';
export const OLD_INFIX = 'syteops_old_';
/** Hex digits of the suffix's SHA-256 that keep shortened working-table names distinct. */
const NAME_HASH_DIGITS = 12;

/**
 * Escapes `\`, `%` and `_` for a LIKE pattern (default escape character `\`): `wp_` must not match `wpx`.
 * @param text
 */
export function escapeLike( text: string ): string {
	return text.replace( /[\\%_]/g, ( c ) => '\\' + c );
}

/**
 * The name without the site prefix, or null when the table is not the site's.
 * @param table
 * @param prefix
 */
export function tableSuffix( table: string, prefix: string ): string | null {
	return table.startsWith( prefix ) && table.length > prefix.length
		? table.slice( prefix.length )
		: null;
}

/**
 * True for the backup's own tables: its catalog, jobs, audit log, secrets and working tables.
 * @param suffix
 * @param registry
 */
export function isInternalSuffix(
	suffix: string,
	registry: DbRegistry
): boolean {
	return (
		suffix === registry.secrets.table ||
		registry.internal.tables.includes( suffix ) ||
		registry.internal.table_prefixes.some( ( start ) =>
			suffix.startsWith( start )
		)
	);
}

/**
 * Whether a suffix can name archive entries (`db/<suffix>.rows.ndjson`) without ambiguity: MySQL allows
 * `/`, `\` and control characters in table names, archive entry paths do not.
 * @param suffix
 */
export function isArchivableSuffix( suffix: string ): boolean {
	return (
		suffix !== '' &&
		suffix !== '.' &&
		suffix !== '..' &&
		! /[/\\\u0000-\u001f\u007f]/.test( suffix )
	);
}

function charLength( text: string ): number {
	return [ ...text ].length;
}

/**
 * `<prefix><infix><suffix>`, or when that is over 64 characters a deterministic shortened form:
 * `<prefix><infix><start of suffix>_<12 hex digits of sha256(suffix)>`, exactly 64 characters. The infix
 * stays whole so cleanup (LIKE `<prefix><infix>%`) finds shortened names too.
 * @param prefix
 * @param infix
 * @param suffix
 */
export function workTableName(
	prefix: string,
	infix: string,
	suffix: string
): string {
	const full = prefix + infix + suffix;
	if ( charLength( full ) <= MAX_IDENTIFIER_CHARS ) {
		return full;
	}
	const hash = createHash( 'sha256' )
		.update( suffix, 'utf8' )
		.digest( 'hex' )
		.slice( 0, NAME_HASH_DIGITS );
	const keep =
		MAX_IDENTIFIER_CHARS - charLength( prefix + infix ) - 1 - hash.length;
	if ( keep < 0 ) {
		throw new SyteOpsError( 'syteops_db_name_too_long', {
			prefix,
			table: suffix,
		} );
	}
	return `${ prefix }${ infix }${ [ ...suffix ]
		.slice( 0, keep )
		.join( '' ) }_${ hash }`;
}

export function stagingTableName( prefix: string, suffix: string ): string {
	return workTableName( prefix, STAGING_INFIX, suffix );
}

export function oldTableName( prefix: string, suffix: string ): string {
	return workTableName( prefix, OLD_INFIX, suffix );
}
