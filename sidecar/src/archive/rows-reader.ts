/**
 * Reads a `db/<table>.rows.ndjson` stream back into a header and rows, streaming line by line.
 */
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';

import { SyteOpsError } from '../errors';
import {
	decodeHeader,
	decodeRow,
	type Row,
	type TableHeader,
} from './row-codec';
import {
	DEFAULT_MAX_LINE_BYTES,
	decodeLine,
	LineCutter,
	LineSplitter,
	type NumberedLine,
} from './row-lines';
import { rowLineDecodes } from './row-shape';

export const ROWS_PATH = /^db\/(.+)\.rows\.ndjson$/;

/**
 * Yields the header first, then every row.
 * @param source
 * @param entryPath
 * @param maxLineBytes
 */
export async function* readRows(
	source: Readable,
	entryPath: string,
	maxLineBytes = DEFAULT_MAX_LINE_BYTES
): AsyncGenerator< { header: TableHeader; row?: Row } > {
	const lines = source.pipe( new LineSplitter( entryPath, maxLineBytes ) );
	source.on( 'error', ( error ) => lines.destroy( error ) );
	let header: TableHeader | undefined;
	for await ( const item of lines ) {
		const { line, text } = item as NumberedLine;
		const at = { path: entryPath, line };
		if ( ! header ) {
			header = decodeHeader( text, at );
			yield { header };
			continue;
		}
		yield { header, row: decodeRow( text, header, at ) };
	}
	if ( ! header ) {
		throw new SyteOpsError( 'syteops_archive_rows_invalid', {
			path: entryPath,
			line: 1,
			reason: 'the file has no header line',
		} );
	}
}

/**
 * Counts rows (validating every one); returns the header and the count.
 * @param source
 * @param entryPath
 * @param maxLineBytes
 */
export async function countRows(
	source: Readable,
	entryPath: string,
	maxLineBytes?: number
): Promise< { header: TableHeader | undefined; rows: number } > {
	let header: TableHeader | undefined;
	let rows = 0;
	for await ( const item of readRows( source, entryPath, maxLineBytes ) ) {
		header = item.header;
		rows += item.row ? 1 : 0;
	}
	return { header, rows };
}

/**
 * Validates and counts rows fed as raw bytes, synchronously: verify feeds it the bytes it is already
 * checksumming, so a rows entry is read and inflated once. The same checks as readRows (header, UTF-8,
 * every row decoded against it, line size limit); the first problem is thrown from feed() or end().
 * A row is proven from its bytes (row-shape.ts) and decoded only when that cannot prove it, so the verdict
 * and any error are the codec's while a plain row costs no string.
 */
export class RowTally {
	header: TableHeader | undefined;
	rows = 0;
	/** How many rows the byte check left to the codec (unusual but maybe valid lines, and the invalid one). */
	decoded = 0;
	private binary: boolean[] = [];
	private readonly cutter: LineCutter;

	constructor(
		private readonly entryPath: string,
		maxLineBytes = DEFAULT_MAX_LINE_BYTES
	) {
		this.cutter = new LineCutter(
			entryPath,
			maxLineBytes,
			( bytes, line ) => this.take( bytes, line )
		);
	}

	feed( chunk: Buffer ): void {
		this.cutter.feed( chunk );
	}

	end(): void {
		this.cutter.end();
		if ( ! this.header ) {
			throw new SyteOpsError( 'syteops_archive_rows_invalid', {
				path: this.entryPath,
				line: 1,
				reason: 'the file has no header line',
			} );
		}
	}

	private take( bytes: Buffer, line: number ): void {
		if ( ! this.header ) {
			this.header = decodeHeader(
				decodeLine( bytes, this.entryPath, line ),
				{ path: this.entryPath, line }
			);
			this.binary = this.header.columns.map(
				( column ) => column.binary
			);
			return;
		}
		if ( ! isUtf8( bytes ) || ! rowLineDecodes( bytes, this.binary ) ) {
			this.decoded++;
			decodeRow( decodeLine( bytes, this.entryPath, line ), this.header, {
				path: this.entryPath,
				line,
			} );
		}
		this.rows++;
	}
}
