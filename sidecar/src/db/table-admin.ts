/**
 * Small table-level statements shared by load, swap and cleanup.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';

import { escapeLike } from './names';

/**
 * Which of `names` exist as tables in the current database (exact, case-sensitive match).
 * @param conn
 * @param names
 */
export async function existingTables(
	conn: Connection,
	names: readonly string[]
): Promise< Set< string > > {
	if ( names.length === 0 ) {
		return new Set();
	}
	const [ rows ] = await conn.query< RowDataPacket[] >(
		`SELECT TABLE_NAME AS name FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)`,
		[ names ]
	);
	const found = new Set( rows.map( ( row ) => String( row.name ) ) );
	return new Set( names.filter( ( name ) => found.has( name ) ) );
}

/**
 * Tables whose names start with `start` exactly (LIKE narrows, the exact check decides).
 * @param conn
 * @param start
 */
export async function tablesStartingWith(
	conn: Connection,
	start: string
): Promise< string[] > {
	const [ rows ] = await conn.query< RowDataPacket[] >(
		`SELECT TABLE_NAME AS name FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE ? ORDER BY TABLE_NAME`,
		[ escapeLike( start ) + '%' ]
	);
	return rows
		.map( ( row ) => String( row.name ) )
		.filter( ( name ) => name.startsWith( start ) );
}

/**
 * One DROP TABLE IF EXISTS for all of `names` (nothing when empty).
 * @param conn
 * @param names
 */
export async function dropTables(
	conn: Connection,
	names: readonly string[]
): Promise< void > {
	if ( names.length > 0 ) {
		await conn.query( 'DROP TABLE IF EXISTS ??', [ names ] );
	}
}
