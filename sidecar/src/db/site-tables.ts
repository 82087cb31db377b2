/**
 * Which tables make up a site: the base tables named `<prefix>...`, minus the backup's own (registry
 * "internal" tables and working-table prefixes). The SQL is one query; the decisions are pure helpers.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';

import { escapeLike, isInternalSuffix, tableSuffix } from './names';
import type { DbRegistry } from './registry';

export interface SiteTable {
	/** The full table name, with the prefix. */
	name: string;
	/** The name without the prefix: what archives and the engine use. */
	suffix: string;
	/** InnoDB, MyISAM, Aria, ... (null when the server does not say, e.g. a crashed table). */
	engine: string | null;
	/** Primary key columns in key order; empty when the table has none. */
	primaryKey: string[];
	/** The server's row estimate (information_schema), for progress only. */
	estimatedRows: number;
}

export interface TableRow {
	name: string;
	engine: string | null;
	estimatedRows: number;
}

/**
 * The site's backup-able tables among `rows`, sorted by name. LIKE is case-insensitive on many
 * collations, so the prefix is checked again here, exactly.
 * @param rows
 * @param prefix
 * @param registry
 */
export function classifySiteTables(
	rows: readonly TableRow[],
	prefix: string,
	registry: DbRegistry
): Array< TableRow & { suffix: string } > {
	const result: Array< TableRow & { suffix: string } > = [];
	for ( const row of rows ) {
		const suffix = tableSuffix( row.name, prefix );
		if ( suffix !== null && ! isInternalSuffix( suffix, registry ) ) {
			result.push( { ...row, suffix } );
		}
	}
	return result.sort( ( a, b ) =>
		a.name < b.name ? -1 : Number( a.name > b.name )
	);
}

/**
 * True for engines without transactions: their rows are not part of the consistent snapshot.
 * @param engine
 */
export function isTransactionalEngine( engine: string | null ): boolean {
	return engine !== null && engine.toLowerCase() === 'innodb';
}

/**
 * Lists the site's tables in the connection's current database.
 * @param conn
 * @param prefix
 * @param registry
 */
export async function listSiteTables(
	conn: Connection,
	prefix: string,
	registry: DbRegistry
): Promise< SiteTable[] > {
	const pattern = escapeLike( prefix ) + '%';
	const [ tables ] = await conn.query< RowDataPacket[] >(
		`SELECT TABLE_NAME AS name, ENGINE AS engine, TABLE_ROWS AS estimatedRows
		FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME LIKE ?`,
		[ pattern ]
	);
	const [ keys ] = await conn.query< RowDataPacket[] >(
		`SELECT TABLE_NAME AS name, COLUMN_NAME AS col FROM information_schema.STATISTICS
		WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'PRIMARY' AND TABLE_NAME LIKE ?
		ORDER BY TABLE_NAME, SEQ_IN_INDEX`,
		[ pattern ]
	);
	const primaryKeys = new Map< string, string[] >();
	for ( const key of keys ) {
		const list = primaryKeys.get( key.name ) ?? [];
		list.push( key.col );
		primaryKeys.set( key.name, list );
	}
	return classifySiteTables(
		tables.map( ( t ) => ( {
			name: t.name,
			engine: t.engine ?? null,
			estimatedRows: Number( t.estimatedRows ?? 0 ),
		} ) ),
		prefix,
		registry
	).map( ( table ) => ( {
		...table,
		primaryKey: primaryKeys.get( table.name ) ?? [],
	} ) );
}
