/**
 * A scoped import: plan (import-plan.ts) then apply in one transaction (import-apply.ts). Runs under the site
 * lock as an exclusive job, so it never meets a backup, restore or another import. Nothing is staged on disk:
 * the archive is read entry by entry, and the database is the only thing written.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { ArchiveReader } from '../../archive/zip-reader';
import type { SnapshotRow } from '../../repository/catalog';
import { archiveFile } from '../archive-store';
import type { SiteContext } from '../context';
import type { JobContext } from '../job-runner';
import { CACHE_FLUSH_MARKER } from '../restore';
import { createRowTransform, type TransformStats } from '../row-transform';
import { applyImport, type AppliedCounts } from './import-apply';
import { planImport, requireExport, type ImportPlan } from './import-plan';
import { catalogScopeOf } from './scope';

export interface ImportResult {
	snapshot_id: string;
	scope: string;
	cross_site: boolean;
	url_rewrite: { from: string; to: string } | null;
	prefix: { from: string; to: string };
	plan: ImportPlan;
	applied: AppliedCounts;
	transform: TransformStats;
}

export async function importSnapshot(
	site: SiteContext,
	row: SnapshotRow,
	options: { urlRewrite: boolean },
	job: JobContext | null
): Promise< ImportResult > {
	job?.progress( 'planning', 0, 1 );
	const reader = await ArchiveReader.open( await archiveFile( site, row ) );
	requireExport( reader.manifest, row.id );
	const detail = await planImport( site, reader, options );
	const { transform, stats } = createRowTransform( {
		sourcePrefix: detail.plan.prefix.from,
		targetPrefix: detail.plan.prefix.to,
		urlRewrite: detail.plan.url_rewrite,
	} );
	const applied = await applyImport( site, reader, detail, transform, job );
	if ( site.config.wpDir ) {
		// Options and user meta changed underneath WordPress: a persistent object cache must be flushed.
		await fs
			.writeFile(
				path.join(
					site.config.wpDir,
					'wp-content',
					CACHE_FLUSH_MARKER
				),
				site.now().toISOString()
			)
			.catch( () => undefined );
	}
	return {
		snapshot_id: row.id,
		scope: catalogScopeOf( reader.manifest.scope ),
		cross_site: detail.plan.cross_site,
		url_rewrite: detail.plan.url_rewrite,
		prefix: detail.plan.prefix,
		plan: detail.plan,
		applied,
		transform: stats,
	};
}
