/**
 * How table rows are stored: `db/<table>.rows.ndjson` starts with one header line (a JSON object naming the
 * columns), then one JSON array per row, values in column order. Values, not SQL text, so restore,
 * remapping and URL rewrite can work on them; binary columns as base64 so they survive byte for byte.
 *
 *   text / decimal / date  -> JSON string        NULL   -> null
 *   safe integer / float   -> JSON number        binary -> { "b64": "..." }
 *   integer beyond 2^53    -> JSON string (a JS number would lose digits)
 */
import { SyteOpsError } from '../errors';

export interface ColumnInfo {
	name: string;
	/** The MySQL column type as SHOW COLUMNS reports it, e.g. `bigint(20) unsigned`, `longblob`. */
	type: string;
	binary: boolean;
}

export interface TableHeader {
	table: string;
	columns: ColumnInfo[];
}

export type RowValue = string | number | bigint | Buffer | null;
export type Row = RowValue[];
type EncodedValue = string | number | null | { b64: string };

/** Where a decode error points: the entry path and the 1-based line number. */
export interface LineContext {
	path: string;
	line: number;
}

function rowsInvalid( at: LineContext, reason: string ): SyteOpsError {
	return new SyteOpsError( 'syteops_archive_rows_invalid', {
		...at,
		reason,
	} );
}

export function encodeHeader( header: TableHeader ): string {
	return JSON.stringify( header );
}

export function encodeValue( value: RowValue ): EncodedValue {
	if ( value === null || typeof value === 'string' ) {
		return value;
	}
	if ( Buffer.isBuffer( value ) ) {
		return { b64: value.toString( 'base64' ) };
	}
	if ( typeof value === 'bigint' ) {
		return value.toString();
	}
	if ( ! Number.isFinite( value ) ) {
		throw new TypeError( `Cannot store the number ${ value } in a row.` );
	}
	return Number.isInteger( value ) && ! Number.isSafeInteger( value )
		? BigInt( value ).toString()
		: value;
}

/**
 * One row as one NDJSON line (without the trailing newline).
 * @param row
 */
export function encodeRow( row: Row ): string {
	return JSON.stringify( row.map( encodeValue ) );
}

function parseJson( line: string, at: LineContext ): unknown {
	try {
		return JSON.parse( line );
	} catch ( error ) {
		throw rowsInvalid( at, ( error as Error ).message );
	}
}

export function decodeHeader( line: string, at: LineContext ): TableHeader {
	const raw = parseJson( line, at ) as Partial< TableHeader > | null;
	if (
		typeof raw !== 'object' ||
		raw === null ||
		typeof raw.table !== 'string' ||
		! Array.isArray( raw.columns ) ||
		raw.columns.length === 0
	) {
		throw rowsInvalid(
			at,
			'the header line must name the table and its columns'
		);
	}
	const columns = raw.columns.map( ( column: Partial< ColumnInfo > ) => {
		if (
			typeof column?.name !== 'string' ||
			typeof column.type !== 'string' ||
			typeof column.binary !== 'boolean'
		) {
			throw rowsInvalid(
				at,
				'every column needs a name, a type and a binary flag'
			);
		}
		return { name: column.name, type: column.type, binary: column.binary };
	} );
	return { table: raw.table, columns };
}

function decodeValue(
	value: unknown,
	column: ColumnInfo,
	at: LineContext
): RowValue {
	if ( value === null ) {
		return null;
	}
	if ( column.binary ) {
		const b64 = ( value as { b64?: unknown } )?.b64;
		if (
			typeof b64 !== 'string' ||
			! /^[A-Za-z0-9+/]*={0,2}$/.test( b64 ) ||
			b64.length % 4 !== 0
		) {
			throw rowsInvalid(
				at,
				`column ${ column.name } expects a {"b64":...} value`
			);
		}
		return Buffer.from( b64, 'base64' );
	}
	if ( typeof value === 'string' ) {
		return value;
	}
	if (
		typeof value === 'number' &&
		( ! Number.isInteger( value ) || Number.isSafeInteger( value ) )
	) {
		return value;
	}
	throw rowsInvalid(
		at,
		`column ${ column.name } holds a value of the wrong kind`
	);
}

/**
 * Parses one row line against its table header.
 * @param line
 * @param header
 * @param at
 */
export function decodeRow(
	line: string,
	header: TableHeader,
	at: LineContext
): Row {
	const raw = parseJson( line, at );
	if ( ! Array.isArray( raw ) ) {
		throw rowsInvalid( at, 'a row must be a JSON array' );
	}
	if ( raw.length !== header.columns.length ) {
		throw rowsInvalid(
			at,
			`a row has ${ raw.length } values for ${ header.columns.length } columns`
		);
	}
	return raw.map( ( value, i ) =>
		decodeValue( value, header.columns[ i ], at )
	);
}
