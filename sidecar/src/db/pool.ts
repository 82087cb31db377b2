/**
 * The site database connection pool. Small on purpose: the sidecar streams, it does not fan out.
 */
import mysql from 'mysql2/promise';

import type { DbConfig } from '../config';
import { SyteOpsError } from '../errors';

export type Pool = mysql.Pool;

/**
 * mysql2's own formatting, except that a query without values is sent as it is. mysql2 formats every
 * query, with `[]` when it has no values, and the formatter scans the whole text for placeholders to
 * change nothing: for a restore's multi-row INSERTs (a gigabyte of SQL text on the full-size bench site)
 * that scan was 3.3 s of main-thread time. With values, exactly what mysql2 does by default.
 * @param sql
 * @param values
 */
export function formatQuery( sql: string, values: unknown ): string {
	if (
		values === undefined ||
		( Array.isArray( values ) && values.length === 0 )
	) {
		return sql;
	}
	return mysql.format(
		sql,
		values as Parameters< typeof mysql.format >[ 1 ],
		false,
		QUERY_TIMEZONE
	);
}

const QUERY_TIMEZONE = 'Z';

export function createPool( db: DbConfig, connectionLimit = 4 ): Pool {
	return mysql.createPool( {
		host: db.host,
		port: db.port,
		socketPath: db.socketPath,
		user: db.user,
		password: db.password,
		database: db.database,
		connectionLimit,
		charset: 'utf8mb4',
		supportBigNumbers: true,
		bigNumberStrings: true,
		dateStrings: true,
		timezone: QUERY_TIMEZONE,
		queryFormat: formatQuery,
	} );
}

/**
 * Fails with a catalogued error that never repeats the credentials.
 * @param pool
 */
export async function checkDatabase( pool: Pool ): Promise< void > {
	try {
		await pool.query( 'SELECT 1' );
	} catch ( error ) {
		const code = ( error as { code?: string } ).code ?? 'unknown error';
		throw new SyteOpsError( 'syteops_database_unavailable', {
			reason: code,
		} );
	}
}
