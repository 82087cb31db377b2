/**
 * Scratch databases for the database-layer integration tests: each test file creates its own
 * `syteops_t_<random>` on the stack's MariaDB (as root), fills it with fixtures and drops it at the end.
 * The site databases are never touched.
 */
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import mysql, { type Pool, type RowDataPacket } from 'mysql2/promise';

import type { Config, DbConfig } from '../../../../../sidecar/src/config';
import { createPool } from '../../../../../sidecar/src/db/pool';
import type { SiteContext } from '../../../../../sidecar/src/engine/context';
import { silentLogger } from '../../../../../sidecar/src/log';
import { createSiteContext } from '../../../../../sidecar/src/site-context';
import { loadStackEnv } from '../../../../support/stack';

export interface Scratch {
	name: string;
	pool: Pool;
	/** How to reach the server as root (for the mariadb client). */
	root: DbConfig;
	drop: () => Promise< void >;
}

/**
 * Root over TCP with the stack's root password; if the server only grants that to root@localhost (the
 * stack's socket), the stack's socket instead.
 */
async function rootConfig(): Promise< DbConfig > {
	const env = loadStackEnv();
	const tcp: DbConfig = {
		host: env.DB_HOST,
		port: Number( env.DB_PORT ),
		user: 'root',
		password: env.DB_ROOT_PASSWORD,
		database: '',
	};
	try {
		const conn = await mysql.createConnection( {
			...tcp,
			database: undefined,
		} );
		await conn.end();
		return tcp;
	} catch ( error ) {
		const socketPath = path.join( env.STACK_DIR ?? '', 'run/mariadb.sock' );
		if (
			( error as { code?: string } ).code !== 'ER_ACCESS_DENIED_ERROR' ||
			! existsSync( socketPath )
		) {
			throw error;
		}
		return { ...tcp, socketPath };
	}
}

export async function createScratch(): Promise< Scratch > {
	const root = await rootConfig();
	const name = `syteops_t_${ randomBytes( 6 ).toString( 'hex' ) }`;
	const admin = await mysql.createConnection( {
		...root,
		database: undefined,
	} );
	await admin.query(
		`CREATE DATABASE \`${ name }\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`
	);
	await admin.end();
	const pool = createPool( { ...root, database: name } );
	return {
		name,
		pool,
		root: { ...root, database: name },
		drop: async () => {
			await pool.query( `DROP DATABASE IF EXISTS \`${ name }\`` );
			await pool.end();
		},
	};
}

/**
 * Every table name in the scratch database.
 * @param pool
 */
export async function tableNames( pool: Pool ): Promise< string[] > {
	const [ rows ] = await pool.query< RowDataPacket[] >(
		'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME'
	);
	return rows.map( ( row ) => String( row.name ) );
}

/**
 * Copies every table of another database whose name starts with the prefix (rows included) into the
 * scratch database, then empties its snapshot catalog, so an engine test sees only its own snapshots.
 * @param scratch
 * @param sourceDatabase
 * @param prefix
 */
export async function copySiteTables(
	scratch: Scratch,
	sourceDatabase: string,
	prefix: string
): Promise< void > {
	const [ tables ] = await scratch.pool.query< RowDataPacket[] >(
		'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME LIKE ?',
		[ sourceDatabase, `${ prefix }%` ]
	);
	for ( const { name } of tables ) {
		await scratch.pool.query(
			`CREATE TABLE \`${ name }\` LIKE \`${ sourceDatabase }\`.\`${ name }\``
		);
		await scratch.pool.query(
			`INSERT INTO \`${ name }\` SELECT * FROM \`${ sourceDatabase }\`.\`${ name }\``
		);
	}
	await scratch.pool.query( `DELETE FROM \`${ prefix }syteops_backups\`` );
}

/**
 * CHECKSUM TABLE's value for one table.
 * @param pool
 * @param table
 */
export async function checksumTable(
	pool: Pool,
	table: string
): Promise< string > {
	const [ rows ] = await pool.query< RowDataPacket[] >( 'CHECKSUM TABLE ??', [
		table,
	] );
	return String( rows[ 0 ].Checksum );
}

/**
 * A sidecar configuration for the engine on a scratch database: no WordPress directory, no HTTP.
 * @param scratch
 * @param tablePrefix
 * @param storageDir
 */
export function scratchConfig(
	scratch: Scratch,
	tablePrefix: string,
	storageDir: string
): Config {
	return {
		port: 1,
		secret: 'not-used-in-this-test-0000',
		db: scratch.root,
		tablePrefix,
		wpDir: null,
		storageDir,
		maxSkewSeconds: 300,
		maxBodyBytes: 1024,
	};
}

/**
 * The engine's site context on a scratch database (its own pool, a silent logger).
 * @param scratch
 * @param tablePrefix
 * @param storageDir
 */
export function scratchSite(
	scratch: Scratch,
	tablePrefix: string,
	storageDir: string
): SiteContext {
	return createSiteContext(
		scratchConfig( scratch, tablePrefix, storageDir ),
		scratch.pool,
		silentLogger
	);
}
