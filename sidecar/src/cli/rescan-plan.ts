/**
 * What `rescan` must change so the catalog matches the storage directory. Pure: it gets the archives found
 * on disk (with their parsed manifests) and the catalog rows, and returns the changes.
 *
 * - an archive no row names gets a new `available` row (type from the manifest: export -> export, anything
 *   else -> manual; a row that exists keeps its own type);
 * - an `available` row whose archive file is gone is marked failed (`syteops_archive_file_missing`);
 * - a row failed for that reason whose file is back becomes available again;
 * - an archive whose manifest cannot be read is reported, never catalogued.
 */
import type { ManifestLike } from '../archive/manifest';
import type { SnapshotRow, SnapshotType } from '../repository/catalog';

export interface ArchiveOnDisk {
	name: string;
	size: number;
	manifest: ManifestLike | null;
	/** Why the manifest could not be read (when manifest is null). */
	error?: { code: string; message: string };
}

export interface NewRow {
	name: string;
	size: number;
	manifest: ManifestLike;
	type: SnapshotType;
	scope: string;
	label: string;
	takenAt: Date;
}

export interface RescanPlan {
	add: NewRow[];
	missing: SnapshotRow[];
	returned: {
		row: SnapshotRow;
		archive: ArchiveOnDisk & { manifest: ManifestLike };
	}[];
	unreadable: { name: string; code: string; message: string }[];
	known: number;
}

export const MISSING_CODE = 'syteops_archive_file_missing';

export function scopeOf( manifest: ManifestLike ): string {
	const { kind, name, user_login: login } = manifest.scope;
	return kind === 'full' ? 'full' : `${ kind }:${ name ?? login ?? '' }`;
}

function newRow( archive: ArchiveOnDisk, manifest: ManifestLike ): NewRow {
	const type: SnapshotType = manifest.type === 'export' ? 'export' : 'manual';
	return {
		name: archive.name,
		size: archive.size,
		manifest,
		type,
		scope: scopeOf( manifest ),
		label: `rescanned ${ manifest.type } ${ manifest.created_at.slice(
			0,
			16
		) }`,
		takenAt: new Date( manifest.created_at ),
	};
}

export function planRescan(
	archives: readonly ArchiveOnDisk[],
	rows: readonly SnapshotRow[]
): RescanPlan {
	const onDisk = new Map( archives.map( ( a ) => [ a.name, a ] ) );
	const named = new Set(
		rows.filter( ( r ) => r.archive_name ).map( ( r ) => r.archive_name )
	);
	const plan: RescanPlan = {
		add: [],
		missing: [],
		returned: [],
		unreadable: [],
		known: 0,
	};
	for ( const archive of archives ) {
		if ( named.has( archive.name ) ) {
			plan.known++;
		} else if ( archive.manifest ) {
			plan.add.push( newRow( archive, archive.manifest ) );
		} else {
			plan.unreadable.push( {
				name: archive.name,
				code: archive.error?.code ?? 'syteops_archive_manifest_invalid',
				message: archive.error?.message ?? 'unreadable manifest',
			} );
		}
	}
	for ( const row of rows ) {
		if ( ! row.archive_name ) {
			continue;
		}
		if ( row.status === 'available' && ! onDisk.has( row.archive_name ) ) {
			plan.missing.push( row );
			continue;
		}
		const archive = onDisk.get( row.archive_name );
		if (
			row.status === 'failed' &&
			row.error_code === MISSING_CODE &&
			archive?.manifest
		) {
			plan.returned.push( {
				row,
				archive: { ...archive, manifest: archive.manifest },
			} );
		}
	}
	return plan;
}
