/**
 * `restore <snapshot-id | archive.zip> --yes [--no-url-rewrite]`: the engine's atomic restore (pre-restore
 * snapshot, staging, one RENAME, post-restore verification) under the site lock. An archive file is first
 * copied into the storage directory (as a `.tmp-` file, which start-up recovery removes if we die) and
 * registered as an `uploaded` snapshot, which verifies it in full before anything is written.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { recordAudit } from '../../audit/record';
import type { SiteContext } from '../../engine/context';
import type { JobContext } from '../../engine/job-runner';
import { registerUpload } from '../../engine/register-upload';
import { restoreSnapshot, type RestoreResult } from '../../engine/restore';
import { SyteOpsError } from '../../errors';
import type { SnapshotRow } from '../../repository/catalog';
import { usageError, type Command } from '../args';
import { runExclusive } from '../exclusive';
import { formatCount } from '../format';
import type { CommandContext, CommandOutput } from '../io';
import { CLI_ACTOR } from '../site';
import { availableSnapshot, classifyTarget, type Target } from '../target';

/**
 * Copies an archive file into the storage directory and registers it as an `uploaded` snapshot (verified in
 * full first). Shared with `import <file.zip>`.
 * @param site
 * @param file
 * @param job
 */
export async function registerFile(
	site: SiteContext,
	file: string,
	job: JobContext
): Promise< SnapshotRow > {
	const copy = path.join(
		site.config.storageDir,
		`.tmp-cli-${ randomBytes( 8 ).toString( 'hex' ) }.zip`
	);
	job.progress( 'verifying archive', 0, 1 );
	try {
		await fs.copyFile( file, copy );
		const { backup_id: id } = await registerUpload( site, copy, 0 );
		job.progress( 'verifying archive', 1, 1 );
		const row = await site.catalog.get( id );
		if ( ! row ) {
			throw new SyteOpsError( 'syteops_snapshot_not_found', { id } );
		}
		return row;
	} finally {
		// Gone already when registered (renamed); removed here when verification refused it.
		await fs.rm( copy, { force: true } );
	}
}

async function restoreTarget(
	site: SiteContext,
	target: Target,
	urlRewrite: boolean,
	job: JobContext
): Promise< RestoreResult > {
	const row =
		target.kind === 'file'
			? await registerFile( site, target.path, job )
			: ( await availableSnapshot( site, target.id, 'restored' ) ).row;
	await job.setSnapshot( row.id );
	const result = await restoreSnapshot(
		site,
		row,
		{ urlRewrite, userId: null },
		job,
		( preRestoreId ) =>
			recordAudit( site, CLI_ACTOR, 'restore.start', {
				snapshotId: row.id,
				change: {
					pre_restore_snapshot_id: preRestoreId,
					url_rewrite: urlRewrite,
					via: 'cli',
				},
			} )
	);
	await recordAudit( site, CLI_ACTOR, 'restore.finish', {
		snapshotId: row.id,
		change: {
			verification: result.verification,
			url_rewrite: result.url_rewrite,
			cross_site: result.cross_site,
			via: 'cli',
		},
	} );
	return result;
}

export async function restoreCommand(
	command: Extract< Command, { name: 'restore' } >,
	ctx: CommandContext
): Promise< CommandOutput > {
	const target = classifyTarget( command.target );
	if ( target.kind === 'file' ) {
		await fs.access( target.path ).catch( () => {
			throw usageError( target.path, 'no such archive file' );
		} );
	}
	const site = await ctx.site.get();
	const result = await runExclusive(
		site,
		{
			kind: 'restore',
			capability: 'syteops_backup_restore',
			...( target.kind === 'snapshot' ? { snapshotId: target.id } : {} ),
		},
		( job ) => restoreTarget( site, target, command.urlRewrite, job ),
		ctx.progress
	);
	return { json: result, human: describeRestore( result ) };
}

export function describeRestore( r: RestoreResult ): string {
	const v = r.verification;
	return (
		[
			`Restored snapshot ${ r.snapshot_id }: ${ formatCount(
				r.tables
			) } tables, ${ formatCount( r.rows ) } rows, ${ formatCount(
				r.files
			) } files`,
			`  pre-restore snapshot ${ r.pre_restore_snapshot_id } (kept 30 days)`,
			r.url_rewrite
				? `  URLs rewritten ${ r.url_rewrite.from } -> ${ r.url_rewrite.to }`
				: '  no URL rewrite',
			r.cross_site ? '  cross-site restore' : '  same site',
			r.files_unchanged
				? `  ${ formatCount(
						r.files_unchanged
					) } files were unchanged on the site and kept (linked, not rewritten)`
				: '',
			r.skipped_symlinks
				? `  ${ r.skipped_symlinks } symlinks pointing outside the site were not restored`
				: '',
			v.tables_kept
				? `  ${ v.tables_kept } tables were unchanged on the site and kept (not loaded again)`
				: '',
			`  verification: ${ v.ok ? 'ok' : 'FAILED' } (${ v.tables_checked } tables checked${
				v.mismatches.length
					? `; mismatches: ${ v.mismatches.join( ', ' ) }`
					: ''
			})`,
			r.license_locked
				? '  license locked: re-check the Product License (SyteOps → Admin → Product License → Recheck)'
				: '',
			r.checklist && r.checklist.count > ( r.license_locked ? 1 : 0 )
				? `  checklist: ${ r.checklist.integrations.length } integration cards need their credentials, ${ r.checklist.profile_pictures.total } profile pictures to re-upload`
				: '',
		]
			.filter( Boolean )
			.join( '\n' ) + '\n'
	);
}
