/**
 * What the catalog keeps of a manifest (the "manifest summary" column): counts and identity, not the
 * entry list, so listing thousands of snapshots stays cheap.
 */
import type { ManifestLike } from '../archive/manifest';

export function manifestSummary( manifest: ManifestLike ) {
	const rows = manifest.sections.tables.reduce(
		( sum, t ) => sum + t.rows,
		0
	);
	return {
		format_version: manifest.format_version,
		type: manifest.type,
		scope: manifest.scope,
		source: {
			site_id: manifest.source.site_id,
			site_url: manifest.source.site_url,
			table_prefix: manifest.source.table_prefix,
		},
		created_at: manifest.created_at,
		finished_at: manifest.finished_at,
		tables: manifest.sections.tables.length,
		rows,
		users: manifest.sections.users,
		media_files: manifest.sections.media_files,
		theme_files: manifest.sections.theme_files,
		plugin_files: manifest.sections.plugin_files,
		modules: manifest.sections.modules,
		entries: manifest.entries.length,
		secrets_excluded: manifest.secrets_excluded,
		warnings: manifest.warnings,
	};
}
