/**
 * Server-side checksums of whole tables (`CHECKSUM TABLE`), and a read lock that holds them still. A restore
 * keeps a live table it found equal to the archive (engine/kept-tables.ts): it takes the table's checksum
 * inside the pre-restore snapshot's transaction, and again just before the swap with the table locked, so a
 * write the running site made in between is seen and the table is loaded after all. MariaDB computes the
 * checksum without sending a row; a CRC-based sum is enough to tell whether a table changed (the proof that
 * its rows are the archive's is the snapshot's SHA-256).
 */
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';

import { quoteIdentifier } from '../archive/row-sql';

/**
 * `CHECKSUM TABLE` of each table, in order; null for a table that does not exist. Inside a transaction
 * with a consistent snapshot, the checksum is of the snapshot's rows.
 * @param conn
 * @param tables full table names
 */
export async function tableChecksums(
	conn: PoolConnection,
	tables: readonly string[]
): Promise< Array< string | null > > {
	if ( tables.length === 0 ) {
		return [];
	}
	const [ rows ] = await conn.query< RowDataPacket[] >(
		`CHECKSUM TABLE ${ tables.map( quoteIdentifier ).join( ', ' ) }`
	);
	return tables.map( ( _table, i ) => {
		const value: unknown = rows[ i ]?.Checksum;
		return value === null || value === undefined ? null : String( value );
	} );
}

/** Tables locked for reading on one connection until `release`. */
export interface ReadLock {
	/** Each table's checksum, taken under the lock, in the order given. */
	checksums: Array< string | null >;
	/** Unlocks and returns the connection; never throws. */
	release: () => Promise< void >;
}

/**
 * Locks the tables for reading (the site's writes to them wait) and checksums them. The lock holds until
 * `release`; other tables stay free, so a swap of other tables can run meanwhile on another connection.
 * @param pool
 * @param tables full table names
 */
export async function lockAndChecksum(
	pool: Pool,
	tables: readonly string[]
): Promise< ReadLock > {
	const conn = await pool.getConnection();
	try {
		await conn.query(
			`LOCK TABLES ${ tables
				.map( ( table ) => `${ quoteIdentifier( table ) } READ` )
				.join( ', ' ) }`
		);
		const checksums = await tableChecksums( conn, tables );
		return {
			checksums,
			release: async () => {
				try {
					await conn.query( 'UNLOCK TABLES' );
					conn.release();
				} catch {
					conn.destroy(); // a closed connection holds no lock
				}
			},
		};
	} catch ( error ) {
		conn.destroy();
		throw error;
	}
}

/**
 * Whether this connection's user may lock the table (the LOCK TABLES privilege); locks and unlocks it at once.
 * @param pool
 * @param table full table name
 */
export async function canLockTable(
	pool: Pool,
	table: string
): Promise< boolean > {
	try {
		const lock = await lockAndChecksum( pool, [ table ] );
		await lock.release();
		return true;
	} catch {
		return false;
	}
}
