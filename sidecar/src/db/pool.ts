/**
 * The site database connection pool. Small on purpose: the sidecar streams, it does not fan out.
 */
import mysql from 'mysql2/promise';

import type { DbConfig } from '../config';
import { SyteOpsError } from '../errors';

export type Pool = mysql.Pool;

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
		timezone: 'Z',
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
