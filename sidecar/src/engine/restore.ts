/**
 * Restore of a full snapshot through staging and an atomic swap, never table by table over the live site:
 *
 *   1. pre-restore snapshot of the live site (manual, `pre-restore-YYYY-MM-DD-HHMM`, 30 days; kept even if the
 *      restore is aborted);
 *   2. every table loaded into `<prefix>syteops_stg_*` (rows transformed: prefix keys, optional URL rewrite) and
 *      its read-back digest compared with the manifest; wp-content extracted into a staging directory;
 *   3. files swapped directory by directory, then ONE `RENAME TABLE` swaps every table: the commit point;
 *   4. the live tables are checked against the loaded digests; on mismatch both swaps are rolled back;
 *   5. file old trees deleted, then old tables dropped (so "old tables exist" means "swapped, not finalized").
 * The destination's own secrets, license record, settings, catalog, jobs and audit log are internal: never in
 * an archive, never overwritten; the SyteOps Backup plugin's own files are never replaced. The post-restore
 * license lock is written into the staged options table, so it goes live in the same RENAME as the restored
 * data (a crash can never leave a restored but unlocked site) and disappears with a rollback.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import type { Manifest } from '../archive/manifest';
import { ArchiveReader } from '../archive/zip-reader';
import { tableDigest } from '../db/checksum';
import { loadIntoStaging } from '../db/load';
import { withConnection } from '../db/session';
import {
	cleanupLeftovers,
	dropOldTables,
	rollbackSwap,
	swapInStaging,
	type SwapResult,
} from '../db/swap';
import { SyteOpsError } from '../errors';
import type { SnapshotRow } from '../repository/catalog';
import { archiveFile } from './archive-store';
import { takeFullBackup } from './backup';
import type { SiteContext } from './context';
import {
	cleanupFileLeftovers,
	createStagingDir,
	extractContentToStaging,
	swapContent,
	type SwapHandle,
} from './files';
import type { JobContext } from './job-runner';
import { loadRegistry } from './registry';
import {
	clearRestoreState,
	writeRestoreState,
	type RestorePhase,
} from './restore-state';
import { internalOptionsFilter } from '../db/dump';
import { createRowTransform, type TransformStats } from './row-transform';
import { sourceSite } from './site-info';
import { ChecklistCollector, type PostRestoreChecklist } from './checklist';
import { LOCK_OPTION, restoreLockValue } from '../license/lock';
import { writeOption } from '../repository/options';
import { stagingTableName } from '../db/names';

export interface RestoreOptions {
	urlRewrite: boolean;
	userId: number | null;
}

export interface RestoreResult {
	snapshot_id: string;
	pre_restore_snapshot_id: string;
	cross_site: boolean;
	url_rewrite: { from: string; to: string } | null;
	transform: TransformStats;
	tables: number;
	rows: number;
	files: number;
	skipped_symlinks: number;
	verification: { ok: boolean; tables_checked: number; mismatches: string[] };
	/** Set inside the restore's commit: encrypted-package operations wait for a license re-check. */
	license_locked: boolean;
	/** What to do now that the restore is done (docs/rest-api.md, "The post-restore checklist"). */
	checklist: PostRestoreChecklist;
}

/** A file marker the plugin watches (on `init`) to flush a persistent object cache after a restore. */
export const CACHE_FLUSH_MARKER = '.syteops-flush-object-cache';

function preRestoreLabel( now: Date ): string {
	const iso = now.toISOString();
	return `pre-restore-${ iso.slice( 0, 10 ) }-${ iso.slice( 11, 13 ) }${ iso.slice( 14, 16 ) }`;
}

export async function restoreSnapshot(
	site: SiteContext,
	row: SnapshotRow,
	options: RestoreOptions,
	job: JobContext | null,
	onStarted: ( preRestoreSnapshotId: string ) => Promise< void > = async () =>
		undefined
): Promise< RestoreResult > {
	if ( row.scope !== 'full' ) {
		// A scoped export is imported, never restored: refuse before the pre-restore snapshot is taken.
		throw new SyteOpsError( 'syteops_restore_scope', {
			id: row.id,
			scope: row.scope,
		} );
	}
	job?.progress( 'pre-restore snapshot', 0, 1 );
	const pre = await takeFullBackup(
		site,
		{
			type: 'manual',
			label: preRestoreLabel( site.now() ),
			userId: options.userId,
			retentionDays: 30,
		},
		null
	);
	await site.catalog.setStatus( row.id, 'restoring' );
	await onStarted( pre.snapshot_id );
	try {
		return {
			...( await applySnapshot( site, row, options, job ) ),
			pre_restore_snapshot_id: pre.snapshot_id,
		};
	} finally {
		await site.catalog.setStatus( row.id, 'available' );
	}
}

async function applySnapshot(
	site: SiteContext,
	row: SnapshotRow,
	options: RestoreOptions,
	job: JobContext | null
): Promise< Omit< RestoreResult, 'pre_restore_snapshot_id' > > {
	const reader = await ArchiveReader.open( await archiveFile( site, row ) );
	const manifest = reader.manifest;
	if ( manifest.scope.kind !== 'full' ) {
		throw new SyteOpsError( 'syteops_restore_scope', {
			id: row.id,
			scope: manifest.scope.kind,
		} );
	}
	const registry = await loadRegistry( site.pool, site.config.tablePrefix );
	const target = await sourceSite( site );
	const crossSite =
		manifest.source.site_id !== target.site_id ||
		manifest.source.site_url !== target.site_url;
	const rewrite =
		options.urlRewrite && manifest.source.site_url !== target.site_url
			? { from: manifest.source.site_url, to: target.site_url }
			: null;
	const { transform, stats } = createRowTransform( {
		sourcePrefix: manifest.source.table_prefix,
		targetPrefix: site.config.tablePrefix,
		urlRewrite: rewrite,
	} );
	const collector = new ChecklistCollector( manifest );
	const suffixes = manifest.sections.tables.map( ( t ) => t.name );
	const totalRows = manifest.sections.tables.reduce(
		( sum, t ) => sum + t.rows,
		0
	);

	const storage = site.config.storageDir;
	const mark = (
		phase: RestorePhase,
		swapResult: SwapResult | null = null
	) =>
		writeRestoreState( storage, {
			phase,
			snapshot_id: row.id,
			swap: swapResult,
			updated_at: site.now().toISOString(),
		} );
	await cleanupLeftovers( site.pool, site.config.tablePrefix );
	await mark( 'staging' );
	let doneBefore = 0;
	const loaded = await loadIntoStaging( site.pool, reader, {
		prefix: site.config.tablePrefix,
		tables: suffixes,
		registry,
		transformRow: ( suffix, header, values ) => {
			collector.observe( suffix, header, values );
			return transform( suffix, header, values );
		},
		onProgress: ( p ) =>
			job?.progress(
				'loading tables',
				doneBefore + p.rowsDone,
				totalRows
			),
	} );
	doneBefore = totalRows;
	checkLoadedAgainstManifest(
		manifest,
		loaded.tables,
		Boolean( rewrite ) ||
			manifest.source.table_prefix !== site.config.tablePrefix
	);
	// Built before anything live changes, so a failure here leaves the site as it was.
	const checklist = await collector.build( {
		kind: 'full_restore',
		target: { site_id: target.site_id, site_url: target.site_url },
		urlRewrite: rewrite,
		pool: site.pool,
		prefix: site.config.tablePrefix,
		usersTable: suffixes.includes( 'users' )
			? stagingTableName( site.config.tablePrefix, 'users' )
			: `${ site.config.tablePrefix }users`,
		registry,
	} );
	const lock = {
		name: LOCK_OPTION,
		value: restoreLockValue( row.id, site.now() ),
	};
	if ( ! suffixes.includes( 'options' ) ) {
		// No options table to carry the lock through the swap: lock first (fail-safe), the swap follows.
		await writeOption(
			site.pool,
			site.config.tablePrefix,
			lock.name,
			lock.value
		);
	}

	const wpContent = site.config.wpDir
		? path.join( site.config.wpDir, 'wp-content' )
		: null;
	let files: SwapHandle | null = null;
	let extracted = { files: 0, skipped: 0 };
	if ( wpContent ) {
		await cleanupFileLeftovers( wpContent );
		const staging = await createStagingDir( wpContent );
		const result = await extractContentToStaging( reader, staging, {
			symlinks: manifest.files?.symlinks ?? [],
			directories: manifest.files?.directories ?? [],
			wpContentDir: wpContent,
			onProgress: ( p ) =>
				job?.progress(
					'extracting files',
					p.filesDone,
					manifest.sections.media_files +
						manifest.sections.theme_files +
						manifest.sections.plugin_files
				),
		} );
		extracted = {
			files: result.files,
			skipped: result.skippedSymlinks.length,
		};
		job?.progress( 'swapping', 0, 1 );
		await mark( 'files-swapped' );
		files = await swapContent( wpContent, staging );
	}

	let swap: SwapResult;
	try {
		await writeRestoreState( storage, {
			phase: 'db-swapping',
			snapshot_id: row.id,
			swap: null,
			suffixes,
			updated_at: site.now().toISOString(),
		} );
		swap = await swapInStaging( site.pool, {
			prefix: site.config.tablePrefix,
			suffixes,
			preserveOptionNames: registry.internal.options,
			registry,
			setOptions: [ lock ],
		} );
		await mark( 'db-swapped', swap );
	} catch ( error ) {
		await files?.rollback();
		await cleanupLeftovers( site.pool, site.config.tablePrefix );
		await clearRestoreState( storage );
		throw error;
	}

	job?.progress( 'verifying', 0, suffixes.length );
	const mismatches: string[] = [];
	for ( const [ i, table ] of loaded.tables.entries() ) {
		// Live options also hold the preserved internal rows; digest it as the dump did, without them.
		const live = await withConnection(
			site.pool,
			'verifying the restored tables',
			( conn ) =>
				tableDigest(
					conn,
					`${ site.config.tablePrefix }${ table.name }`,
					{
						headerName: table.name,
						...( table.name === 'options'
							? { filter: internalOptionsFilter( registry ) }
							: {} ),
					}
				)
		);
		if ( live.rows !== table.rows || live.sha256 !== table.sha256 ) {
			mismatches.push( table.name );
		}
		job?.progress( 'verifying', i + 1, suffixes.length );
	}
	if ( mismatches.length ) {
		await rollbackSwap( site.pool, swap );
		await files?.rollback();
		await cleanupLeftovers( site.pool, site.config.tablePrefix );
		await clearRestoreState( storage );
		throw new SyteOpsError( 'syteops_restore_verification_failed', {
			tables: mismatches.join( ', ' ),
		} );
	}
	await files?.commit();
	await mark( 'files-committed', swap );
	await dropOldTables( site.pool, swap );
	await clearRestoreState( storage );
	if ( wpContent ) {
		await fs
			.writeFile(
				path.join( wpContent, CACHE_FLUSH_MARKER ),
				site.now().toISOString()
			)
			.catch( () => undefined );
	}
	return {
		snapshot_id: row.id,
		cross_site: crossSite,
		url_rewrite: rewrite,
		transform: stats,
		tables: suffixes.length,
		rows: totalRows,
		files: extracted.files,
		skipped_symlinks: extracted.skipped,
		verification: {
			ok: true,
			tables_checked: loaded.tables.length,
			mismatches,
		},
		license_locked: true,
		checklist,
	};
}

/**
 * Without any transformation the staged tables must hash exactly as they were dumped.
 * @param manifest
 * @param loaded
 * @param transformed
 */
function checkLoadedAgainstManifest(
	manifest: Manifest,
	loaded: { name: string; rows: number; sha256: string }[],
	transformed: boolean
): void {
	for ( const table of manifest.sections.tables ) {
		const got = loaded.find( ( t ) => t.name === table.name );
		if (
			! got ||
			got.rows !== table.rows ||
			( ! transformed && table.sha256 && got.sha256 !== table.sha256 )
		) {
			throw new SyteOpsError( 'syteops_restore_verification_failed', {
				tables: table.name,
			} );
		}
	}
}
