/**
 * What a kill -9 of a site's sidecar must never leave behind, read straight from the database and the disks,
 * and the kill itself (SIGKILL by the stack's PID file, then the stack's own start script).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type mysql from 'mysql2/promise';

import { dbConnection } from '../../support/site-fingerprint';
import { startSidecar, stopSidecar, type StackEnv } from '../../support/stack';

export async function killAndRestart(
	stack: StackEnv,
	site: 'a' | 'b' = 'a'
): Promise< void > {
	await stopSidecar( stack, site );
	await startSidecar( stack, site );
}

export interface Leftovers {
	/** Snapshots left capturing or restoring. */
	stuck: unknown[];
	/** Staging or old tables of a restore. */
	work: unknown[];
	/** Temp files of a write, restore state files. */
	storage: string[];
	/** Staging or old directories of a file swap in wp-content. */
	content: string[];
	/** Available snapshots made since `since` whose archive file is missing from the storage directory. */
	missingArchives: string[];
}

export const NOTHING_LEFT: Leftovers = {
	stuck: [],
	work: [],
	storage: [],
	content: [],
	missingArchives: [],
};

export async function leftovers(
	stack: StackEnv,
	since: Date,
	site: 'a' | 'b' = 'a'
): Promise< Leftovers > {
	const b = site === 'b';
	const conn = await dbConnection(
		stack,
		b ? stack.DB2_NAME : stack.DB_NAME
	);
	const storageDir = b ? stack.STORAGE2_DIR : stack.STORAGE_DIR;
	const wpDir = b ? stack.WP2_DIR : stack.WP_DIR;
	try {
		const p = b ? stack.TABLE2_PREFIX : stack.TABLE_PREFIX;
		const [ stuck ] = await conn.query< mysql.RowDataPacket[] >(
			`SELECT id, status FROM ${ p }syteops_backups WHERE status IN ('capturing','restoring')`
		);
		const [ work ] = await conn.query< mysql.RowDataPacket[] >(
			'SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME LIKE ? OR TABLE_NAME LIKE ?)',
			[ `${ p }syteops\\_stg\\_%`, `${ p }syteops\\_old\\_%` ]
		);
		const [ available ] = await conn.query< mysql.RowDataPacket[] >(
			`SELECT id, archive_name FROM ${ p }syteops_backups WHERE status = 'available' AND created_at >= ?`,
			[ since ]
		);
		const files = new Set( await fs.readdir( storageDir ) );
		const storage = [ ...files ].filter(
			( f ) => f.startsWith( '.tmp-' ) || f.startsWith( '.restore-state' )
		);
		const content = (
			await fs.readdir( path.join( wpDir, 'wp-content' ) )
		).filter(
			( f ) =>
				f.startsWith( '.syteops-staging' ) ||
				f.startsWith( '.syteops-old' )
		);
		return {
			stuck,
			work,
			storage,
			content,
			missingArchives: available
				.filter( ( r ) => ! files.has( String( r.archive_name ) ) )
				.map( ( r ) => String( r.id ) ),
		};
	} finally {
		await conn.end();
	}
}
