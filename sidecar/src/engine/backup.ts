/**
 * A full backup: the whole database (one consistent snapshot) and wp-content (uploads, themes, plugins;
 * symlinks recorded, never followed) streamed into one manifest ZIP in the storage directory, written as a
 * temp file, fsynced and renamed. On any failure the temp file is removed and the catalog row is `failed`.
 */
import path from 'node:path';

import type { DeflatedSource } from '../archive/deflated-reuse';
import type { ManifestWithoutEntries } from '../archive/manifest';
import { FORMAT_NAME, FORMAT_VERSION } from '../archive/manifest';
import { ArchiveWriter } from '../archive/zip-writer';
import { dumpDatabase, type DumpOptions, type DumpResult } from '../db/dump';
import { isSyteOpsError } from '../errors';
import { newId } from '../repository/jobs';
import type { SnapshotType } from '../repository/catalog';
import { writeTarget } from './archive-store';
import { captureContent, type CaptureResult } from './files';
import type { LiveDigests } from './files/live-digests';
import type { SiteContext } from './context';
import { failCapture } from './failed-capture';
import type { JobContext } from './job-runner';
import { manifestSummary } from './manifest-summary';
import { loadRegistry } from './registry';
import { roleCount, sourceSite, variableSetCount } from './site-info';

export interface BackupRequest {
	type: SnapshotType;
	label: string;
	userId: number | null;
	retentionDays?: number;
	/**
	 * Told each live file's digest as it is read, and closed when the file reads are over (a restore's
	 * extraction waits for that: see restore.ts).
	 */
	liveDigests?: LiveDigests;
	/**
	 * Where files' and tables' deflated bytes may already exist (a restore's archive; see capture.ts and
	 * dump.ts): what is byte for byte an entry of it is written with that entry's deflated bytes.
	 */
	reusable?: DeflatedSource;
	/**
	 * Passed to the dump (DumpOptions.onTableRead): a restore learns there which tables it need not load.
	 * Given, the tables are read largest first and before any file, so the restore learns it early; the
	 * files follow.
	 */
	onTableRead?: DumpOptions[ 'onTableRead' ];
	/**
	 * Called once the tables are read (true) or failed to be (false), before the files when `onTableRead` is
	 * given.
	 */
	onTablesDone?: ( read: boolean ) => void;
}

export interface BackupResult {
	snapshot_id: string;
	size_bytes: number;
	tables: number;
	rows: number;
	files: number;
	warnings: string[];
}

export async function takeFullBackup(
	site: SiteContext,
	request: BackupRequest,
	job: JobContext | null
): Promise< BackupResult > {
	try {
		return await backupOnce( site, request, job );
	} finally {
		request.liveDigests?.close(); // on every path: a restore's extraction waits for it
	}
}

async function backupOnce(
	site: SiteContext,
	request: BackupRequest,
	job: JobContext | null
): Promise< BackupResult > {
	const settings = await site.settings.get();
	const id = newId();
	const startedAt = site.now();
	const retentionDays =
		request.retentionDays ?? settings.default_retention_days;
	await site.catalog.insertCapturing( {
		id,
		type: request.type,
		scope: 'full',
		label: request.label,
		userId: request.userId,
		retentionUntil: new Date(
			startedAt.getTime() + retentionDays * 86400_000
		),
	} );
	await job?.setSnapshot( id );
	let writer: ArchiveWriter | null = null;
	try {
		// Written in place in the configured local target (temp file, fsync, rename: the target's own put).
		writer = await ArchiveWriter.open(
			( await writeTarget( site ) ).directory
		);
		await site.catalog.claimArchiveName( id, writer.archiveName );
		const manifest = await writeContents(
			site,
			writer,
			startedAt,
			job,
			request
		);
		const finished = await writer.finish( manifest );
		await site.catalog.markAvailable( id, finished.name, finished.size, {
			...manifestSummary( finished.manifest ),
			archive_sha256: finished.sha256,
		} );
		const rows = manifest.sections.tables.reduce(
			( sum, t ) => sum + t.rows,
			0
		);
		return {
			snapshot_id: id,
			size_bytes: finished.size,
			tables: manifest.sections.tables.length,
			rows,
			files:
				manifest.sections.media_files +
				manifest.sections.theme_files +
				manifest.sections.plugin_files,
			warnings: manifest.warnings,
		};
	} catch ( error ) {
		await failCapture(
			site,
			id,
			writer,
			error,
			'The backup failed; see the sidecar log.'
		);
		throw error;
	}
}

async function writeContents(
	site: SiteContext,
	writer: ArchiveWriter,
	startedAt: Date,
	job: JobContext | null,
	{
		liveDigests,
		reusable,
		onTableRead,
		onTablesDone,
	}: Pick<
		BackupRequest,
		'liveDigests' | 'reusable' | 'onTableRead' | 'onTablesDone'
	>
): Promise< ManifestWithoutEntries > {
	const registry = await loadRegistry( site.pool, site.config.tablePrefix );
	const source = await sourceSite( site );
	// Database and files at once, into the one writer (it writes one entry at a time, in the order they
	// arrive): while a file entry is written, MariaDB already reads the next table's rows on the other
	// core, and while a table's rows stream, the next files are read ahead. The database part is still
	// one consistent snapshot (one transaction on one connection).
	const dbPart = dumpDatabase( site.pool, {
		prefix: site.config.tablePrefix,
		registry,
		writer,
		reusable,
		onTableRead,
		largestFirst: Boolean( onTableRead ),
		onProgress: ( p ) =>
			job?.progress(
				'database',
				p.rowsDone,
				Math.max( p.rowsTotal, p.rowsDone )
			),
	} );
	dbPart.then(
		() => onTablesDone?.( true ),
		() => onTablesDone?.( false )
	);
	const captureFiles = ( wpDir: string ) =>
		captureContent( writer, path.join( wpDir, 'wp-content' ), {
			storageDir: site.config.storageDir,
			digests: liveDigests,
			reusable,
			onProgress: ( p ) =>
				job?.progress( 'files', p.bytesDone, p.bytesTotal ),
		} ).finally( () => liveDigests?.close() );
	const wpDir = site.config.wpDir;
	let filesPart: Promise< CaptureResult | null > = Promise.resolve( null );
	if ( wpDir && onTableRead ) {
		// Files after the tables; none when the tables failed (the writer is aborted then).
		filesPart = dbPart.then(
			() => captureFiles( wpDir ),
			() => null
		);
	} else if ( wpDir ) {
		filesPart = captureFiles( wpDir );
	}
	// A failure in one part aborts the writer, so the other stops at its next entry; both settle
	// before the error is thrown, so no part keeps running behind a failed backup.
	const [ dbResult, filesResult ] = await Promise.allSettled( [
		dbPart,
		filesPart.catch( async ( error: unknown ) => {
			await writer.abort();
			throw error;
		} ),
	] );
	const reasons = [ dbResult, filesResult ]
		.filter( ( r ): r is PromiseRejectedResult => r.status === 'rejected' )
		.map( ( r ) => r.reason as unknown );
	if ( reasons.length ) {
		// The part stopped by the other's abort reports the aborted writer; the other error is the cause.
		throw (
			reasons.find(
				( reason ) =>
					! isSyteOpsError( reason ) ||
					reason.code !== 'syteops_archive_writer_misuse'
			) ?? reasons[ 0 ]
		);
	}
	const db = ( dbResult as PromiseFulfilledResult< DumpResult > ).value;
	const files = (
		filesResult as PromiseFulfilledResult< CaptureResult | null >
	 ).value;
	job?.progress( 'finishing', 1, 1 );
	const rowsOf = ( suffix: string ) =>
		db.tables.find( ( t ) => t.name === suffix )?.rows ?? 0;
	const modules = Object.fromEntries(
		Object.entries( registry.modules ).map( ( [ name, module ] ) => [
			name,
			rowsOf( module.table ),
		] )
	);
	return {
		format: FORMAT_NAME,
		format_version: FORMAT_VERSION,
		source,
		type: 'full',
		scope: { kind: 'full' },
		created_at: startedAt.toISOString(),
		finished_at: site.now().toISOString(),
		sections: {
			tables: db.tables.map( ( t ) => ( {
				name: t.name,
				rows: t.rows,
				sha256: t.sha256,
				...( t.engine ? { engine: t.engine } : {} ),
				...( t.checksum ? { checksum: t.checksum } : {} ),
			} ) ),
			users: rowsOf( 'users' ),
			roles: await roleCount( site ),
			settings_tabs: Object.keys( registry.tabs ).length,
			modules,
			licensing_records: registry.licensing.tables.reduce(
				( sum, table ) => sum + rowsOf( table ),
				0
			),
			variable_sets: await variableSetCount( site ),
			media_files: files?.media_files ?? 0,
			theme_files: files?.theme_files ?? 0,
			plugin_files: files?.plugin_files ?? 0,
		},
		secrets_excluded: db.secretsExcluded,
		warnings: [
			...db.warnings,
			...( files?.warnings.map( ( w ) => `${ w.code }: ${ w.path }` ) ??
				[] ),
		],
		...( files
			? {
					files: {
						symlinks: files.symlinks,
						directories: files.directories,
					},
				}
			: {} ),
	};
}
