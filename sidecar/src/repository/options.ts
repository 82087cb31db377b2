/**
 * Reading and writing single rows of the site's `<prefix>options` table, for the few options the sidecar
 * owns (license lock, license record, package records). Values the sidecar writes are JSON unless noted.
 */
import type { RowDataPacket } from 'mysql2';

import type { Pool } from '../db/pool';

export async function readOption(
	pool: Pool,
	prefix: string,
	name: string
): Promise< string | null > {
	const [ rows ] = await pool.query< RowDataPacket[] >(
		`SELECT option_value FROM \`${ prefix }options\` WHERE option_name = ?`,
		[ name ]
	);
	return ( rows[ 0 ]?.option_value as string | undefined ) ?? null;
}

/**
 * Inserts or replaces one option (autoload off, like the plugin's own options).
 * @param pool
 * @param prefix
 * @param name
 * @param value
 */
export async function writeOption(
	pool: Pool,
	prefix: string,
	name: string,
	value: string
): Promise< void > {
	await pool.query(
		`INSERT INTO \`${ prefix }options\` (option_name, option_value, autoload) VALUES (?, ?, 'no')
		 ON DUPLICATE KEY UPDATE option_value = VALUES(option_value)`,
		[ name, value ]
	);
}

/**
 * A JSON object stored in an option, or null when absent or not a JSON object.
 * @param raw
 */
export function parseJsonObject(
	raw: string | null
): Record< string, unknown > | null {
	if ( ! raw || ! raw.trim().startsWith( '{' ) ) {
		return null;
	}
	try {
		const value = JSON.parse( raw ) as unknown;
		return typeof value === 'object' && value && ! Array.isArray( value )
			? ( value as Record< string, unknown > )
			: null;
	} catch {
		return null;
	}
}
