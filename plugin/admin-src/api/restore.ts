/**
 * Preview, restore and scoped import of a snapshot: the three calls of the restore wizard, shaped once here.
 */

/**
 * Internal dependencies
 */
import { request } from './client';
import type { Snapshot } from './backups';
import type {
	ArchiveScope,
	ImportPlan,
	PreviewDiff,
} from '../lib/restore-summary';

export interface SiteIdentity {
	site_id: string;
	site_url: string;
	table_prefix: string;
}

export interface Preview {
	snapshot_id?: string;
	summary: {
		type: 'full' | 'export' | 'pre-restore' | string;
		scope: ArchiveScope;
		tables: number;
		rows: number;
		users: number;
		media_files: number;
		theme_files: number;
		plugin_files: number;
		modules: Record< string, number >;
		created_at: string;
		secrets_excluded: string[];
		warnings: string[];
	};
	cross_site: boolean;
	source: SiteIdentity & { home_url?: string };
	target: SiteIdentity & { home_url: string };
	url_rewrite: {
		offered: boolean;
		default: boolean;
		from: string;
		to: string;
	};
	diff: PreviewDiff;
	secrets_excluded: string[];
	warnings: string[];
	/** For a scoped export: what importing it would do. */
	import?: ImportPlan | null;
}

export async function getSnapshot( id: string ): Promise< Snapshot > {
	return ( await request< Snapshot >( `/backups/${ id }` ) ).body;
}

export async function previewSnapshot( id: string ): Promise< Preview > {
	return ( await request< Preview >( `/backups/${ id }/preview` ) ).body;
}

/**
 * Starts applying a snapshot: a full restore, or for a scoped export (type `export`) an import that touches
 * only its scope. Only called after the user ticked the confirmation.
 * @param snapshot
 * @param snapshot.id
 * @param snapshot.type
 * @param urlRewrite
 */
export async function applySnapshot(
	snapshot: { id: string; type: string },
	urlRewrite: boolean
): Promise< string > {
	const { body } =
		snapshot.type === 'export'
			? await request< { job_id: string } >( '/imports', {
					method: 'POST',
					data: {
						backup_id: snapshot.id,
						confirm: true,
						url_rewrite: urlRewrite,
					},
				} )
			: await request< { job_id: string } >(
					`/backups/${ snapshot.id }/restore`,
					{
						method: 'POST',
						data: { confirm: true, url_rewrite: urlRewrite },
					}
				);
	return body.job_id;
}
