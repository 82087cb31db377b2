/**
 * `<snapshot-id | archive.zip>`: a catalog id is 32 hex digits; anything ending in .zip or holding a `/`
 * is a file. Classification is pure; resolving a snapshot reads the catalog.
 */
import { archiveFile } from '../engine/archive-store';
import type { SiteContext } from '../engine/context';
import { SyteOpsError } from '../errors';
import type { SnapshotRow } from '../repository/catalog';
import { usageError } from './args';

export type Target =
	{ kind: 'snapshot'; id: string } | { kind: 'file'; path: string };

const SNAPSHOT_ID = /^[0-9a-f]{32}$/;

export function classifyTarget( arg: string ): Target {
	if ( SNAPSHOT_ID.test( arg ) ) {
		return { kind: 'snapshot', id: arg };
	}
	if ( /\.zip$/i.test( arg ) || arg.includes( '/' ) ) {
		return { kind: 'file', path: arg };
	}
	throw usageError(
		'target',
		'expected a snapshot id (32 hex digits) or the path of an archive (.zip)'
	);
}

/**
 * The catalog row of an available snapshot and its archive's path.
 * @param site
 * @param id
 * @param action what the caller will do, for the error message ("verified", "restored", ...)
 */
export async function availableSnapshot(
	site: SiteContext,
	id: string,
	action: string
): Promise< { row: SnapshotRow; path: string } > {
	const row = await site.catalog.get( id );
	if ( ! row ) {
		throw new SyteOpsError( 'syteops_snapshot_not_found', { id } );
	}
	if ( row.status !== 'available' ) {
		throw new SyteOpsError( 'syteops_snapshot_not_available', {
			id,
			status: row.status,
			action,
		} );
	}
	return { row, path: await archiveFile( site, row ) };
}
