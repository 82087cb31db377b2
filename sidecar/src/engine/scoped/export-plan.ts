/**
 * What each export scope carries, as table selections (a table suffix, the rows to keep, sometimes a
 * subset of columns). Pure: the engine runs the selections inside one consistent snapshot.
 *
 *   master  every tab's options, the variable sets, the WordPress roles option, every user with their meta,
 *           every module table, the licensing tables
 *   tab     the tab's options (from the registry)
 *   module  the module table, plus the identity (id, login, email, display name) of each owner it names,
 *           so an import can find the same people on the target
 *   user    the user row, all their meta, their rows in every module table
 *
 * Never carried: the registry's internal options and tables, the secrets table, and the credential meta
 * WordPress keeps per user (session tokens, application passwords).
 */
import type { RowFilter } from '../../db/columns';
import type { Registry } from '../registry';
import type { ExportScope } from './scope';
import { tabNames, tabOptions } from './scope';

/** Per-user meta that are credentials, not card data: never exported, never overwritten by an import. */
export const CREDENTIAL_META_KEYS = [
	'session_tokens',
	'_application_passwords',
] as const;

/** The columns of `users` a module export carries for each owner. */
export const OWNER_IDENTITY_COLUMNS = [
	'ID',
	'user_login',
	'user_email',
	'display_name',
] as const;

export interface Selection {
	/** Table suffix (name without the site prefix). */
	suffix: string;
	/** Every filter must hold (AND). A filter's column must exist, or the export fails. */
	filters: RowFilter[];
	/** Keep only these columns (in table order); all when absent. */
	columns?: readonly string[];
	/** Keep only rows whose `column` is an owner named in `from.table`.`from.column` (read in the snapshot). */
	ownersOf?: { table: string; column: string; idColumn: string }[];
}

function modules( registry: Registry ) {
	return Object.entries(
		registry.modules as Record<
			string,
			{ table: string; id_column: string; owner_column: string }
		>
	);
}

const NOT_CREDENTIALS: RowFilter = {
	column: 'meta_key',
	notIn: CREDENTIAL_META_KEYS,
};

/**
 * The selections of one scope, in the order they are written.
 * @param registry
 * @param scope
 * @param prefix   the site's table prefix (the WordPress roles option is `<prefix>user_roles`)
 */
export function exportSelections(
	registry: Registry,
	scope: ExportScope,
	prefix: string
): Selection[] {
	switch ( scope.kind ) {
		case 'tab':
			return [
				{
					suffix: 'options',
					filters: [
						{
							column: 'option_name',
							in: tabOptions( registry, scope.name ),
						},
					],
				},
			];
		case 'module': {
			const module = ( registry.modules as Record< string, Module > )[
				scope.name
			];
			return [
				{
					suffix: 'users',
					filters: [],
					columns: OWNER_IDENTITY_COLUMNS,
					ownersOf: [
						{
							table: module.table,
							column: module.owner_column,
							idColumn: 'ID',
						},
					],
				},
				{ suffix: module.table, filters: [] },
			];
		}
		case 'user':
			return [
				{
					suffix: 'users',
					filters: [ { column: 'ID', in: [ scope.userId ] } ],
				},
				{
					suffix: 'usermeta',
					filters: [
						{ column: 'user_id', in: [ scope.userId ] },
						NOT_CREDENTIALS,
					],
				},
				...modules( registry ).map( ( [ , module ] ) => ( {
					suffix: module.table,
					filters: [
						{ column: module.owner_column, in: [ scope.userId ] },
					],
				} ) ),
			];
		case 'master':
			return [
				{
					suffix: 'options',
					filters: [
						{
							column: 'option_name',
							in: [
								...tabNames( registry ).flatMap( ( tab ) =>
									tabOptions( registry, tab )
								),
								`${ prefix }user_roles`,
							],
						},
					],
				},
				{ suffix: 'users', filters: [] },
				{ suffix: 'usermeta', filters: [ NOT_CREDENTIALS ] },
				...modules( registry ).map( ( [ , module ] ) => ( {
					suffix: module.table,
					filters: [],
				} ) ),
				...registry.licensing.tables.map( ( table ) => ( {
					suffix: table,
					filters: [],
				} ) ),
			];
	}
}

interface Module {
	table: string;
	id_column: string;
	owner_column: string;
}
