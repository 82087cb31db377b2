/**
 * Pooled connections with session settings. A connection goes back to the pool only after its settings
 * are reset; after any failure it is destroyed instead (its state is unknown: a half-read query stream,
 * an open transaction, foreign_key_checks off).
 */
import type { Pool, PoolConnection } from 'mysql2/promise';

import { SyteOpsError, isSyteOpsError } from '../errors';

/**
 * Reads: UTC so TIMESTAMP values read the same on every server, and a sort buffer that orders whole
 * BLOB/TEXT values (tables without a primary key are ordered by every column).
 */
export const READ_SESSION =
	"SET SESSION time_zone = '+00:00', max_sort_length = 8388608";

/**
 * Loads: no foreign key or unique checks while rows arrive in key order, and a sql_mode that stores
 * values as they are (0 in an AUTO_INCREMENT column stays 0; zero dates, no strict truncation surprises).
 */
export const LOAD_SESSION =
	"SET SESSION time_zone = '+00:00', max_sort_length = 8388608, foreign_key_checks = 0, unique_checks = 0, sql_mode = 'NO_AUTO_VALUE_ON_ZERO'";

const RESET_SESSION =
	'SET SESSION time_zone = DEFAULT, max_sort_length = DEFAULT, foreign_key_checks = DEFAULT, unique_checks = DEFAULT, sql_mode = DEFAULT';

/**
 * A catalogued error for a failed query, naming the server's error code (never its message: a duplicate
 * key message quotes row data). Other errors pass through unchanged.
 * @param operation
 * @param error
 */
export function dbFailure( operation: string, error: unknown ): unknown {
	if ( isSyteOpsError( error ) ) {
		return error;
	}
	const { code, errno, fatal } = error as {
		code?: unknown;
		errno?: unknown;
		fatal?: unknown;
	};
	if ( typeof code !== 'string' ) {
		// mysql2 refuses a query on a connection it already saw close with a fatal error that has no
		// code; whether a killed connection fails that way or with PROTOCOL_CONNECTION_LOST is a race,
		// and both are the same database failure to the user.
		return fatal === true
			? new SyteOpsError( 'syteops_db_query_failed', {
					operation,
					reason: 'CONNECTION_CLOSED',
				} )
			: error;
	}
	return new SyteOpsError( 'syteops_db_query_failed', {
		operation,
		reason: typeof errno === 'number' ? `${ code } (${ errno })` : code,
	} );
}

/**
 * Runs `work` on one pooled connection with `settings` applied.
 * @param pool
 * @param settings
 * @param operation
 * @param work
 */
export async function withSession< T >(
	pool: Pool,
	settings: string,
	operation: string,
	work: ( conn: PoolConnection ) => Promise< T >
): Promise< T > {
	let conn: PoolConnection | undefined;
	try {
		conn = await pool.getConnection();
		await conn.query( settings );
		const result = await work( conn );
		await conn.query( RESET_SESSION );
		conn.release();
		return result;
	} catch ( error ) {
		conn?.destroy();
		throw dbFailure( operation, error );
	}
}

/**
 * A pooled connection for `work`, released after it; on failure destroyed (its state is unknown) and the error
 * reported as `operation` failed.
 * @param pool
 * @param operation
 * @param work
 */
export async function withConnection< T >(
	pool: Pool,
	operation: string,
	work: ( conn: PoolConnection ) => Promise< T >
): Promise< T > {
	let conn: PoolConnection | undefined;
	try {
		conn = await pool.getConnection();
		const result = await work( conn );
		conn.release();
		return result;
	} catch ( error ) {
		conn?.destroy();
		throw dbFailure( operation, error );
	}
}
