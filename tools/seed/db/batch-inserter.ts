/**
 * Multi-row INSERTs in fixed-size batches, so memory stays flat however many rows a scale produces.
 */
import type { Connection } from 'mysql2/promise';

import type { Row } from '../generate/row';

export class BatchInserter {
	private rows: Row[] = [];
	inserted = 0;

	constructor(
		private readonly connection: Connection,
		private readonly table: string,
		private readonly batchSize = 500
	) {}

	async add( row: Row ): Promise< void > {
		this.rows.push( row );
		if ( this.rows.length >= this.batchSize ) {
			await this.flush();
		}
	}

	async addAll( rows: Row[] ): Promise< void > {
		for ( const row of rows ) {
			await this.add( row );
		}
	}

	async flush(): Promise< void > {
		if ( this.rows.length === 0 ) {
			return;
		}
		const columns = Object.keys( this.rows[ 0 ] );
		const values = this.rows.map( ( row ) =>
			columns.map( ( column ) => row[ column ] )
		);
		await this.connection.query( 'INSERT INTO ?? (??) VALUES ?', [
			this.table,
			columns,
			values,
		] );
		this.inserted += this.rows.length;
		this.rows = [];
	}
}

/**
 * Inserts rows or replaces the value columns of existing ones (options, secrets).
 * @param connection
 * @param table
 * @param rows
 * @param updateColumns
 */
export async function upsertRows(
	connection: Connection,
	table: string,
	rows: Row[],
	updateColumns: string[]
): Promise< void > {
	if ( rows.length === 0 ) {
		return;
	}
	const columns = Object.keys( rows[ 0 ] );
	const updates = updateColumns
		.map( ( column ) => `\`${ column }\` = VALUES(\`${ column }\`)` )
		.join( ', ' );
	await connection.query(
		`INSERT INTO ?? (??) VALUES ? ON DUPLICATE KEY UPDATE ${ updates }`,
		[
			table,
			columns,
			rows.map( ( row ) => columns.map( ( column ) => row[ column ] ) ),
		]
	);
}
