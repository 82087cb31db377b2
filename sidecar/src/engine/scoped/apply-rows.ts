/**
 * Row-level writes of an import (inside its transaction): removing the rows of replaced owners, and inserting
 * an archive table's rows streamed in batches. See import-apply.ts.
 */
import type { PoolConnection, ResultSetHeader } from 'mysql2/promise';

import type { Row, TableHeader } from '../../archive/row-codec';
import { quoteIdentifier } from '../../archive/row-sql';
import type { ArchiveReader } from '../../archive/zip-reader';
import { InsertBatch } from '../../db/insert-batch';
import type { SiteContext } from '../context';
import { archiveRows } from './import-parts';

/** Rows per DELETE of replaced meta keys or owners, and per INSERT: statements stay small. */
export const BATCH = 500;

export function table( site: SiteContext, suffix: string ): string {
	return quoteIdentifier( site.config.tablePrefix + suffix );
}

export async function deleteOwned(
	conn: PoolConnection,
	site: SiteContext,
	suffix: string,
	ownerColumn: string,
	owners: number[]
): Promise< number > {
	let removed = 0;
	for ( let i = 0; i < owners.length; i += BATCH ) {
		const [ result ] = await conn.query< ResultSetHeader >(
			`DELETE FROM ${ table( site, suffix ) } WHERE ${ quoteIdentifier( ownerColumn ) } IN (?)`,
			[ owners.slice( i, i + BATCH ) ]
		);
		removed += result.affectedRows;
	}
	return removed;
}

export async function insertStreamed(
	conn: PoolConnection,
	site: SiteContext,
	reader: ArchiveReader,
	suffix: string,
	shape: ( header: TableHeader, row: Row ) => { columns: string[]; row: Row }
): Promise< { inserted: number; firstId: number | null } > {
	let batch: InsertBatch | null = null;
	let inserted = 0;
	let firstId: number | null = null;
	const run = async ( statement: string | null ) => {
		if ( statement ) {
			const [ result ] = await conn.query< ResultSetHeader >( statement );
			firstId ??= result.insertId || null;
		}
	};
	for await ( const { header, row } of archiveRows( reader, suffix ) ) {
		const shaped = shape( header, row );
		batch ??= new InsertBatch(
			site.config.tablePrefix + suffix,
			shaped.columns
		);
		await run( batch.add( shaped.row ) );
		inserted++;
	}
	await run( batch?.take() ?? null );
	return { inserted, firstId };
}
