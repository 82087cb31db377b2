/**
 * One backup or restore at a time per site, across processes (the service and a CLI run alike): a MariaDB
 * named lock held on a dedicated connection for the job's whole life. If the process dies, the server
 * closes the connection and the lock is released, so a crash never leaves the site locked.
 */
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';

import type { Pool } from '../db/pool';

export type Release = () => Promise< void >;

export class SiteLock {
	readonly name: string;

	constructor(
		private readonly pool: Pool,
		database: string,
		prefix: string
	) {
		// GET_LOCK names are limited to 64 characters.
		this.name = `syteops_backup:${ database }:${ prefix }`.slice( 0, 64 );
	}

	/**
	 * The lock, or null when another connection holds it.
	 * @param waitSeconds how long to wait for it to be released first (0: not at all)
	 */
	async tryAcquire( waitSeconds = 0 ): Promise< Release | null > {
		const connection: PoolConnection = await this.pool.getConnection();
		try {
			const [ rows ] = await connection.query< RowDataPacket[] >(
				'SELECT GET_LOCK(?, ?) AS got',
				[ this.name, waitSeconds ]
			);
			if ( Number( rows[ 0 ].got ) !== 1 ) {
				connection.release();
				return null;
			}
		} catch ( error ) {
			connection.release();
			throw error;
		}
		let released = false;
		return async () => {
			if ( released ) {
				return;
			}
			released = true;
			try {
				await connection.query( 'SELECT RELEASE_LOCK(?)', [
					this.name,
				] );
			} catch {
				// The connection was lost (killed, the server restarted): the server freed the lock with it.
				// Never throw here: a release runs in a job's `finally`, and a rejection there ends the process.
				connection.destroy();
				return;
			}
			connection.release();
		};
	}
}
