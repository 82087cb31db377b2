/**
 * Streams one table as row-codec NDJSON bytes (header line, then one line per row), straight from a
 * mysql2 query stream: memory stays flat whatever the table size, because the query pauses the connection
 * whenever the consumer is behind. The dump and every digest use this one reader, so equal data always
 * gives equal bytes.
 */
import { Transform, pipeline, type Readable } from 'node:stream';

import type { PoolConnection } from 'mysql2/promise';
import type { Connection as CoreConnection, QueryOptions } from 'mysql2';

import { dbFailure } from './session';

import {
	encodeHeader,
	encodeRow,
	type ColumnInfo,
	type Row,
} from '../archive/row-codec';
import {
	readColumnMeta,
	readPrimaryKey,
	rowOrder,
	selectRowsSql,
	toColumnInfo,
	type RowFilter,
} from './columns';

/** What to read and how to label it. */
export interface TableReadSpec {
	/** The table to read (full name). */
	table: string;
	/** The name written in the NDJSON header: the suffix, so digests do not depend on the prefix. */
	headerName: string;
	columns: ColumnInfo[];
	order: string[];
	filter?: RowFilter | readonly RowFilter[];
}

/** Rows buffered by the query stream before it pauses the connection. */
const ROWS_HIGH_WATER_MARK = 256;
/** Bytes gathered before a chunk is passed on: fewer, larger writes into the hash and the ZIP. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Reads the column metadata and key of `table` and builds its read spec.
 * @param conn
 * @param table
 * @param headerName
 * @param filter
 */
export async function tableReadSpec(
	conn: PoolConnection,
	table: string,
	headerName: string,
	filter?: RowFilter | readonly RowFilter[]
): Promise< TableReadSpec > {
	const columns = toColumnInfo( await readColumnMeta( conn, table ) );
	const order = rowOrder( await readPrimaryKey( conn, table ), columns );
	const applying = ( Array.isArray( filter ) ? filter : [ filter ] ).filter(
		( f ): f is RowFilter =>
			Boolean( f ) &&
			columns.some( ( column ) => column.name === f?.column )
	);
	return {
		table,
		headerName,
		columns,
		order,
		...( applying.length ? { filter: applying } : {} ),
	};
}

interface CastField {
	name: string;
	type: string;
	extendedFormat?: string;
	string: ( encoding?: string ) => string | null;
	buffer: () => Buffer | null;
}

/**
 * Binary columns as Buffers whatever their type (mysql2 would parse GEOMETRY into objects) and JSON as
 * text (mysql2 would parse it); everything else as the pool's options give it (big integers and dates as
 * strings, set per query below).
 * @param binaryNames
 */
function castFor( binaryNames: ReadonlySet< string > ) {
	return ( field: CastField, next: () => unknown ): unknown => {
		if ( binaryNames.has( field.name ) ) {
			return field.buffer();
		}
		if ( field.type === 'JSON' || field.extendedFormat === 'json' ) {
			return field.string( 'utf8' );
		}
		return next();
	};
}

class NdjsonEncoder extends Transform {
	rows = 0;
	private pending = '';

	constructor(
		headerLine: string,
		private readonly onRows?: ( rows: number ) => void
	) {
		super( { writableObjectMode: true } );
		this.pending = headerLine + '\n';
	}

	override _transform(
		row: Row,
		_encoding: BufferEncoding,
		done: ( error?: Error | null ) => void
	): void {
		try {
			this.pending += encodeRow( row ) + '\n';
			this.rows++;
			if ( this.pending.length >= CHUNK_BYTES ) {
				this.push( Buffer.from( this.pending, 'utf8' ) );
				this.pending = '';
				this.onRows?.( this.rows );
			}
			done();
		} catch ( error ) {
			done( error as Error );
		}
	}

	override _flush( done: ( error?: Error | null ) => void ): void {
		this.push( Buffer.from( this.pending, 'utf8' ) );
		this.pending = '';
		this.onRows?.( this.rows );
		done();
	}
}

/**
 * The table's NDJSON bytes as a stream; `rows` on the result counts rows passed so far, and `onRows`
 * hears that count each time a chunk is passed on.
 * @param conn
 * @param spec
 * @param onRows
 */
export function streamTableNdjson(
	conn: PoolConnection,
	spec: TableReadSpec,
	onRows?: ( rows: number ) => void
): Readable & { readonly rows: number } {
	const { sql, values } = selectRowsSql(
		spec.table,
		spec.columns,
		spec.order,
		spec.filter
	);
	const binary = new Set(
		spec.columns.filter( ( c ) => c.binary ).map( ( c ) => c.name )
	);
	const options = {
		sql,
		values,
		rowsAsArray: true,
		supportBigNumbers: true,
		bigNumberStrings: true,
		dateStrings: true,
		typeCast: castFor( binary ),
	} as QueryOptions;
	// The promise wrapper has no streaming query; its typings mislabel `.connection`, the callback API.
	const core = conn.connection as unknown as CoreConnection;
	const rows = core
		.query( options )
		.stream( { highWaterMark: ROWS_HIGH_WATER_MARK } );
	const encoder = new NdjsonEncoder(
		encodeHeader( { table: spec.headerName, columns: spec.columns } ),
		onRows
	);
	// mysql2 reports a connection lost mid-query (KILL, a server restart) on the connection only, never on
	// the query stream, which would then wait forever: end the stream with that error ourselves.
	const lost = ( error: Error ) =>
		rows.destroy(
			dbFailure(
				`dumping the table ${ spec.headerName }`,
				error
			) as Error
		);
	core.once( 'error', lost );
	rows.once( 'close', () => core.off( 'error', lost ) );
	pipeline( rows, encoder, () => {} ); // errors surface on the encoder
	return encoder;
}
