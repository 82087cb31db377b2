/**
 * `export --scope master|tab|module|user [--name N] [--user-id ID | --user-login L] [--out FILE]`: a scoped
 * export of type export in the catalog, under the site lock, audited as `export.create`. `--out` also copies
 * the finished archive to FILE (for carrying it to other sites: `import FILE` there).
 */
import { promises as fs } from 'node:fs';

import { recordAudit } from '../../audit/record';
import { loadRegistry } from '../../engine/registry';
import {
	resolveExportScope,
	takeScopedExport,
	type ExportResult,
} from '../../engine/scoped/export';
import type { Command } from '../args';
import { runExclusive } from '../exclusive';
import { formatBytes, formatCount } from '../format';
import type { CommandContext, CommandOutput } from '../io';
import { CLI_ACTOR } from '../site';
import { availableSnapshot } from '../target';

export async function exportCommand(
	command: Extract< Command, { name: 'export' } >,
	ctx: CommandContext
): Promise< CommandOutput > {
	const site = await ctx.site.get();
	const registry = await loadRegistry( site.pool, site.config.tablePrefix );
	const scope = await resolveExportScope( site, registry, {
		kind: command.scope,
		name: command.scopeName ?? undefined,
		userId: command.userId ?? undefined,
		userLogin: command.userLogin ?? undefined,
	} );
	const result = await runExclusive(
		site,
		{ kind: 'export', capability: 'syteops_backup_create' },
		async ( job ) => {
			const exported = await takeScopedExport(
				site,
				{ scope, label: command.label, actorId: null },
				job
			);
			await recordAudit( site, CLI_ACTOR, 'export.create', {
				snapshotId: exported.snapshot_id,
				change: {
					type: 'export',
					scope: exported.scope,
					size_bytes: exported.size_bytes,
					rows: exported.rows,
					via: 'cli',
				},
			} );
			return exported;
		},
		ctx.progress
	);
	if ( command.out ) {
		const { path } = await availableSnapshot(
			site,
			result.snapshot_id,
			'copied'
		);
		await fs.copyFile( path, command.out );
	}
	return {
		json: { ...result, out: command.out },
		human: describeExport( result, command.out ),
	};
}

export function describeExport(
	result: ExportResult,
	out: string | null
): string {
	const modules = Object.entries( result.modules )
		.map( ( [ name, n ] ) => `${ formatCount( n ) } ${ name }` )
		.join( ', ' );
	return (
		[
			`Export ${ result.snapshot_id } (${ result.scope }): ${ formatBytes(
				result.size_bytes
			) }, ${ formatCount( result.tables ) } tables, ${ formatCount(
				result.rows
			) } rows`,
			`  ${ formatCount( result.users ) } users${
				modules ? `; ${ modules }` : ''
			}`,
			out ? `  written to ${ out }` : '',
		]
			.filter( Boolean )
			.join( '\n' ) + '\n'
	);
}
