/**
 * The backup audit log: the 50 most recent entries, optionally of one type.
 */

/**
 * Internal dependencies
 */
import { request } from './client';

export type AuditFilter = '' | 'exports' | 'restores' | 'automatic';

export interface AuditEntry {
	id: number;
	created_at: string;
	user_id: number | null;
	actor: 'user' | 'scheduler';
	action: string;
	type: string;
	snapshot_id: string | null;
	change: Record< string, unknown > | null;
}

export async function listAudit(
	filter: AuditFilter
): Promise< { items: AuditEntry[]; total: number } > {
	const params = new URLSearchParams( { page: '1' } );
	if ( filter !== '' ) {
		params.set( 'type', filter );
	}
	const { body, headers } = await request< AuditEntry[] >(
		`/audit?${ params.toString() }`
	);
	return {
		items: body,
		total: Number( headers.get( 'X-WP-Total' ) ?? body.length ),
	};
}
