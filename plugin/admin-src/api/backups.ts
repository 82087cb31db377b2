/**
 * Fetchers of the snapshot catalog, shaped once for the screens.
 */

/**
 * Internal dependencies
 */
import { request } from './client';
import type { ListQuery } from '../lib/list-query';
import { listQueryParams } from '../lib/list-query';

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
	error?: { code: string; message: string } | null;
}

export interface SnapshotPage {
	items: Snapshot[];
	total: number;
	totalPages: number;
}

/**
 * One page of the catalog. Without a query this is the server's default view: the last 60 days, newest first.
 * @param query
 */
export async function listBackups(
	query: Partial< ListQuery > = {}
): Promise< SnapshotPage > {
	const params = listQueryParams( query );
	const { body, headers } = await request< Snapshot[] >(
		`/backups?${ params.toString() }`
	);
	return {
		items: body,
		total: Number( headers.get( 'X-WP-Total' ) ?? body.length ),
		totalPages: Number( headers.get( 'X-WP-TotalPages' ) ?? 1 ),
	};
}

/**
 * Starts a manual backup; the snapshot appears (capturing) once the job has created its row.
 * @param label Optional free text (at most 100 characters) to find it again with the label filter.
 */
export async function createBackup( label = '' ): Promise< string > {
	const trimmed = label.trim();
	const { body } = await request< { job_id: string } >( '/backups', {
		method: 'POST',
		data: trimmed === '' ? {} : { label: trimmed },
	} );
	return body.job_id;
}

export async function deleteBackup( id: string ): Promise< Snapshot > {
	return (
		await request< Snapshot >( `/backups/${ id }`, { method: 'DELETE' } )
	).body;
}

export async function pinBackup(
	id: string,
	pin: { label: string; expiresAt: string | null }
): Promise< Snapshot > {
	const data: Record< string, string > = {};
	if ( pin.label.trim() !== '' ) {
		data.label = pin.label.trim();
	}
	if ( pin.expiresAt ) {
		data.expires_at = pin.expiresAt;
	}
	return (
		await request< Snapshot >( `/backups/${ id }/pin`, {
			method: 'POST',
			data,
		} )
	).body;
}

export async function unpinBackup( id: string ): Promise< Snapshot > {
	return (
		await request< Snapshot >( `/backups/${ id }/pin`, {
			method: 'DELETE',
		} )
	).body;
}

/**
 * Starts a verify; its job's result is the VerifyReport.
 * @param id
 */
export async function verifyBackup( id: string ): Promise< string > {
	const { body } = await request< { job_id: string } >(
		`/backups/${ id }/verify`,
		{ method: 'POST', data: {} }
	);
	return body.job_id;
}

/**
 * Starts a restore of a saved backup; only ever called after the user confirmed.
 * @param id
 */
export async function restoreBackup( id: string ): Promise< string > {
	const { body } = await request< { job_id: string } >(
		`/backups/${ id }/restore`,
		{ method: 'POST', data: { confirm: true } }
	);
	return body.job_id;
}

/**
 * The capability-checked download route as a plain link: a browser link cannot send headers, so the REST
 * nonce rides in the query string (docs/rest-api.md, downloads).
 * @param id
 */
export function downloadUrl( id: string ): string {
	const boot = window.syteopsBackup;
	const root = boot?.restRoot ?? '/wp-json/';
	const url = `${ root }syteops/v1/backups/${ id }/download`;
	const glue = url.includes( '?' ) ? '&' : '?';
	return boot?.restNonce
		? `${ url }${ glue }_wpnonce=${ encodeURIComponent( boot.restNonce ) }`
		: url;
}
