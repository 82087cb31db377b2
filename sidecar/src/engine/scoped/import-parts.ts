/**
 * Which parts of the target an export may touch, and reading them out of the archive. The target's own
 * registry decides: an option is imported only when it belongs to the export's scope on THIS site (a tab's
 * options, or for master every tab, the variable sets and `<prefix>user_roles`), never an internal one; a
 * table only when it is the users tables, a registered module or a licensing table here. An archive that
 * names anything else has it skipped (options) or is refused (tables), so a crafted export cannot reach
 * `siteurl` or a plugin's table.
 */
import type { Scope } from '../../archive/manifest';
import type { Row, TableHeader } from '../../archive/row-codec';
import { readRows } from '../../archive/rows-reader';
import type { ArchiveReader } from '../../archive/zip-reader';
import { rowsPath } from '../../db/schema-sql';
import { SyteOpsError } from '../../errors';
import type { Registry } from '../registry';
import { tabNames, tabOptions } from './scope';

export interface ModulePart {
	name: string;
	table: string;
	idColumn: string;
	ownerColumn: string;
}

export interface ImportParts {
	options: boolean;
	users: boolean;
	usermeta: boolean;
	modules: ModulePart[];
	licensing: string[];
}

/**
 * Option names this scope may write on the target.
 * @param registry     the target's registry
 * @param scope
 * @param targetPrefix
 */
export function allowedOptions(
	registry: Registry,
	scope: Scope,
	targetPrefix: string
): Set< string > {
	if ( scope.kind === 'tab' && scope.name ) {
		return new Set( tabOptions( registry, scope.name ) );
	}
	if ( scope.kind === 'master' ) {
		return new Set( [
			...tabNames( registry ).flatMap( ( t ) =>
				tabOptions( registry, t )
			),
			`${ targetPrefix }user_roles`,
		] );
	}
	return new Set();
}

/**
 * Sorts the archive's tables into the parts an import knows; refuses any other table.
 * @param registry
 * @param tables   suffixes listed in the manifest
 */
export function importParts(
	registry: Registry,
	tables: readonly string[]
): ImportParts {
	const modules = Object.entries(
		registry.modules as Record<
			string,
			{ table: string; id_column: string; owner_column: string }
		>
	);
	const parts: ImportParts = {
		options: false,
		users: false,
		usermeta: false,
		modules: [],
		licensing: [],
	};
	for ( const table of tables ) {
		const module = modules.find( ( [ , m ] ) => m.table === table );
		if (
			table === 'options' ||
			table === 'users' ||
			table === 'usermeta'
		) {
			parts[ table ] = true;
		} else if ( module ) {
			parts.modules.push( {
				name: module[ 0 ],
				table,
				idColumn: module[ 1 ].id_column,
				ownerColumn: module[ 1 ].owner_column,
			} );
		} else if ( registry.licensing.tables.includes( table ) ) {
			parts.licensing.push( table );
		} else {
			throw new SyteOpsError( 'syteops_import_table_missing', {
				table,
				part: 'data',
			} );
		}
	}
	return parts;
}

/**
 * Streams one table of the archive: the header, then each row.
 * @param reader
 * @param suffix
 */
export async function* archiveRows(
	reader: ArchiveReader,
	suffix: string
): AsyncGenerator< { header: TableHeader; row: Row } > {
	const path = rowsPath( suffix );
	for await ( const { header, row } of readRows(
		reader.openEntry( path ),
		path
	) ) {
		if ( row ) {
			yield { header, row };
		}
	}
}

/**
 * A row as a column -> value record (small tables only: options and users).
 * @param header
 * @param row
 */
export function rowRecord(
	header: TableHeader,
	row: Row
): Record< string, Row[ number ] > {
	return Object.fromEntries(
		header.columns.map( ( c, i ) => [ c.name, row[ i ] ] )
	);
}
