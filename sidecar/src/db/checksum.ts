/**
 * A table's content digest, computed exactly as the dump writes `db/<suffix>.rows.ndjson`: the SHA-256 of
 * the header line and every row in key order, through the row codec. A table restored byte for byte has
 * the digest its archive entry records. Used for post-restore verification and by tests.
 */
import { createHash } from 'node:crypto';

import type { PoolConnection } from 'mysql2/promise';

import type { RowFilter } from './columns';
import { streamTableNdjson, tableReadSpec } from './table-rows';

export interface TableDigest {
	rows: number;
	sha256: string;
}

export interface DigestOptions {
	/**
	 * The table name the header line carries; the dump writes the suffix, so pass the suffix to compare
	 * with an archive entry. Defaults to `table`.
	 */
	headerName?: string;
	/** The same filter the dump applied (the options table without its internal rows). */
	filter?: RowFilter;
}

/**
 * Streams the table through SHA-256; memory stays flat.
 * @param conn
 * @param table
 * @param options
 */
export async function tableDigest(
	conn: PoolConnection,
	table: string,
	options: DigestOptions = {}
): Promise< TableDigest > {
	const spec = await tableReadSpec(
		conn,
		table,
		options.headerName ?? table,
		options.filter
	);
	const hash = createHash( 'sha256' );
	const stream = streamTableNdjson( conn, spec );
	for await ( const chunk of stream ) {
		hash.update( chunk as Buffer );
	}
	return { rows: stream.rows, sha256: hash.digest( 'hex' ) };
}
