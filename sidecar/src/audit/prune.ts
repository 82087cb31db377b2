/**
 * Applies the activity-log retention: audit entries older than the site's setting are removed, and so are the
 * catalog rows the sweep kept as `deleted` for that same audit window (their archives are long gone). Runs with
 * the retention sweep, on its cadence. Pruning is not itself audited: it is the log's own housekeeping.
 */
import type { RowDataPacket } from 'mysql2';

import type { SiteContext } from '../engine/context';
import { toSqlTime } from '../repository/sql-time';
import {
	ACTIVITY_LOG_OPTION,
	activityLogCutoff,
	activityLogRetentionDays,
} from './retention';

export interface AuditPruneReport {
	retention_days: number;
	cutoff: string;
	audit_entries_removed: number;
	deleted_snapshots_purged: number;
}

export async function pruneAuditLog(
	site: SiteContext
): Promise< AuditPruneReport > {
	const prefix = site.config.tablePrefix;
	const [ rows ] = await site.pool.query< RowDataPacket[] >(
		`SELECT option_value FROM \`${ prefix }options\` WHERE option_name = ?`,
		[ ACTIVITY_LOG_OPTION ]
	);
	const days = activityLogRetentionDays(
		( rows[ 0 ]?.option_value as string | undefined ) ?? null
	);
	const cutoff = activityLogCutoff( site.now(), days );
	const [ audit ] = await site.pool.query<
		RowDataPacket[] & {
			affectedRows: number;
		}
	>( `DELETE FROM \`${ prefix }syteops_audit\` WHERE created_at < ?`, [
		toSqlTime( cutoff ),
	] );
	// updated_at of a deleted row is when it was deleted: the row leaves once its deletion left the window.
	const [ purged ] = await site.pool.query<
		RowDataPacket[] & {
			affectedRows: number;
		}
	>(
		`DELETE FROM ${ site.catalog.table } WHERE status = 'deleted' AND updated_at < ?`,
		[ toSqlTime( cutoff ) ]
	);
	return {
		retention_days: days,
		cutoff: cutoff.toISOString(),
		audit_entries_removed: audit.affectedRows,
		deleted_snapshots_purged: purged.affectedRows,
	};
}
