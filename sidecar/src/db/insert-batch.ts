/**
 * Multi-row INSERT statements for the staged load, cut at a row count or a statement size, whichever
 * comes first, so each statement stays far below max_allowed_packet. Values are literals from the archive
 * layer's queryLiteral (binary as hex: no connection character set can reinterpret a byte). Pure.
 */
import type { Row } from '../archive/row-codec';
import { queryLiteral, quoteIdentifier } from '../archive/row-sql';

export const MAX_BATCH_ROWS = 500;
/** About 1 MB of SQL text per statement (UTF-16 length: a close enough measure for cutting). */
export const MAX_BATCH_CHARS = 1024 * 1024;

export class InsertBatch {
	private readonly head: string;
	private values: string[] = [];
	private chars = 0;

	constructor(
		table: string,
		columns: readonly string[],
		private readonly maxRows = MAX_BATCH_ROWS,
		private readonly maxChars = MAX_BATCH_CHARS
	) {
		this.head = `INSERT INTO ${ quoteIdentifier( table ) } (${ columns
			.map( quoteIdentifier )
			.join( ', ' ) }) VALUES `;
	}

	/**
	 * Adds a row; returns a full statement to run when the batch is full, else null.
	 * @param row
	 */
	add( row: Row ): string | null {
		const tuple = '(' + row.map( queryLiteral ).join( ', ' ) + ')';
		this.values.push( tuple );
		this.chars += tuple.length + 1;
		return this.values.length >= this.maxRows || this.chars >= this.maxChars
			? this.take()
			: null;
	}

	/** The statement for the rows still held, or null when there are none. */
	take(): string | null {
		if ( this.values.length === 0 ) {
			return null;
		}
		const statement = this.head + this.values.join( ',' );
		this.values = [];
		this.chars = 0;
		return statement;
	}
}
