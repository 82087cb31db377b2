/**
 * The second half of a restore: staging tables become the live ones in ONE atomic RENAME TABLE, so the
 * site sees either all old tables or all restored ones, never a mix. The replaced live tables are kept as
 * `<prefix>syteops_old_<suffix>` until the restore is verified: then dropOldTables, or rollbackSwap to put
 * them back (again one RENAME).
 *
 * Leftovers at start-up (cleanupLeftovers): staging tables are unfinished loads and are dropped. Old
 * tables can only exist after the atomic swap happened, so the live tables already are the restored ones;
 * the old copies are dropped too (the pre-restore snapshot is the way back).
 */
import type { Pool, PoolConnection } from 'mysql2/promise';

import { quoteIdentifier } from '../archive/row-sql';
import { SyteOpsError } from '../errors';
import { readColumnMeta } from './columns';
import {
	isInternalSuffix,
	OLD_INFIX,
	STAGING_INFIX,
	oldTableName,
	stagingTableName,
} from './names';
import type { DbRegistry } from './registry';
import { withConnection } from './session';
import { dropTables, existingTables, tablesStartingWith } from './table-admin';

export interface SwapOptions {
	prefix: string;
	suffixes: readonly string[];
	/** option_name values whose live rows replace the staged ones (the registry's internal options). */
	preserveOptionNames: readonly string[];
	/** When given, the registry's internal tables are refused. */
	registry?: DbRegistry;
	/**
	 * Option rows written into the staged options table just before the RENAME, so they go live in the same
	 * atomic step as the restored tables (the post-restore license lock), and vanish again on a rollback.
	 */
	setOptions?: ReadonlyArray< { name: string; value: string } >;
}

export interface SwappedTable {
	suffix: string;
	live: string;
	staging: string;
	/** Where the replaced live table now is; null when there was none. */
	old: string | null;
}

export interface SwapResult {
	prefix: string;
	tables: SwappedTable[];
}

/**
 * The RENAME TABLE pairs of a swap, in order (a live table moves out before its staging table moves in).
 * Pure.
 * @param tables
 */
export function swapPairs(
	tables: readonly SwappedTable[]
): Array< [ string, string ] > {
	return tables.flatMap( ( t ): Array< [ string, string ] > =>
		t.old
			? [
					[ t.live, t.old ],
					[ t.staging, t.live ],
				]
			: [ [ t.staging, t.live ] ]
	);
}

/**
 * The pairs that undo a swap: restored tables back out to their staging names, old tables back in. Pure.
 * @param tables
 */
export function rollbackPairs(
	tables: readonly SwappedTable[]
): Array< [ string, string ] > {
	return tables.flatMap( ( t ): Array< [ string, string ] > =>
		t.old
			? [
					[ t.live, t.staging ],
					[ t.old, t.live ],
				]
			: [ [ t.live, t.staging ] ]
	);
}

export function renameSql(
	pairs: ReadonlyArray< readonly [ string, string ] >
): string {
	return (
		'RENAME TABLE ' +
		pairs
			.map(
				( [ from, to ] ) =>
					`${ quoteIdentifier( from ) } TO ${ quoteIdentifier( to ) }`
			)
			.join( ', ' )
	);
}

/**
 * Replaces the staged rows named in `names` by the live ones. option_id is left to AUTO_INCREMENT: the
 * live row's id may belong to another option in the snapshot.
 * @param conn
 * @param live
 * @param staging
 * @param names
 */
async function preserveOptions(
	conn: PoolConnection,
	live: string,
	staging: string,
	names: readonly string[]
): Promise< void > {
	const stagedColumns = new Set(
		( await readColumnMeta( conn, staging ) ).map( ( c ) => c.name )
	);
	const columns = ( await readColumnMeta( conn, live ) )
		.filter(
			( c ) =>
				stagedColumns.has( c.name ) &&
				! /auto_increment|GENERATED/i.test( c.extra )
		)
		.map( ( c ) => quoteIdentifier( c.name ) )
		.join( ', ' );
	await conn.query( 'DELETE FROM ?? WHERE option_name IN (?)', [
		staging,
		names,
	] );
	await conn.query(
		`INSERT INTO ${ quoteIdentifier( staging ) } (${ columns }) SELECT ${ columns } FROM ${ quoteIdentifier(
			live
		) } WHERE option_name IN (?)`,
		[ names ]
	);
}

async function setStagedOptions(
	conn: PoolConnection,
	staging: string,
	rows: ReadonlyArray< { name: string; value: string } >
): Promise< void > {
	// Delete, then insert: the staged table's keys come from the archive and cannot be relied on.
	for ( const row of rows ) {
		await conn.query( 'DELETE FROM ?? WHERE option_name = ?', [
			staging,
			row.name,
		] );
		await conn.query(
			`INSERT INTO ${ quoteIdentifier(
				staging
			) } (option_name, option_value, autoload) VALUES (?, ?, 'no')`,
			[ row.name, row.value ]
		);
	}
}

async function planSwap(
	conn: PoolConnection,
	options: SwapOptions
): Promise< SwappedTable[] > {
	const planned = options.suffixes.map( ( suffix ) => {
		if (
			options.registry &&
			isInternalSuffix( suffix, options.registry )
		) {
			throw new SyteOpsError( 'syteops_db_table_refused', {
				table: suffix,
				reason: 'it is one of the backup’s own tables',
			} );
		}
		return {
			suffix,
			live: options.prefix + suffix,
			staging: stagingTableName( options.prefix, suffix ),
			old: oldTableName( options.prefix, suffix ),
		};
	} );
	const exists = await existingTables(
		conn,
		planned.flatMap( ( t ) => [ t.live, t.staging ] )
	);
	for ( const table of planned ) {
		if ( ! exists.has( table.staging ) ) {
			throw new SyteOpsError( 'syteops_db_table_refused', {
				table: table.suffix,
				reason: 'it has no staging table',
			} );
		}
	}
	return planned.map( ( t ) => ( {
		...t,
		old: exists.has( t.live ) ? t.old : null,
	} ) );
}

/**
 * Copies the preserved option rows into staging, then swaps every staging table in with one RENAME.
 * @param pool
 * @param options
 */
export function swapInStaging(
	pool: Pool,
	options: SwapOptions
): Promise< SwapResult > {
	return withConnection(
		pool,
		'swapping the restored tables in',
		async ( conn ) => {
			const tables = await planSwap( conn, options );
			const options_ = tables.find( ( t ) => t.suffix === 'options' );
			if ( options_?.old && options.preserveOptionNames.length > 0 ) {
				await preserveOptions(
					conn,
					options_.live,
					options_.staging,
					options.preserveOptionNames
				);
			}
			if ( options_ && options.setOptions?.length ) {
				await setStagedOptions(
					conn,
					options_.staging,
					options.setOptions
				);
			}
			// Old copies left by an earlier, finished restore would block the rename.
			await dropTables(
				conn,
				tables.flatMap( ( t ) => ( t.old ? [ t.old ] : [] ) )
			);
			if ( tables.length > 0 ) {
				await conn.query( renameSql( swapPairs( tables ) ) );
			}
			return { prefix: options.prefix, tables };
		}
	);
}

/**
 * Puts the replaced tables back (one RENAME) and drops the restored ones.
 * @param pool
 * @param swap
 */
export function rollbackSwap( pool: Pool, swap: SwapResult ): Promise< void > {
	return withConnection( pool, 'rolling the restore back', async ( conn ) => {
		if ( swap.tables.length > 0 ) {
			await conn.query( renameSql( rollbackPairs( swap.tables ) ) );
			await dropTables(
				conn,
				swap.tables.map( ( t ) => t.staging )
			);
		}
	} );
}

/**
 * Drops the replaced tables once the restore is verified.
 * @param pool
 * @param swap
 */
export function dropOldTables( pool: Pool, swap: SwapResult ): Promise< void > {
	return withConnection( pool, 'dropping the replaced tables', ( conn ) =>
		dropTables(
			conn,
			swap.tables.flatMap( ( t ) => ( t.old ? [ t.old ] : [] ) )
		)
	);
}

/**
 * At start-up: drops every `<prefix>syteops_stg_*` and `<prefix>syteops_old_*` table (see the file
 * comment for why old tables are dropped, not restored). Returns what was dropped.
 * @param pool
 * @param prefix
 */
export function cleanupLeftovers(
	pool: Pool,
	prefix: string
): Promise< { staging: string[]; old: string[] } > {
	return withConnection(
		pool,
		'cleaning up restore leftovers',
		async ( conn ) => {
			const staging = await tablesStartingWith(
				conn,
				prefix + STAGING_INFIX
			);
			const old = await tablesStartingWith( conn, prefix + OLD_INFIX );
			await dropTables( conn, [ ...staging, ...old ] );
			return { staging, old };
		}
	);
}
