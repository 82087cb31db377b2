/**
 * Column metadata for the row codec: which columns are stored, which are binary, and the one SELECT that
 * reads rows in a deterministic order. The query is one function; the decisions are pure helpers.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';

import type { ColumnInfo } from '../archive/row-codec';
import { quoteIdentifier } from '../archive/row-sql';

const BINARY_TYPES = new Set( [
	'binary',
	'varbinary',
	'tinyblob',
	'blob',
	'mediumblob',
	'longblob',
	'bit',
	'geometry',
	'point',
	'linestring',
	'polygon',
	'multipoint',
	'multilinestring',
	'multipolygon',
	'geometrycollection',
	'vector',
] );

export interface ColumnMeta {
	name: string;
	columnType: string;
	dataType: string;
	charset: string | null;
	extra: string;
}

/**
 * Leaves out rows whose `column` is one of `notIn` (the internal wp_options rows), or keeps only rows whose
 * `column` is one of `in` (a scoped export's selection; an empty `in` keeps no row).
 */
export interface RowFilter {
	column: string;
	notIn?: readonly string[];
	in?: readonly ( string | number )[];
}

/**
 * Bytes, not text: stored as base64 so every byte survives.
 * @param dataType
 * @param charset
 */
export function isBinaryColumn(
	dataType: string,
	charset: string | null
): boolean {
	return (
		BINARY_TYPES.has( dataType.toLowerCase() ) ||
		charset?.toLowerCase() === 'binary'
	);
}

/**
 * Generated (virtual/stored) columns cannot be inserted into; the server recomputes them on load.
 * @param extra
 */
export function isGeneratedColumn( extra: string ): boolean {
	return /\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.test( extra );
}

export function toColumnInfo( metas: readonly ColumnMeta[] ): ColumnInfo[] {
	return metas
		.filter( ( meta ) => ! isGeneratedColumn( meta.extra ) )
		.map( ( meta ) => ( {
			name: meta.name,
			type: meta.columnType,
			binary: isBinaryColumn( meta.dataType, meta.charset ),
		} ) );
}

/**
 * The primary key, or every stored column when there is none (rows that still tie are identical, so
 * their order cannot change the bytes).
 * @param primaryKey
 * @param columns
 */
export function rowOrder(
	primaryKey: readonly string[],
	columns: readonly ColumnInfo[]
): string[] {
	return primaryKey.length > 0
		? [ ...primaryKey ]
		: columns.map( ( column ) => column.name );
}

/**
 * The SELECT used by the dump and by every digest, so both read the same bytes the same way.
 * @param table
 * @param columns
 * @param order
 * @param filter
 */
export function selectRowsSql(
	table: string,
	columns: readonly ColumnInfo[],
	order: readonly string[],
	filter?: RowFilter | readonly RowFilter[]
): { sql: string; values: ( string | number )[] } {
	const list = columns.map( ( c ) => quoteIdentifier( c.name ) ).join( ', ' );
	let sql = `SELECT ${ list } FROM ${ quoteIdentifier( table ) }`;
	const values: ( string | number )[] = [];
	const conditions: string[] = [];
	const filters = ( Array.isArray( filter ) ? filter : [ filter ] ).filter(
		( f ): f is RowFilter => Boolean( f )
	);
	for ( const f of filters ) {
		const column = quoteIdentifier( f.column );
		const marks = ( n: number ) => new Array( n ).fill( '?' ).join( ', ' );
		if ( f.notIn && f.notIn.length > 0 ) {
			conditions.push(
				`${ column } NOT IN (${ marks( f.notIn.length ) })`
			);
			values.push( ...f.notIn );
		}
		if ( f.in ) {
			conditions.push(
				f.in.length > 0
					? `${ column } IN (${ marks( f.in.length ) })`
					: 'FALSE'
			);
			values.push( ...f.in );
		}
	}
	if ( conditions.length > 0 ) {
		sql += ` WHERE ${ conditions.join( ' AND ' ) }`;
	}
	if ( order.length > 0 ) {
		sql += ` ORDER BY ${ order.map( quoteIdentifier ).join( ', ' ) }`;
	}
	return { sql, values };
}

/**
 * Column metadata of `table` in the current database, in column order.
 * @param conn
 * @param table
 */
export async function readColumnMeta(
	conn: Connection,
	table: string
): Promise< ColumnMeta[] > {
	const [ rows ] = await conn.query< RowDataPacket[] >(
		`SELECT COLUMN_NAME AS name, COLUMN_TYPE AS columnType, DATA_TYPE AS dataType,
		CHARACTER_SET_NAME AS charset, EXTRA AS extra FROM information_schema.COLUMNS
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
		[ table ]
	);
	return rows.map( ( row ) => ( {
		name: row.name,
		columnType: row.columnType,
		dataType: row.dataType,
		charset: row.charset ?? null,
		extra: row.extra ?? '',
	} ) );
}

/**
 * Primary key columns of one table, in key order.
 * @param conn
 * @param table
 */
export async function readPrimaryKey(
	conn: Connection,
	table: string
): Promise< string[] > {
	const [ rows ] = await conn.query< RowDataPacket[] >(
		`SELECT COLUMN_NAME AS col FROM information_schema.STATISTICS
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY'
		ORDER BY SEQ_IN_INDEX`,
		[ table ]
	);
	return rows.map( ( row ) => row.col as string );
}
