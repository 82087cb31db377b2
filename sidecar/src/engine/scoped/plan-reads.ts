/**
 * The reads an import plan makes: of the target (options, users, row counts, whether a table exists) and of
 * the archive (its users, the owners its module rows name). No writes.
 */
import type { RowDataPacket } from 'mysql2';

import type { Row, TableHeader } from '../../archive/row-codec';
import type { ArchiveReader } from '../../archive/zip-reader';
import { SyteOpsError } from '../../errors';
import type { SiteContext } from '../context';
import { archiveRows } from './import-parts';
import type { UserIdentity } from './remap';

export async function targetOptions(
	site: SiteContext,
	names: string[]
): Promise< Map< string, { value: string; autoload: string } > > {
	if ( ! names.length ) {
		return new Map();
	}
	const [ rows ] = await site.pool.query< RowDataPacket[] >(
		`SELECT option_name, option_value, autoload FROM \`${ site.config.tablePrefix }options\` WHERE option_name IN (?)`,
		[ names ]
	);
	return new Map(
		rows.map( ( r ) => [
			String( r.option_name ),
			{ value: String( r.option_value ), autoload: String( r.autoload ) },
		] )
	);
}

export async function count(
	site: SiteContext,
	table: string,
	where = '',
	values: unknown[] = []
): Promise< number > {
	const [ rows ] = await site.pool.query< RowDataPacket[] >(
		`SELECT COUNT(*) AS n FROM \`${ site.config.tablePrefix }${ table }\` ${ where }`,
		values
	);
	return Number( rows[ 0 ].n );
}

export async function requireTable(
	site: SiteContext,
	table: string,
	part: string
) {
	const [ rows ] = await site.pool.query< RowDataPacket[] >(
		'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
		[ site.config.tablePrefix + table ]
	);
	if ( ! rows.length ) {
		throw new SyteOpsError( 'syteops_import_table_missing', {
			table: site.config.tablePrefix + table,
			part,
		} );
	}
}

export async function readUsers( reader: ArchiveReader ) {
	let header: TableHeader | null = null;
	const rows: Row[] = [];
	for await ( const item of archiveRows( reader, 'users' ) ) {
		header = item.header;
		rows.push( item.row );
	}
	return header ? { header, rows } : null;
}

export async function targetUsers(
	site: SiteContext
): Promise< UserIdentity[] > {
	const [ rows ] = await site.pool.query< RowDataPacket[] >(
		`SELECT ID, user_login, user_email FROM \`${ site.config.tablePrefix }users\``
	);
	return rows.map( ( r ) => ( {
		id: Number( r.ID ),
		login: String( r.user_login ),
		email: String( r.user_email ),
	} ) );
}

export async function moduleOwners(
	reader: ArchiveReader,
	table: string,
	ownerColumn: string
): Promise< { rows: number; owners: number[] } > {
	const owners = new Set< number >();
	let rows = 0;
	for await ( const { header, row } of archiveRows( reader, table ) ) {
		rows++;
		const i = header.columns.findIndex( ( c ) => c.name === ownerColumn );
		owners.add( Number( row[ i ] ) || 0 );
	}
	return { rows, owners: [ ...owners ] };
}
