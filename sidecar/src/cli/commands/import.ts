/**
 * `import <snapshot-id | archive.zip> [--yes] [--no-url-rewrite]`: imports a scoped export into the site of
 * `--wp-config`. Without `--yes` it only prints the plan (what would be added, changed, left alone and
 * remapped) and changes nothing. With `--yes` a file is verified and registered as an `uploaded` snapshot,
 * then imported in one transaction under the site lock, audited as `import.start` / `import.finish`.
 * Agencies loop it over sites: `for c in /srv/*\/wp-config.php; do syteops-backup --wp-config "$c" import
 * user.zip --yes; done` — a re-run updates the same user in place.
 */
import { promises as fs } from 'node:fs';

import { recordAudit } from '../../audit/record';
import { previewArchive } from '../../engine/preview';
import { importSnapshot, type ImportResult } from '../../engine/scoped/import';
import { importAuditShape } from '../../engine/scoped/import-audit';
import type { ImportPlan } from '../../engine/scoped/import-plan';
import { ArchiveReader } from '../../archive/zip-reader';
import { requireExport } from '../../engine/scoped/import-plan';
import { usageError, type Command } from '../args';
import { runExclusive } from '../exclusive';
import type { CommandContext, CommandOutput } from '../io';
import { CLI_ACTOR } from '../site';
import { availableSnapshot, classifyTarget } from '../target';
import { describePlan } from './describe-plan';
import { registerFile } from './restore';

export async function importCommand(
	command: Extract< Command, { name: 'import' } >,
	ctx: CommandContext
): Promise< CommandOutput > {
	const target = classifyTarget( command.target );
	if ( target.kind === 'file' ) {
		await fs.access( target.path ).catch( () => {
			throw usageError( target.path, 'no such archive file' );
		} );
	}
	const site = await ctx.site.get();
	const file =
		target.kind === 'file'
			? target.path
			: ( await availableSnapshot( site, target.id, 'imported' ) ).path;
	requireExport(
		( await ArchiveReader.open( file ) ).manifest,
		target.kind === 'file' ? file : target.id
	);
	if ( ! command.yes ) {
		const preview = await previewArchive( site, file, {
			urlRewrite: command.urlRewrite,
		} );
		const plan = preview.import as ImportPlan;
		return {
			json: { dry_run: true, plan },
			human:
				describePlan( plan ) +
				'Nothing was changed. Add --yes to import.\n',
		};
	}
	const result = await runExclusive(
		site,
		{ kind: 'import', capability: 'syteops_backup_restore' },
		async ( job ) => {
			const row =
				target.kind === 'file'
					? await registerFile( site, target.path, job )
					: ( await availableSnapshot( site, target.id, 'imported' ) )
							.row;
			await job.setSnapshot( row.id );
			await recordAudit( site, CLI_ACTOR, 'import.start', {
				snapshotId: row.id,
				change: {
					scope: row.scope,
					url_rewrite: command.urlRewrite,
					via: 'cli',
				},
			} );
			const imported = await importSnapshot(
				site,
				row,
				{ urlRewrite: command.urlRewrite },
				job
			);
			await recordAudit( site, CLI_ACTOR, 'import.finish', {
				snapshotId: row.id,
				change: { ...importAuditShape( imported ), via: 'cli' },
			} );
			return imported;
		},
		ctx.progress
	);
	return {
		json: { dry_run: false, ...result },
		human: describeImport( result ),
	};
}

export function describeImport( r: ImportResult ): string {
	const a = r.applied;
	return (
		[
			`Imported ${ r.scope } from snapshot ${ r.snapshot_id }${
				r.cross_site ? ' (cross-site)' : ''
			}`,
			`  ${ a.options_written } options, ${ a.users_created } users created, ${ a.users_updated } updated, ${ a.usermeta_rows } meta rows`,
			...Object.entries( a.module_rows ).map(
				( [ name, m ] ) =>
					`  ${ name }: ${ m.inserted } rows inserted${
						m.first_id ? ` (fresh ids from ${ m.first_id })` : ''
					}, ${ m.removed } replaced`
			),
			...a.users
				.slice( 0, 20 )
				.map(
					( u ) =>
						`  user ${ u.login }: id ${ u.source_id } -> ${ u.target_id } (${ u.how })`
				),
			r.url_rewrite
				? `  URLs rewritten ${ r.url_rewrite.from } -> ${ r.url_rewrite.to }: ${ r.transform.values_rewritten } values`
				: '  no URL rewrite',
		].join( '\n' ) + '\n'
	);
}
