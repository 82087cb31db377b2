/**
 * Restore of a full snapshot through staging and an atomic swap, never table by table over the live site:
 *
 *   1. pre-restore snapshot of the live site (manual, `pre-restore-YYYY-MM-DD-HHMM`, 30 days; kept even if the
 *      restore is aborted);
 *   2. every table loaded into `<prefix>syteops_stg_*` (rows transformed: prefix keys, optional URL rewrite) and
 *      its read-back digest compared with the manifest, except the tables step 1 found to be the archive's
 *      already (kept-tables.ts); wp-content extracted into a staging directory. Steps 1 and 2 run at once (none
 *      changes the live site), and step 3 waits for all of them;
 *   3. files swapped directory by directory, then ONE `RENAME TABLE` swaps every loaded table (the kept ones are
 *      locked for reading, checked unchanged, until it is done): the commit point;
 *   4. the live tables are checked: each is the staged table (same InnoDB table id) or its live digest equals
 *      the loaded one; on mismatch both swaps are rolled back;
 *   5. the commit recorded, then file old trees deleted and old tables dropped (so "old tables exist" means
 *      "swapped, not finalized").
 * The destination's own secrets, license record, settings, catalog, jobs and audit log are internal: never in
 * an archive, never overwritten; the SyteOps Backup plugin's own files are never replaced. The post-restore
 * license lock is written into the staged options table, so it goes live in the same RENAME as the restored
 * data (a crash can never leave a restored but unlocked site) and disappears with a rollback.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { ArchiveDeflatedReuse } from '../archive/deflated-reuse';
import type { ManifestWithoutEntries } from '../archive/manifest';
import { ArchiveReader } from '../archive/zip-reader';
import { tableDigest } from '../db/checksum';
import { LOAD_LANES, loadIntoStaging, type LoadedTable } from '../db/load';
import { lockAndChecksum, type ReadLock } from '../db/table-guard';
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
import { LiveDigests } from './files/live-digests';
import { collectGarbageNow } from '../memory-budget';
import type { JobContext } from './job-runner';
import { loadRegistry, type Registry } from './registry';
import {
	clearRestoreState,
	writeRestoreState,
	type RestorePhase,
} from './restore-state';
import { internalOptionsFilter } from '../db/dump';
import { changesNoRow, KeptTables } from './kept-tables';
import { loadOnWorker } from './load-on-worker';
import type { RowTransformOptions, TransformStats } from './row-transform';
import { isCrossSite, sourceSite, urlRewriteFor } from './site-info';
import { ChecklistCollector, type PostRestoreChecklist } from './checklist';
import { LOCK_OPTION, restoreLockValue } from '../license/lock';
import { writeOption } from '../repository/options';
import { stagingTableName } from '../db/names';
import { rowsPath, schemaPath } from '../db/schema-sql';
import { innodbTableIds, tablesToDigest } from '../db/table-identity';

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
	/** Of `files`, those the live site already held byte for byte: linked into staging, not rewritten. */
	files_unchanged: number;
	skipped_symlinks: number;
	/**
	 * After the swap, each restored table is proven to be the staged table whose read-back digest matched
	 * the archive: by its InnoDB table id (RENAME keeps it) or, when that cannot be shown (another engine,
	 * the options table the swap writes), by digesting its live rows again (`tables_digested`).
	 */
	verification: {
		ok: boolean;
		tables_checked: number;
		tables_digested: number;
		/**
		 * Tables not loaded: the pre-restore snapshot found the live table equal to the archive's, rows and
		 * schema, and it did not change until the swap (kept-tables.ts).
		 */
		tables_kept: number;
		mismatches: string[];
	};
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
	// The snapshot reads every live file; the extraction then links those it holds unchanged without
	// reading them again. Date.now(), not site.now(): compared with file times, which are wall-clock times.
	const liveDigests = new LiveDigests( Date.now() );
	// And the snapshot writes a file or a table the archive being restored holds byte for byte with that
	// entry's deflated bytes instead of deflating it again (deflated-reuse.ts, stored-reuse.ts).
	const reusable = new ArchiveDeflatedReuse();
	// The archive is opened before the snapshot starts (0.3-0.6 s for a 27,500-entry archive on its own;
	// 1.9 s while the snapshot shared this thread, so the load waited and the largest table was dumped
	// before the archive could be offered). A failure to open still waits for the snapshot, as any failure.
	const planned = archiveFile( site, row )
		.then( ( file ) => ArchiveReader.open( file ) )
		.then( ( reader ) => {
			reusable.attach( reader );
			return planRestore( site, row, reader, options );
		} );
	await planned.catch( () => undefined ); // a failure is thrown by applySnapshot
	// And a live table the snapshot finds equal to the archive's is not loaded (kept-tables.ts).
	const kept = new KeptTables(
		planned
			.then( ( plan ) => ( {
				reader: plan.reader,
				transform: plan.transformOptions,
			} ) )
			.catch( () => null )
	);
	const waiting = await kept.guess( site.pool, site.config.tablePrefix );
	// The pre-restore snapshot only reads the live site and staging only writes working tables and a
	// staging directory, so both run at once (two cores, two connections); nothing live changes until
	// the snapshot is complete (see applySnapshot).
	const pre = takeFullBackup(
		site,
		{
			type: 'manual',
			label: preRestoreLabel( site.now() ),
			userId: options.userId,
			retentionDays: 30,
			liveDigests,
			reusable,
			onTableRead: ( read ) => kept.consider( read ),
			onTablesDone: ( read ) => ( read ? kept.settle() : kept.abandon() ),
		},
		null
	);
	pre.catch( () => undefined ); // awaited below on every path
	try {
		await site.catalog.setStatus( row.id, 'restoring' );
		const started = pre.then( async ( snapshot ) => {
			await onStarted( snapshot.snapshot_id );
			return snapshot.snapshot_id;
		} );
		started.catch( () => undefined );
		const result = await applySnapshot(
			site,
			row,
			planned,
			job,
			started,
			liveDigests,
			kept,
			waiting
		);
		return {
			...result,
			pre_restore_snapshot_id: ( await pre ).snapshot_id,
		};
	} catch ( error ) {
		// The snapshot is kept even if the restore is aborted, and never left running behind the job.
		await pre.catch( () => undefined );
		throw error;
	} finally {
		reusable.close(); // the snapshot has settled on both paths above
		await site.catalog.setStatus( row.id, 'available' );
	}
}

/**
 * Runs the staging steps at once and waits for all of them; if any failed, removes what staging made
 * (working tables, staging directory, state file) and throws the first failure in the order given
 * (the pre-restore snapshot first: without it the live site must not change).
 * @param site
 * @param steps
 */
async function stageAll< T extends readonly unknown[] >(
	site: SiteContext,
	steps: { [ K in keyof T ]: Promise< T[ K ] > }
): Promise< T > {
	const settled = await Promise.allSettled( steps );
	const failure = settled.find(
		( result ): result is PromiseRejectedResult =>
			result.status === 'rejected'
	);
	if ( ! failure ) {
		return settled.map(
			( result ) => ( result as PromiseFulfilledResult< unknown > ).value
		) as unknown as T;
	}
	await discardStaging( site );
	throw failure.reason;
}

/**
 * Removes what staging made (working tables, staging directory, state file) before anything live changed.
 * @param site
 */
async function discardStaging( site: SiteContext ): Promise< void > {
	await cleanupLeftovers( site.pool, site.config.tablePrefix );
	if ( site.config.wpDir ) {
		await cleanupFileLeftovers(
			path.join( site.config.wpDir, 'wp-content' )
		).catch( () => undefined );
	}
	await clearRestoreState( site.config.storageDir );
}

/** What a restore settles once its archive is open, before the snapshot starts. */
interface RestorePlan {
	reader: ArchiveReader;
	registry: Registry;
	target: Awaited< ReturnType< typeof sourceSite > >;
	crossSite: boolean;
	rewrite: { from: string; to: string } | null;
	transformOptions: RowTransformOptions;
}

async function planRestore(
	site: SiteContext,
	row: SnapshotRow,
	reader: ArchiveReader,
	options: RestoreOptions
): Promise< RestorePlan > {
	const manifest = reader.manifest;
	if ( manifest.scope.kind !== 'full' ) {
		throw new SyteOpsError( 'syteops_restore_scope', {
			id: row.id,
			scope: manifest.scope.kind,
		} );
	}
	const registry = await loadRegistry( site.pool, site.config.tablePrefix );
	const target = await sourceSite( site );
	const rewrite = urlRewriteFor(
		manifest.source,
		target,
		options.urlRewrite
	);
	return {
		reader,
		registry,
		target,
		crossSite: isCrossSite( manifest.source, target ),
		rewrite,
		transformOptions: {
			sourcePrefix: manifest.source.table_prefix,
			targetPrefix: site.config.tablePrefix,
			urlRewrite: rewrite,
		},
	};
}

async function applySnapshot(
	site: SiteContext,
	row: SnapshotRow,
	planned: Promise< RestorePlan >,
	job: JobContext | null,
	preRestore: Promise< string >,
	liveDigests: LiveDigests,
	kept: KeptTables,
	waiting: string[]
): Promise< Omit< RestoreResult, 'pre_restore_snapshot_id' > > {
	const { reader, registry, rewrite, transformOptions } = await planned;
	const manifest = reader.manifest;
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
	const wpContent = site.config.wpDir
		? path.join( site.config.wpDir, 'wp-content' )
		: null;
	if ( wpContent ) {
		await cleanupFileLeftovers( wpContent );
	}
	await mark( 'staging' );
	// On a worker thread: this thread takes the pre-restore snapshot and extracts the files meanwhile.
	let rowsDone = 0;
	const tableRowsDone = new Map< string, number >();
	const loadTables = async () => {
		const load = loadOnWorker(
			{
				entries: reader.subset(
					suffixes.flatMap( ( suffix ) => [
						schemaPath( suffix ),
						rowsPath( suffix ),
					] )
				),
				db: site.config.db,
				prefix: site.config.tablePrefix,
				tables: suffixes,
				registry,
				transform: transformOptions,
				sourceSiteUrl: manifest.source.site_url,
				waiting,
			},
			( p ) => {
				// Two tables load at once, each reporting its own count.
				rowsDone += p.rowsDone - ( tableRowsDone.get( p.table ) ?? 0 );
				tableRowsDone.set( p.table, p.rowsDone );
				job?.progress( 'loading tables', rowsDone, totalRows );
			}
		);
		kept.listen( load );
		const result = await load.done;
		collector.rows.absorb( result.facts );
		checkLoadedAgainstManifest(
			manifest,
			result.tables,
			result.kept,
			Boolean( rewrite ) ||
				manifest.source.table_prefix !== site.config.tablePrefix
		);
		return result;
	};
	const extractFiles = async () => {
		if ( ! wpContent ) {
			return null;
		}
		const staging = await createStagingDir( wpContent );
		const result = await extractContentToStaging( reader, staging, {
			symlinks: manifest.files?.symlinks ?? [],
			directories: manifest.files?.directories ?? [],
			wpContentDir: wpContent,
			reuseUnchangedFrom: wpContent,
			knownDigests: liveDigests,
			onProgress: ( p ) =>
				job?.progress(
					'extracting files',
					p.filesDone,
					manifest.sections.media_files +
						manifest.sections.theme_files +
						manifest.sections.plugin_files
				),
		} );
		return { staging, result };
	};
	// Tables, files and the pre-restore snapshot at once; none of them changes the live site.
	const loading = loadTables();
	const extracting = extractFiles();
	// This thread's garbage is collected as each of its parts ends, not whenever it next allocates: when the
	// snapshot has read the last live file (the extraction then links or writes every file at once, and the
	// snapshot finishes its archive), and when both are over (this thread then only waits for the load
	// worker: on the full-size bench site's cross-site restore, its last 8-14 s).
	void liveDigests.done.then( collectGarbageNow );
	void Promise.allSettled( [ preRestore, extracting ] ).then( () => {
		liveDigests.forget();
		collectGarbageNow();
	} );
	const [ , loaded, staged ] = await stageAll<
		[
			string,
			Awaited< ReturnType< typeof loadTables > >,
			Awaited< ReturnType< typeof extractFiles > >,
		]
	>( site, [ preRestore, loading, extracting ] );
	// The kept tables stay locked for reading until the swap; one the site changed meanwhile is loaded now.
	const held = await holdKeptTables( site, planned, kept, loaded ).catch(
		async ( error: unknown ) => {
			await discardStaging( site );
			throw error;
		}
	);
	try {
		return await finishRestore( site, row, await planned, job, {
			collector,
			held,
			stats: loaded.stats,
			staged,
			wpContent,
			mark,
		} );
	} finally {
		await held.release();
	}
}

/** The tables a restore swaps in, and the kept ones it holds still until then. */
interface HeldTables {
	/** Loaded into staging, in the manifest's order. */
	tables: LoadedTable[];
	/** Left live: the snapshot found them equal to the archive, and they have not changed since. */
	kept: string[];
	/** Unlocks the kept tables (idempotent; never throws). */
	release: () => Promise< void >;
}

/**
 * Locks the kept tables for reading and checks each against its checksum in the snapshot; a table that
 * changed since (or any, when they cannot be locked) is loaded into staging now, on this thread (the rows
 * are the archive's: nothing is kept when the restore changes rows).
 * @param site
 * @param planned
 * @param kept
 * @param loaded        what the load worker did
 * @param loaded.tables the tables it loaded
 * @param loaded.kept   the tables it kept
 */
async function holdKeptTables(
	site: SiteContext,
	planned: Promise< RestorePlan >,
	kept: KeptTables,
	loaded: { tables: LoadedTable[]; kept: string[] }
): Promise< HeldTables > {
	const { reader, registry, transformOptions } = await planned;
	const late: LoadedTable[] = [];
	let keeping = loaded.kept;
	let lock: ReadLock | null = null;
	// A changed table cannot stay locked (its swap would wait for the lock), and a lock cannot be taken off
	// one table: unlock, load the changed ones, lock the rest again. Tables still changing after three
	// rounds are all loaded.
	for ( let round = 1; keeping.length > 0; round++ ) {
		let changed = keeping;
		try {
			lock = await lockAndChecksum(
				site.pool,
				keeping.map( ( suffix ) => kept.tableOf( suffix ) )
			);
			changed = kept.changed( keeping, lock.checksums );
		} catch {
			// Not allowed to lock (LOCK TABLES privilege), or gone: loaded like any other table.
		}
		if ( changed.length === 0 ) {
			break;
		}
		await lock?.release();
		lock = null;
		const loading = round < 3 ? changed : keeping;
		late.push(
			...(
				await loadIntoStaging( site.pool, reader, {
					prefix: site.config.tablePrefix,
					tables: loading,
					registry,
				} )
			).tables
		);
		keeping = keeping.filter( ( suffix ) => ! loading.includes( suffix ) );
	}
	const release = async () => {
		const held = lock;
		lock = null;
		await held?.release();
	};
	try {
		const order = reader.manifest.sections.tables.map( ( t ) => t.name );
		const tables = [ ...loaded.tables, ...late ].sort(
			( a, b ) => order.indexOf( a.name ) - order.indexOf( b.name )
		);
		checkLoadedAgainstManifest(
			reader.manifest,
			tables,
			keeping,
			! changesNoRow( transformOptions )
		);
		return { tables, kept: keeping, release };
	} catch ( error ) {
		await release();
		throw error;
	}
}

interface FinishState {
	collector: ChecklistCollector;
	held: HeldTables;
	stats: TransformStats;
	staged: {
		staging: string;
		result: Awaited< ReturnType< typeof extractContentToStaging > >;
	} | null;
	wpContent: string | null;
	mark: (
		phase: RestorePhase,
		swapResult?: SwapResult | null
	) => Promise< void >;
}

/**
 * From staged tables and files to the restored site: the checklist, the swaps, the verification and the
 * commit (steps 3 to 5 above).
 * @param site
 * @param row
 * @param plan
 * @param job
 * @param state what staging left
 */
async function finishRestore(
	site: SiteContext,
	row: SnapshotRow,
	plan: RestorePlan,
	job: JobContext | null,
	state: FinishState
): Promise< Omit< RestoreResult, 'pre_restore_snapshot_id' > > {
	const { collector, held, stats, staged, wpContent, mark } = state;
	const { reader, registry, target, crossSite, rewrite } = plan;
	const manifest = reader.manifest;
	const suffixes = manifest.sections.tables.map( ( t ) => t.name );
	const totalRows = manifest.sections.tables.reduce(
		( sum, t ) => sum + t.rows,
		0
	);
	const storage = site.config.storageDir;
	const loaded = { tables: held.tables, stats };
	const swapped = held.tables.map( ( t ) => t.name );
	// After the pre-restore snapshot: the lock below may write to the live options table.
	// Built before anything live changes, so a failure here leaves the site as it was.
	const checklist = await collector
		.build( {
			kind: 'full_restore',
			target: { site_id: target.site_id, site_url: target.site_url },
			urlRewrite: rewrite,
			pool: site.pool,
			prefix: site.config.tablePrefix,
			usersTable: swapped.includes( 'users' )
				? stagingTableName( site.config.tablePrefix, 'users' )
				: `${ site.config.tablePrefix }users`,
			registry,
		} )
		.catch( async ( error: unknown ) => {
			await discardStaging( site );
			throw error;
		} );
	const lock = {
		name: LOCK_OPTION,
		value: restoreLockValue( row.id, site.now() ),
	};
	if ( ! swapped.includes( 'options' ) ) {
		// No options table to carry the lock through the swap: lock first (fail-safe), the swap follows.
		await writeOption(
			site.pool,
			site.config.tablePrefix,
			lock.name,
			lock.value
		);
	}

	let files: SwapHandle | null = null;
	let extracted = { files: 0, unchanged: 0, skipped: 0 };
	if ( wpContent && staged ) {
		extracted = {
			files: staged.result.files,
			unchanged: staged.result.unchanged,
			skipped: staged.result.skippedSymlinks.length,
		};
		job?.progress( 'swapping', 0, 1 );
		await mark( 'files-swapped' );
		files = await swapContent( wpContent, staged.staging );
	}

	let swap: SwapResult;
	let checked = 0;
	// Read before the swap: a live table with its staging table's id after it is the table digested above.
	const stagedIds = await innodbTableIds(
		site.pool,
		loaded.tables.map( ( t ) => t.table )
	);
	try {
		await writeRestoreState( storage, {
			phase: 'db-swapping',
			snapshot_id: row.id,
			swap: null,
			suffixes: swapped,
			updated_at: site.now().toISOString(),
		} );
		swap = await swapInStaging( site.pool, {
			prefix: site.config.tablePrefix,
			suffixes: swapped,
			preserveOptionNames: registry.internal.options,
			registry,
			setOptions: [ lock ],
		} );
		await mark( 'db-swapped', swap );
		await held.release(); // the site may write to the kept tables again
	} catch ( error ) {
		await files?.rollback();
		await cleanupLeftovers( site.pool, site.config.tablePrefix );
		await clearRestoreState( storage );
		throw error;
	}

	job?.progress( 'verifying', 0, suffixes.length );
	const live = ( name: string ) => `${ site.config.tablePrefix }${ name }`;
	const liveIds = await innodbTableIds(
		site.pool,
		loaded.tables.map( ( t ) => live( t.name ) )
	);
	// The options table is always digested: the swap itself wrote into it (preserved rows, the lock).
	const toDigest = new Set(
		tablesToDigest(
			loaded.tables.map( ( t ) => ( {
				staging: t.table,
				live: live( t.name ),
			} ) ),
			stagedIds,
			liveIds,
			new Set( [ live( 'options' ) ] )
		)
	);
	checked = loaded.tables.length - toDigest.size;
	const mismatches = await liveMismatches(
		site,
		registry,
		loaded.tables.filter( ( t ) => toDigest.has( live( t.name ) ) ),
		() => job?.progress( 'verifying', ++checked, suffixes.length )
	);
	if ( mismatches.length ) {
		await rollbackSwap( site.pool, swap );
		await files?.rollback();
		await cleanupLeftovers( site.pool, site.config.tablePrefix );
		await clearRestoreState( storage );
		throw new SyteOpsError( 'syteops_restore_verification_failed', {
			tables: mismatches.join( ', ' ),
		} );
	}
	// The commit point is recorded before the old trees are deleted: once deletion starts they can no longer
	// be put back whole, so a kill from here on must finish forward (recovery deletes the rest).
	await mark( 'files-committed', swap );
	await files?.commit();
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
		transform: loaded.stats,
		tables: suffixes.length,
		rows: totalRows,
		files: extracted.files,
		files_unchanged: extracted.unchanged,
		skipped_symlinks: extracted.skipped,
		verification: {
			ok: true,
			tables_checked: loaded.tables.length,
			tables_kept: held.kept.length,
			tables_digested: toDigest.size,
			mismatches,
		},
		license_locked: true,
		checklist,
	};
}

/**
 * The restored tables whose live digest differs from the one read back from staging, in load order.
 * Tables are read over LOAD_LANES connections at once, largest first; every read finishes before this
 * returns or throws, so no query outlives the restore.
 * @param site
 * @param registry
 * @param tables
 * @param onChecked
 */
async function liveMismatches(
	site: SiteContext,
	registry: Awaited< ReturnType< typeof loadRegistry > >,
	tables: readonly LoadedTable[],
	onChecked: () => void
): Promise< string[] > {
	const queue = [ ...tables ].sort( ( a, b ) => b.rows - a.rows );
	const differs = new Set< string >();
	const lane = async () => {
		for ( let table = queue.shift(); table; table = queue.shift() ) {
			const { name } = table;
			// Live options also hold the preserved internal rows; digest it as the dump did, without them.
			const live = await withConnection(
				site.pool,
				'verifying the restored tables',
				( conn ) =>
					tableDigest(
						conn,
						`${ site.config.tablePrefix }${ name }`,
						{
							headerName: name,
							...( name === 'options'
								? { filter: internalOptionsFilter( registry ) }
								: {} ),
						}
					)
			);
			if ( live.rows !== table.rows || live.sha256 !== table.sha256 ) {
				differs.add( name );
			}
			onChecked();
		}
	};
	const lanes = await Promise.allSettled(
		Array.from( { length: LOAD_LANES }, () =>
			lane().catch( ( error: unknown ) => {
				queue.length = 0; // the other lane stops after its current table
				throw error;
			} )
		)
	);
	const failure = lanes.find(
		( result ): result is PromiseRejectedResult =>
			result.status === 'rejected'
	);
	if ( failure ) {
		throw failure.reason;
	}
	return tables
		.map( ( t ) => t.name )
		.filter( ( name ) => differs.has( name ) );
}

/**
 * Without any transformation the staged tables must hash exactly as they were dumped; every other table
 * of the archive must be kept.
 * @param manifest
 * @param loaded
 * @param kept
 * @param transformed
 */
function checkLoadedAgainstManifest(
	manifest: ManifestWithoutEntries,
	loaded: { name: string; rows: number; sha256: string }[],
	kept: readonly string[],
	transformed: boolean
): void {
	for ( const table of manifest.sections.tables ) {
		if ( kept.includes( table.name ) ) {
			continue; // its live rows hash to the archive's (kept-tables.ts)
		}
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
