/**
 * The database half of a scoped export: chosen rows (and sometimes chosen columns) of chosen tables, read in
 * ONE consistent snapshot like a full backup and written in the same layout (`db/<suffix>.schema.sql`,
 * `db/<suffix>.rows.ndjson`), so every reader, verify and `syteops-backup sql` work on exports unchanged.
 *
 * A selection whose filter names a column the table lacks fails the export: dropping the filter would
 * export every row, which is the one thing a scoped export must never do.
 */
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';

import type { ArchiveWriter } from '../archive/zip-writer';
import { SyteOpsError } from '../errors';
import type { RowFilter } from './columns';
import type { DumpedTable } from './dump';
import { portableSchema, rowsPath, schemaPath } from './schema-sql';
import { READ_SESSION, withSession } from './session';
import { streamTableNdjson, tableReadSpec } from './table-rows';

export interface TableSelection {
	suffix: string;
	filters: RowFilter[];
	columns?: readonly string[];
	ownersOf?: { table: string; column: string; idColumn: string }[];
}

async function tableEngine(
	conn: PoolConnection,
	table: string
): Promise< string | null | undefined > {
	const [ rows ] = await conn.query< RowDataPacket[] >(
		'SELECT ENGINE AS engine FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
		[ table ]
	);
	return rows.length ? ( rows[ 0 ].engine as string | null ) : undefined;
}

async function ownerIds(
	conn: PoolConnection,
	prefix: string,
	owners: NonNullable< TableSelection[ 'ownersOf' ] >
): Promise< number[] > {
	const ids = new Set< number >();
	for ( const { table, column } of owners ) {
		const [ rows ] = await conn.query< RowDataPacket[] >(
			'SELECT DISTINCT ?? AS id FROM ?? ORDER BY 1',
			[ column, prefix + table ]
		);
		rows.forEach( ( r ) => ids.add( Number( r.id ) ) );
	}
	return [ ...ids ].sort( ( a, b ) => a - b );
}

async function dumpOne(
	conn: PoolConnection,
	prefix: string,
	selection: TableSelection,
	writer: ArchiveWriter
): Promise< DumpedTable > {
	const table = prefix + selection.suffix;
	const engine = await tableEngine( conn, table );
	if ( engine === undefined ) {
		throw new SyteOpsError( 'syteops_export_table_missing', {
			table: selection.suffix,
		} );
	}
	const filters = [ ...selection.filters ];
	if ( selection.ownersOf ) {
		filters.push( {
			column: selection.ownersOf[ 0 ].idColumn,
			in: await ownerIds( conn, prefix, selection.ownersOf ),
		} );
	}
	const spec = await tableReadSpec( conn, table, selection.suffix, filters );
	for ( const f of filters ) {
		if ( ! spec.columns.some( ( c ) => c.name === f.column ) ) {
			throw new SyteOpsError( 'syteops_export_table_missing', {
				table: `${ selection.suffix }.${ f.column }`,
			} );
		}
	}
	if ( selection.columns ) {
		const keep = selection.columns;
		spec.columns = spec.columns.filter( ( c ) => keep.includes( c.name ) );
	}
	const [ created ] = await conn.query< RowDataPacket[] >(
		'SHOW CREATE TABLE ??',
		[ table ]
	);
	await writer.addBuffer(
		schemaPath( selection.suffix ),
		Buffer.from(
			portableSchema( String( created[ 0 ][ 'Create Table' ] ), table ),
			'utf8'
		)
	);
	const stream = streamTableNdjson( conn, spec );
	const entry = await writer.addStream(
		rowsPath( selection.suffix ),
		stream
	);
	return {
		name: selection.suffix,
		rows: stream.rows,
		sha256: entry.sha256,
		engine: engine ?? null,
	};
}

/**
 * Writes the selected rows into `writer` in one consistent snapshot; on failure the writer is aborted.
 * @param pool
 * @param prefix
 * @param selections
 * @param writer
 */
export async function dumpSelections(
	pool: Pool,
	prefix: string,
	selections: readonly TableSelection[],
	writer: ArchiveWriter
): Promise< DumpedTable[] > {
	try {
		return await withSession(
			pool,
			READ_SESSION,
			'reading the database for an export',
			async ( conn ) => {
				await conn.query(
					'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ'
				);
				await conn.query(
					'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY'
				);
				const dumped: DumpedTable[] = [];
				for ( const selection of selections ) {
					dumped.push(
						await dumpOne( conn, prefix, selection, writer )
					);
				}
				await conn.query( 'COMMIT' );
				return dumped;
			}
		);
	} catch ( error ) {
		await writer.abort();
		throw error;
	}
}
