/**
 * Applies the pure retention policy to the live catalog: expired pins are cleared, and each snapshot the policy
 * removes loses its archive while its catalog row stays as `deleted` (the audit window still needs it). Every
 * change is audited as the scheduler's (actor null).
 */
import { recordAudit } from '../audit/record';
import type { SnapshotRow } from '../repository/catalog';
import { fromSqlTime } from '../repository/sql-time';
import { applyPolicy } from '../schedule/retention-policy';
import type {
	RetentionPolicy,
	RetentionSnapshot,
} from '../schedule/retention-types';
import { deleteSnapshot } from './archive-store';
import type { SiteContext } from './context';

export const NO_RETENTION_POLICY: RetentionPolicy = {
	keep_last: null,
	retention_days: null,
	max_snapshots: null,
};

export interface SweepReport {
	removed: string[];
	unpinned: string[];
	kept: number;
}

export function toRetentionSnapshot( row: SnapshotRow ): RetentionSnapshot {
	return {
		id: row.id,
		taken_at: fromSqlTime( row.taken_at ) as string,
		type: row.type,
		status: row.status,
		retention_until: fromSqlTime( row.retention_until ),
		pinned: Number( row.pinned ) === 1,
		pin_label: row.pin_label,
		pin_expires_at: fromSqlTime( row.pin_expires_at ),
	};
}

export async function sweepRetention(
	site: SiteContext,
	policy: RetentionPolicy
): Promise< SweepReport > {
	const rows = await site.catalog.all( [
		'capturing',
		'available',
		'restoring',
	] );
	const result = applyPolicy(
		rows.map( toRetentionSnapshot ),
		policy,
		site.now()
	);
	const reasons = new Map(
		result.decisions
			.filter( ( d ) => d.action === 'remove' )
			.map( ( d ) => [ d.id, d ] )
	);
	for ( const id of result.unpin ) {
		await site.catalog.setPin( id, false, null, null );
		await recordAudit( site, null, 'snapshot.unpin', {
			snapshotId: id,
			change: {
				before: { pinned: true },
				after: { pinned: false },
				reason: 'pin_expired',
			},
		} );
	}
	const removed: string[] = [];
	for ( const id of result.remove ) {
		// Re-read: a restore or a pin may have started since the catalog was read, and those must win.
		const fresh = await site.catalog.get( id );
		if ( ! fresh || fresh.status !== 'available' || fresh.pinned ) {
			continue;
		}
		await deleteSnapshot( site, fresh );
		const decision = reasons.get( id );
		await recordAudit( site, null, 'snapshot.sweep', {
			snapshotId: id,
			change: {
				before: fresh.status,
				after: 'deleted',
				reason: decision?.reason ?? null,
				message: decision?.message ?? null,
			},
		} );
		removed.push( id );
	}
	return {
		removed,
		unpinned: result.unpin,
		kept: result.keep.length,
	};
}
