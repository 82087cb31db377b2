/**
 * `syteops-backup sql <archive>`: a plain SQL dump out of an archive, for disaster recovery without the
 * product (`syteops-backup sql backup.zip | mariadb wordpress`). Streams: one table's rows at a time,
 * ROWS_PER_INSERT rows per statement, waiting for `out` to drain, so memory stays flat.
 *
 * Each table is dropped and recreated under `<prefix><suffix>`, so the dump can target any prefix.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

import type { Row } from '../archive/row-codec';
import { readRows } from '../archive/rows-reader';
import {
	quoteIdentifier,
	rowsToSql,
	ROWS_PER_INSERT,
} from '../archive/row-sql';
import type { ArchiveReader } from '../archive/zip-reader';
import { createStatementFor, rowsPath } from './schema-sql';

const SCHEMA_PATH = /^db\/(.+)\.schema\.sql$/;

const PREAMBLE = [
	'-- SyteOps Backup SQL dump. Load it with: mariadb <database> < dump.sql',
	'SET NAMES utf8mb4;',
	"SET time_zone = '+00:00';",
	"SET sql_mode = 'NO_AUTO_VALUE_ON_ZERO';",
	'SET foreign_key_checks = 0;',
	'SET unique_checks = 0;',
	'',
].join( '\n' );

const POSTSCRIPT = 'SET foreign_key_checks = 1;\nSET unique_checks = 1;\n';

async function write( out: Writable, text: string ): Promise< void > {
	if ( ! out.write( text ) ) {
		await once( out, 'drain' );
	}
}

async function collectText(
	reader: ArchiveReader,
	path: string
): Promise< string > {
	const chunks: Buffer[] = [];
	for await ( const chunk of reader.openEntry( path ) ) {
		chunks.push( chunk as Buffer );
	}
	return Buffer.concat( chunks ).toString( 'utf8' );
}

async function tableToSql(
	reader: ArchiveReader,
	out: Writable,
	suffix: string,
	target: string
): Promise< number > {
	const schemaEntry = `db/${ suffix }.schema.sql`;
	const create = createStatementFor(
		await collectText( reader, schemaEntry ),
		target,
		schemaEntry
	);
	await write(
		out,
		`\nDROP TABLE IF EXISTS ${ quoteIdentifier( target ) };\n${ create };\n`
	);
	const path = rowsPath( suffix );
	let batch: Row[] = [];
	let rows = 0;
	let header;
	for await ( const item of readRows( reader.openEntry( path ), path ) ) {
		header = { ...item.header, table: target };
		if ( item.row ) {
			batch.push( item.row );
			rows++;
		}
		if ( batch.length >= ROWS_PER_INSERT ) {
			await write( out, rowsToSql( header, batch ) );
			batch = [];
		}
	}
	if ( header && batch.length > 0 ) {
		await write( out, rowsToSql( header, batch ) );
	}
	return rows;
}

/**
 * Writes the archive's tables as SQL to `out` (which is not ended here). Returns the counts.
 * @param reader
 * @param out
 * @param options
 * @param options.prefix
 */
export async function archiveToSql(
	reader: ArchiveReader,
	out: Writable,
	options: { prefix: string }
): Promise< { tables: number; rows: number } > {
	const suffixes: string[] = [];
	for ( const entryPath of reader.manifest.entries.paths() ) {
		const match = SCHEMA_PATH.exec( entryPath );
		if ( match ) {
			suffixes.push( match[ 1 ] );
		}
	}
	await write( out, PREAMBLE );
	let rows = 0;
	for ( const suffix of suffixes ) {
		rows += await tableToSql(
			reader,
			out,
			suffix,
			options.prefix + suffix
		);
	}
	await write( out, POSTSCRIPT );
	return { tables: suffixes.length, rows };
}
