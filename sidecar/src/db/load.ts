/**
 * The first half of a restore: tables from an archive into staging tables `<prefix>syteops_stg_<suffix>`,
 * never touching a live table. Each staging table is created from the archive's schema (checked first,
 * see schema-sql.ts), filled with multi-row INSERTs streamed from the rows entry, then read back and
 * digested exactly as the dump digests, so the caller can compare with the manifest.
 *
 * If loading fails, the staging tables this call created are dropped (best effort; cleanupLeftovers on
 * the next start catches the rest).
 */
import type { Pool, PoolConnection } from 'mysql2/promise';

import type { Row, TableHeader } from '../archive/row-codec';
import { readRows } from '../archive/rows-reader';
import type { Manifest } from '../archive/manifest';
import type { ArchiveReader } from '../archive/zip-reader';
import { SyteOpsError } from '../errors';
import { tableDigest, type TableDigest } from './checksum';
import { InsertBatch } from './insert-batch';
import type { LoadVerdicts } from './load-verdicts';
import {
	isArchivableSuffix,
	isInternalSuffix,
	OLD_INFIX,
	STAGING_INFIX,
	stagingTableName,
} from './names';
import type { DbRegistry } from './registry';
import { createStatementFor, rowsPath, schemaPath } from './schema-sql';
import { LOAD_SESSION, withSession } from './session';
import { dropTables } from './table-admin';

/** Schema files are one CREATE TABLE statement; anything larger is not ours. */
const MAX_SCHEMA_BYTES = 1024 * 1024;

export interface LoadProgress {
	table: string;
	rowsDone: number;
	/** From the manifest's section counts. */
	rowsTotal: number;
}

export interface LoadOptions {
	prefix: string;
	/** Suffixes of the tables to load, e.g. [ 'options', 'posts' ]. */
	tables: readonly string[];
	/** Rewrites (URL map) or drops (null) a row on its way in. */
	transformRow?: (
		suffix: string,
		header: TableHeader,
		row: Row
	) => Row | null;
	onProgress?: ( progress: LoadProgress ) => void;
	/** When given, the registry's internal tables are refused. */
	registry?: DbRegistry;
	/**
	 * Verdicts given while the load runs (a restore's kept tables: see engine/kept-tables.ts). A table waiting
	 * for its verdict is started after the others; a kept one is skipped if it has not started, or stopped
	 * between two INSERTs and its staging table dropped; one already loaded stays.
	 */
	verdicts?: LoadVerdicts;
}

/**
 * Where a load reads its entries: an ArchiveReader, or an EntrySubset of one on a worker thread.
 */
export type LoadSource = Pick< ArchiveReader, 'openEntry' > & {
	readonly manifest: { readonly sections: Manifest[ 'sections' ] };
};

export interface LoadedTable extends TableDigest {
	/** The suffix. */
	name: string;
	/** The staging table it was loaded into. */
	table: string;
}

export interface LoadResult {
	/** The tables loaded, in the order of `options.tables`. */
	tables: LoadedTable[];
	/** The tables kept before they were loaded (none has a staging table). */
	kept: string[];
}

/** Thrown between two INSERTs when the table being loaded is kept. */
class TableKept extends Error {}

function refusal( suffix: string, registry?: DbRegistry ): string | null {
	if ( ! isArchivableSuffix( suffix ) ) {
		return 'its name is not valid';
	}
	if ( registry && isInternalSuffix( suffix, registry ) ) {
		return 'it is one of the backup’s own tables';
	}
	if (
		suffix.startsWith( STAGING_INFIX ) ||
		suffix.startsWith( OLD_INFIX )
	) {
		return 'it is a restore working table';
	}
	return null;
}

function checkSuffix( suffix: string, registry?: DbRegistry ): void {
	const reason = refusal( suffix, registry );
	if ( reason ) {
		throw new SyteOpsError( 'syteops_db_table_refused', {
			table: suffix,
			reason,
		} );
	}
}

/**
 * An archive's schema text (see schema-sql.ts), refused when larger than any CREATE TABLE of ours.
 * @param reader
 * @param path
 */
export async function readSchema(
	reader: LoadSource,
	path: string
): Promise< string > {
	const chunks: Buffer[] = [];
	let size = 0;
	for await ( const chunk of reader.openEntry( path ) ) {
		size += ( chunk as Buffer ).length;
		if ( size > MAX_SCHEMA_BYTES ) {
			throw new SyteOpsError( 'syteops_db_schema_invalid', {
				path,
				reason: `larger than ${ MAX_SCHEMA_BYTES } bytes`,
			} );
		}
		chunks.push( chunk as Buffer );
	}
	return Buffer.concat( chunks ).toString( 'utf8' );
}

function checkHeader(
	header: TableHeader,
	suffix: string,
	path: string
): void {
	if ( header.table !== suffix ) {
		throw new SyteOpsError( 'syteops_archive_rows_invalid', {
			path,
			line: 1,
			reason: `the header names the table ${ JSON.stringify( header.table ) }, not ${ suffix }`,
		} );
	}
}

async function insertRows(
	conn: PoolConnection,
	reader: LoadSource,
	suffix: string,
	staging: string,
	options: LoadOptions
): Promise< void > {
	const path = rowsPath( suffix );
	const rowsTotal =
		reader.manifest.sections.tables.find( ( t ) => t.name === suffix )
			?.rows ?? 0;
	let batch: InsertBatch | undefined;
	let rowsDone = 0;
	// One statement runs on the server while the next is parsed and built here: waiting for each INSERT
	// before reading on left this thread and MariaDB taking turns. A failed INSERT fails the load at the
	// next statement (or at the end); nothing after it is sent.
	let running: Promise< unknown > | null = null;
	const send = async ( statement: string ) => {
		if ( running ) {
			await running;
		}
		running = conn.query( statement );
		running.catch( () => undefined ); // awaited before the next statement or at the end
	};
	for await ( const { header, row } of readRows(
		reader.openEntry( path ),
		path
	) ) {
		if ( ! row || ! batch ) {
			checkHeader( header, suffix, path );
			batch = new InsertBatch(
				staging,
				header.columns.map( ( c ) => c.name )
			);
			continue;
		}
		rowsDone++;
		const kept = options.transformRow
			? options.transformRow( suffix, header, row )
			: row;
		const statement = kept ? batch.add( kept ) : null;
		if ( statement ) {
			if ( options.verdicts?.isKept( suffix ) ) {
				await running;
				throw new TableKept();
			}
			await send( statement );
			options.onProgress?.( { table: suffix, rowsDone, rowsTotal } );
		}
	}
	const rest = batch?.take();
	if ( rest ) {
		await send( rest );
	}
	await running;
	options.onProgress?.( { table: suffix, rowsDone, rowsTotal } );
}

async function loadTable(
	conn: PoolConnection,
	reader: LoadSource,
	suffix: string,
	options: LoadOptions,
	created: string[]
): Promise< LoadedTable | null > {
	const staging = stagingTableName( options.prefix, suffix );
	const path = schemaPath( suffix );
	const create = createStatementFor(
		await readSchema( reader, path ),
		staging,
		path
	);
	await conn.query( 'DROP TABLE IF EXISTS ??', [ staging ] );
	created.push( staging );
	await conn.query( create );
	try {
		await insertRows( conn, reader, suffix, staging, options );
	} catch ( error ) {
		if ( ! ( error instanceof TableKept ) ) {
			throw error;
		}
		await conn.query( 'DROP TABLE IF EXISTS ??', [ staging ] );
		created.splice( created.indexOf( staging ), 1 );
		return null;
	}
	const digest = await tableDigest( conn, staging, { headerName: suffix } );
	return { name: suffix, table: staging, ...digest };
}

/**
 * What a restore of this archive would refuse about its tables, checked without a database: every table name
 * (not one of the backup's own or a working table), its schema text and the table its rows header names.
 * Run when an upload completes, so an archive a restore would refuse is never registered.
 * @param reader
 * @param registry
 */
export async function checkArchiveTables(
	reader: ArchiveReader,
	registry: DbRegistry
): Promise< void > {
	for ( const { name } of reader.manifest.sections.tables ) {
		checkSuffix( name, registry );
		const path = schemaPath( name );
		createStatementFor( await readSchema( reader, path ), name, path );
		const rows = rowsPath( name );
		const source = reader.openEntry( rows );
		for await ( const { header } of readRows( source, rows ) ) {
			checkHeader( header, name, rows );
			break;
		}
		source.destroy();
	}
}

/**
 * Connections loading at once. Two keep both cores busy: while MariaDB inserts one table's batch, the
 * sidecar inflates, parses and encodes the next batch of another table.
 */
export const LOAD_LANES = 2;

/**
 * Loads the named tables into staging tables; returns what was loaded with digests read back, in the
 * order of `options.tables`, and the tables kept before they were loaded. Tables are shared out over LOAD_LANES connections, largest first (by the
 * manifest's row counts), so the lanes finish close together; each table is loaded by one connection.
 * @param pool
 * @param reader
 * @param options
 */
export async function loadIntoStaging(
	pool: Pool,
	reader: LoadSource,
	options: LoadOptions
): Promise< LoadResult > {
	options.tables.forEach( ( suffix ) =>
		checkSuffix( suffix, options.registry )
	);
	const rowsOf = ( suffix: string ) =>
		reader.manifest.sections.tables.find( ( t ) => t.name === suffix )
			?.rows ?? 0;
	const queue = [ ...options.tables ].sort(
		( a, b ) => rowsOf( b ) - rowsOf( a )
	);
	const created: string[] = [];
	const loaded = new Map< string, LoadedTable >();
	const kept: string[] = [];
	let failed = false;
	const lane = () =>
		withSession(
			pool,
			LOAD_SESSION,
			'loading tables into staging',
			async ( conn ) => {
				for (;;) {
					const next = queue.findIndex(
						( suffix ) => ! options.verdicts?.isWaiting( suffix )
					);
					if ( failed || queue.length === 0 ) {
						break;
					}
					if ( next < 0 ) {
						await options.verdicts?.next(); // every table left waits for its verdict
						continue;
					}
					const [ suffix ] = queue.splice( next, 1 );
					const table = options.verdicts?.isKept( suffix )
						? null
						: await loadTable(
								conn,
								reader,
								suffix,
								options,
								created
							);
					if ( table ) {
						loaded.set( suffix, table );
					} else {
						kept.push( suffix );
						const rows = rowsOf( suffix ); // nothing left to load
						options.onProgress?.( {
							table: suffix,
							rowsDone: rows,
							rowsTotal: rows,
						} );
					}
				}
			}
		).catch( ( error: unknown ) => {
			failed = true; // the other lane stops after its current table
			options.verdicts?.wake();
			throw error;
		} );
	const lanes = await Promise.allSettled(
		Array.from( { length: LOAD_LANES }, lane )
	);
	const failure = lanes.find(
		( result ): result is PromiseRejectedResult =>
			result.status === 'rejected'
	);
	if ( failure ) {
		await dropTables( pool, created ).catch( () => {} );
		throw failure.reason;
	}
	return {
		tables: options.tables.flatMap( ( suffix ) => {
			const table = loaded.get( suffix );
			return table ? [ table ] : [];
		} ),
		kept: options.tables.filter( ( suffix ) => kept.includes( suffix ) ),
	};
}
