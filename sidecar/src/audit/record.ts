/**
 * Appends an audit entry for every write. The change shape is redacted (secret-looking keys and known secret
 * values never reach the log), and the table is internal: a restore never rolls it back.
 */
import type { SiteContext } from '../engine/context';
import type { Actor } from '../http/signing';
import { redact } from '../log';
import { secretValues } from '../config';
import { toSqlTime } from '../repository/sql-time';

export type AuditType = 'exports' | 'restores' | 'automatic' | 'other';

/**
 * Which filter of the Backup tab an action shows under. Action names are `<subject>.<verb>`; the subject files
 * them: `export…` (e.g. `export.create`) under exports, `restore…`/`import…` (`restore.start`, `restore.finish`,
 * `import.start`, `import.finish`) under restores, and whatever the scheduler does under automatic. The full
 * list is in docs/rest-api.md (GET /audit).
 * @param action
 * @param byScheduler
 */
export function auditTypeOf( action: string, byScheduler: boolean ): AuditType {
	if ( byScheduler ) {
		return 'automatic';
	}
	if ( action.startsWith( 'export' ) ) {
		return 'exports';
	}
	if ( action.startsWith( 'restore' ) || action.startsWith( 'import' ) ) {
		return 'restores';
	}
	return 'other';
}

export async function recordAudit(
	site: SiteContext,
	actor: Actor | null | undefined,
	action: string,
	detail: { snapshotId?: string | null; change?: unknown } = {}
): Promise< void > {
	const byScheduler = ! actor;
	const change = redact( detail.change ?? {}, secretValues( site.config ) );
	await site.pool.query(
		`INSERT INTO \`${ site.config.tablePrefix }syteops_audit\` (created_at, user_id, actor, action, type, snapshot_id, change_shape) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		[
			toSqlTime( site.now() ),
			actor ? actor.user_id : null,
			byScheduler ? 'scheduler' : 'user',
			action,
			auditTypeOf( action, byScheduler ),
			detail.snapshotId ?? null,
			JSON.stringify( change ),
		]
	);
}
