/**
 * Where archives live, through the StorageTarget interface. New archives go to the site's configured storage
 * target (the schedule's `storage.path`; the sidecar's storage directory until one is saved). An archive is
 * found again by its random 128-bit name in the configured target, then in the targets configured before it
 * (kept in the settings as `storage_history`) and the sidecar's storage directory, so changing the path never
 * strands an older archive and nothing has to be moved. Paths are built by the targets, from validated names.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { SyteOpsError } from '../errors';
import type { SnapshotRow } from '../repository/catalog';
import type { BackupSettings } from '../repository/settings-store';
import { LocalTarget } from '../repository/storage/local-target';
import { ARCHIVE_NAME_PATTERN } from '../repository/storage/target';
import type { SiteContext } from './context';

/**
 * The directory new archives are written to.
 * @param site
 * @param settings
 */
export function configuredDirectory(
	site: SiteContext,
	settings: BackupSettings
): string {
	const storage = ( settings.schedule as { storage?: unknown } | null )
		?.storage as
		{ type?: unknown; path?: unknown; is_default?: unknown } | undefined;
	return storage?.type === 'local' &&
		// Only a path chosen on purpose; older saves (no flag) named the storage directory, the only one allowed.
		storage.is_default === false &&
		typeof storage.path === 'string' &&
		path.isAbsolute( storage.path )
		? storage.path
		: site.config.storageDir;
}

/**
 * Every directory that may hold an archive of this site, the configured one first.
 * @param site
 */
export async function knownDirectories(
	site: SiteContext
): Promise< string[] > {
	const settings = await site.settings.get();
	return [
		...new Set( [
			configuredDirectory( site, settings ),
			site.config.storageDir,
			...( Array.isArray( settings.storage_history )
				? settings.storage_history.filter(
						( dir ): dir is string =>
							typeof dir === 'string' && path.isAbsolute( dir )
					)
				: [] ),
		] ),
	];
}

/**
 * The configured target, checked writable now: where a new archive goes.
 * @param site
 */
export async function writeTarget( site: SiteContext ): Promise< LocalTarget > {
	return LocalTarget.open(
		configuredDirectory( site, await site.settings.get() )
	);
}

function nameOf( row: SnapshotRow ): string {
	if ( ! ARCHIVE_NAME_PATTERN.test( row.archive_name ) ) {
		throw new SyteOpsError( 'syteops_snapshot_not_available', {
			id: row.id,
			status: row.status,
			action: 'read',
		} );
	}
	return row.archive_name;
}

/**
 * The target holding a snapshot's archive (syteops_archive_not_found when no known target has it).
 * @param site
 * @param row
 */
export async function archiveTarget(
	site: SiteContext,
	row: SnapshotRow
): Promise< LocalTarget > {
	const name = nameOf( row );
	for ( const directory of await knownDirectories( site ) ) {
		const target = LocalTarget.at( directory );
		if ( await target.stat( name ).catch( () => null ) ) {
			return target;
		}
	}
	throw new SyteOpsError( 'syteops_archive_not_found', { name } );
}

/**
 * A local file of the archive, for the readers that need random access (verify, preview, restore). Local
 * targets hand out the file itself; a remote target would need a scratch copy first, and has none yet.
 * @param site
 * @param row
 */
export async function archiveFile(
	site: SiteContext,
	row: SnapshotRow
): Promise< string > {
	const target = await archiveTarget( site, row );
	const file = target.localPath( nameOf( row ) );
	if ( file === null ) {
		throw new SyteOpsError( 'syteops_storage_coming_soon', {
			field: 'storage.type',
			target: target.kind,
		} );
	}
	return file;
}

/**
 * Removes a snapshot's archive wherever it is; an archive already gone is not an error (a sweep can re-run).
 * @param site
 * @param row
 */
export async function deleteArchive(
	site: SiteContext,
	row: SnapshotRow
): Promise< void > {
	if ( ! ARCHIVE_NAME_PATTERN.test( row.archive_name ) ) {
		return;
	}
	for ( const directory of await knownDirectories( site ) ) {
		await LocalTarget.at( directory ).delete( row.archive_name );
	}
}

/**
 * Deletes a snapshot: the catalog row first, then its archive (see Catalog.markDeleted for the order).
 * @param site
 * @param row
 */
export async function deleteSnapshot(
	site: SiteContext,
	row: SnapshotRow
): Promise< void > {
	await site.catalog.markDeleted( row.id );
	await deleteArchive( site, row );
}

/**
 * Removes the archives still on disk of the rows in one status; returns how many were found. The known
 * directories are read once for all rows: the catalog keeps every deleted row, and looking them up again for
 * each (a settings query per lookup) was start-up work growing with the site's history.
 * @param site
 * @param status
 */
async function removeArchivesOfRows(
	site: SiteContext,
	status: 'deleted' | 'capturing'
): Promise< number > {
	const targets = ( await knownDirectories( site ) ).map( ( directory ) =>
		LocalTarget.at( directory )
	);
	let found = 0;
	for ( const row of await site.catalog.all( [ status ] ) ) {
		const name = row.archive_name;
		if ( ! ARCHIVE_NAME_PATTERN.test( name ) ) {
			continue;
		}
		let onDisk = false;
		for ( const target of targets ) {
			onDisk ||=
				( await target.stat( name ).catch( () => null ) ) !== null;
		}
		if ( onDisk ) {
			found++;
			for ( const target of targets ) {
				await target.delete( name );
			}
		}
	}
	return found;
}

/**
 * Archives of deleted snapshots still on disk (a kill between marking a row deleted and removing its file):
 * removed at start-up.
 * @param site
 */
export function removeDeletedArchives( site: SiteContext ): Promise< number > {
	return removeArchivesOfRows( site, 'deleted' );
}

/**
 * Archives of captures a crash interrupted: a row still `capturing` at start-up that already names its
 * archive (claimed before publishing) may have a complete file under that name, published just before the
 * process died. Recovery fails the capture right after, so its archive goes first.
 * @param site
 */
export function removeInterruptedArchives(
	site: SiteContext
): Promise< number > {
	return removeArchivesOfRows( site, 'capturing' );
}

/**
 * Temp files of writes that never finished (a crash mid-backup): removed at start-up from every known target.
 * @param directories
 */
export async function removePartialArchives(
	directories: string[]
): Promise< string[] > {
	const removed: string[] = [];
	for ( const directory of directories ) {
		for ( const name of await fs
			.readdir( directory )
			.catch( () => [] as string[] ) ) {
			if ( name.startsWith( '.tmp-' ) ) {
				await fs.rm( path.join( directory, name ), { force: true } );
				removed.push( name );
			}
		}
	}
	return removed;
}
