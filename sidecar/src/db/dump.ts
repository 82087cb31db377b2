/**
 * The database half of a full backup. Every table of the site is read inside ONE consistent snapshot
 * (REPEATABLE READ + START TRANSACTION WITH CONSISTENT SNAPSHOT on one connection) and streamed into the
 * archive as `db/<suffix>.schema.sql` and `db/<suffix>.rows.ndjson` (see schema-sql.ts and table-rows.ts).
 *
 * Never in the archive: the registry's internal tables (catalog, jobs, audit, secrets, working tables)
 * and the internal rows of `<prefix>options` (the site's own license and backup settings). The secrets
 * table is not even read. Non-InnoDB tables are read too but cannot be part of the snapshot: each one
 * gives a warning naming it.
 */
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';

import { addReusingStored, type StoredSource } from '../archive/stored-reuse';
import type { ArchiveWriter } from '../archive/zip-writer';
import type { RowFilter } from './columns';
import { isArchivableSuffix } from './names';
import type { DbRegistry } from './registry';
import { portableSchema, rowsPath, schemaPath } from './schema-sql';
import { READ_SESSION, withSession } from './session';
import {
	isTransactionalEngine,
	listSiteTables,
	type SiteTable,
} from './site-tables';
import { tableChecksums } from './table-guard';
import { streamTableNdjson, tableReadSpec } from './table-rows';

export interface DumpProgress {
	/** The table (suffix) being read; null before the first. */
	table: string | null;
	rowsDone: number;
	/** The server's estimate (information_schema.TABLES.TABLE_ROWS), so rowsDone may pass it. */
	rowsTotal: number;
}

export interface DumpOptions {
	prefix: string;
	registry: DbRegistry;
	writer: ArchiveWriter;
	onProgress?: ( progress: DumpProgress ) => void;
	/**
	 * Awaited once the snapshot is open, before any row is read: the engine can note the time; tests
	 * change data from another connection here to prove the snapshot holds.
	 */
	onSnapshot?: () => Promise< void >;
	/**
	 * Where a table's rows may already exist deflated (a restore's archive): a table equal to that entry
	 * byte for byte is written with its deflated bytes instead of being deflated again.
	 */
	reusable?: StoredSource;
	/**
	 * Awaited after each table is written: a restore learns there which tables it need not load
	 * (engine/kept-tables.ts).
	 */
	onTableRead?: ( table: ReadTable ) => Promise< void >;
	/**
	 * Reads the tables with the most rows (the server's estimate) first instead of in name order: a restore
	 * learns first about the tables whose load costs most.
	 */
	largestFirst?: boolean;
}

export interface DumpedTable {
	/** The suffix: the table name without the prefix. */
	name: string;
	rows: number;
	/** SHA-256 of the table's rows NDJSON bytes (the same value as its manifest entry). */
	sha256: string;
	engine: string | null;
	/** CHECKSUM TABLE in the snapshot, for an InnoDB table (see TableCount.checksum). */
	checksum?: string;
}

/** A table as the snapshot read it: its full name and its `db/<suffix>.schema.sql` text too. */
export interface ReadTable extends DumpedTable {
	table: string;
	schema: string;
}

export interface DumpResult {
	tables: DumpedTable[];
	warnings: string[];
	/** Names (never values) of the secrets that are not in the archive. */
	secretsExcluded: string[];
}

/**
 * The rows of the options table a snapshot leaves out.
 * @param registry
 */
export function internalOptionsFilter( registry: DbRegistry ): RowFilter {
	return { column: 'option_name', notIn: registry.internal.options };
}

async function showCreateTable(
	conn: PoolConnection,
	table: string
): Promise< string > {
	const [ rows ] = await conn.query< RowDataPacket[] >(
		'SHOW CREATE TABLE ??',
		[ table ]
	);
	return String( rows[ 0 ][ 'Create Table' ] );
}

async function dumpTable(
	conn: PoolConnection,
	table: SiteTable,
	options: DumpOptions,
	onRows: ( rows: number ) => void
): Promise< ReadTable & { createSql: string } > {
	const createSql = await showCreateTable( conn, table.name );
	const schema = portableSchema( createSql, table.name );
	await options.writer.addBuffer(
		schemaPath( table.suffix ),
		Buffer.from( schema, 'utf8' )
	);
	const filter =
		table.suffix === 'options'
			? internalOptionsFilter( options.registry )
			: undefined;
	const spec = await tableReadSpec( conn, table.name, table.suffix, filter );
	const stream = streamTableNdjson( conn, spec, onRows );
	const entryPath = rowsPath( table.suffix );
	const entry = await addReusingStored(
		options.writer,
		entryPath,
		stream,
		options.reusable?.storedOf( entryPath )
	);
	// In the snapshot, so it is of the rows just read; a table outside the snapshot gets none.
	const [ checksum ] = isTransactionalEngine( table.engine )
		? await tableChecksums( conn, [ table.name ] )
		: [ null ];
	return {
		name: table.suffix,
		rows: stream.rows,
		sha256: entry.sha256,
		engine: table.engine,
		...( checksum ? { checksum } : {} ),
		table: table.name,
		schema,
		createSql,
	};
}

function tableWarnings( table: SiteTable, createSql: string ): string[] {
	const warnings: string[] = [];
	if ( ! isTransactionalEngine( table.engine ) ) {
		warnings.push(
			`${ table.name } is ${
				table.engine ?? 'of an unknown engine'
			}: not part of the consistent snapshot`
		);
	}
	if ( /\bFOREIGN KEY\b/i.test( createSql ) ) {
		warnings.push(
			`${ table.name } has foreign keys: they name other tables with the prefix ${ table.name.slice(
				0,
				-table.suffix.length
			) }`
		);
	}
	return warnings;
}

async function dumpInSnapshot(
	conn: PoolConnection,
	options: DumpOptions
): Promise< DumpResult > {
	await conn.query( 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ' );
	await conn.query( 'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY' );
	const all = await listSiteTables( conn, options.prefix, options.registry );
	const tables = all.filter( ( t ) => isArchivableSuffix( t.suffix ) );
	if ( options.largestFirst ) {
		tables.sort( ( a, b ) => b.estimatedRows - a.estimatedRows );
	}
	const warnings = all
		.filter( ( t ) => ! isArchivableSuffix( t.suffix ) )
		.map( ( t ) => `${ t.name } was left out: its name cannot be stored` );
	await options.onSnapshot?.();
	const progress: DumpProgress = {
		table: null,
		rowsDone: 0,
		rowsTotal: tables.reduce( ( sum, t ) => sum + t.estimatedRows, 0 ),
	};
	options.onProgress?.( { ...progress } );
	const dumped: DumpedTable[] = [];
	for ( const table of tables ) {
		const before = progress.rowsDone;
		progress.table = table.suffix;
		const {
			createSql,
			table: name,
			schema,
			...result
		} = await dumpTable( conn, table, options, ( rows ) => {
			progress.rowsDone = before + rows;
			options.onProgress?.( { ...progress } );
		} );
		dumped.push( result );
		await options.onTableRead?.( { ...result, table: name, schema } );
		warnings.push( ...tableWarnings( table, createSql ) );
	}
	await conn.query( 'COMMIT' );
	return {
		tables: dumped,
		warnings,
		secretsExcluded: options.registry.secrets.fields.map( ( f ) => f.name ),
	};
}

/**
 * Writes every site table into `writer` (it is not finished here: the engine adds files and the
 * manifest). On failure the writer is aborted, so no temp file is left, and the error is thrown.
 * @param pool
 * @param options
 */
export async function dumpDatabase(
	pool: Pool,
	options: DumpOptions
): Promise< DumpResult > {
	try {
		return await withSession(
			pool,
			READ_SESSION,
			'reading the database for a backup',
			( conn ) => dumpInSnapshot( conn, options )
		);
	} catch ( error ) {
		await options.writer.abort();
		throw error;
	}
}
