/**
 * Fetchers of the snapshot catalog, shaped once for the screens.
 */

/**
 * Internal dependencies
 */
import { request } from './client';

export interface Snapshot {
	id: string;
	taken_at: string;
	type: 'manual' | 'scheduled' | 'uploaded' | 'export';
	scope: string;
	status: 'capturing' | 'available' | 'restoring' | 'deleted' | 'failed';
	size_bytes: number;
	retention_until: string | null;
	pinned: boolean;
	pin_label: string | null;
	pin_expires_at: string | null;
	label: string;
}

export interface SnapshotPage {
	items: Snapshot[];
	total: number;
	totalPages: number;
}

export async function listBackups(
	query: { page?: number; perPage?: number } = {}
): Promise< SnapshotPage > {
	const params = new URLSearchParams( {
		page: String( query.page ?? 1 ),
		per_page: String( query.perPage ?? 20 ),
	} );
	const { body, headers } = await request< Snapshot[] >(
		`/backups?${ params.toString() }`
	);
	return {
		items: body,
		total: Number( headers.get( 'X-WP-Total' ) ?? body.length ),
		totalPages: Number( headers.get( 'X-WP-TotalPages' ) ?? 1 ),
	};
}
