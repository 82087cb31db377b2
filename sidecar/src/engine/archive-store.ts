/**
 * Where archives live: the storage directory (outside the web root), under random 128-bit names recorded
 * only in the catalog. Paths are built here and nowhere else, from validated names only.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { SyteOpsError } from '../errors';
import type { SnapshotRow } from '../repository/catalog';
import type { SiteContext } from './context';

const ARCHIVE_NAME = /^[0-9a-f]{32}\.zip$/;

export function archivePath( site: SiteContext, row: SnapshotRow ): string {
	if ( ! ARCHIVE_NAME.test( row.archive_name ) ) {
		throw new SyteOpsError( 'syteops_snapshot_not_available', {
			id: row.id,
			status: row.status,
			action: 'read',
		} );
	}
	return path.join( site.config.storageDir, row.archive_name );
}

export async function deleteArchive(
	site: SiteContext,
	row: SnapshotRow
): Promise< void > {
	if ( ! ARCHIVE_NAME.test( row.archive_name ) ) {
		return;
	}
	await fs.rm( path.join( site.config.storageDir, row.archive_name ), {
		force: true,
	} );
}

/**
 * Temp files of writes that never finished (a crash mid-backup): removed at start-up.
 * @param storageDir
 */
export async function removePartialArchives(
	storageDir: string
): Promise< string[] > {
	const removed: string[] = [];
	for ( const name of await fs
		.readdir( storageDir )
		.catch( () => [] as string[] ) ) {
		if ( name.startsWith( '.tmp-' ) ) {
			await fs.rm( path.join( storageDir, name ), { force: true } );
			removed.push( name );
		}
	}
	return removed;
}
