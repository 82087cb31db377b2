/**
 * The audit entry of an import (action `import.finish`, type `restores`): what was written, by counts, and
 * where the users landed. Logins and ids only; never option or meta values.
 */
import type { ImportResult } from './import';

export function importAuditShape( result: ImportResult ) {
	return {
		scope: result.scope,
		cross_site: result.cross_site,
		url_rewrite: result.url_rewrite,
		prefix: result.prefix,
		options_written: result.applied.options_written,
		users_created: result.applied.users_created,
		users_updated: result.applied.users_updated,
		usermeta_rows: result.applied.usermeta_rows,
		module_rows: result.applied.module_rows,
		licensing_rows: result.applied.licensing_rows,
		users: result.applied.users.slice( 0, 50 ),
	};
}
