/**
 * `create [--label L]`: a full backup of type manual, under the site lock, recorded in the audit log.
 */
import { recordAudit } from '../../audit/record';
import { takeFullBackup, type BackupResult } from '../../engine/backup';
import type { Command } from '../args';
import { runExclusive } from '../exclusive';
import { formatBytes, formatCount } from '../format';
import type { CommandContext, CommandOutput } from '../io';
import { CLI_ACTOR } from '../site';

export async function createCommand(
	command: Extract< Command, { name: 'create' } >,
	ctx: CommandContext
): Promise< CommandOutput > {
	const site = await ctx.site.get();
	const result = await runExclusive(
		site,
		{ kind: 'backup', capability: 'syteops_backup_create' },
		async ( job ) => {
			const backup = await takeFullBackup(
				site,
				{ type: 'manual', label: command.label, userId: null },
				job
			);
			await recordAudit( site, CLI_ACTOR, 'snapshot.create', {
				snapshotId: backup.snapshot_id,
				change: {
					type: 'manual',
					label: command.label,
					size_bytes: backup.size_bytes,
					via: 'cli',
				},
			} );
			return backup;
		},
		ctx.progress
	);
	return { json: result, human: describeBackup( result ) };
}

export function describeBackup( result: BackupResult ): string {
	const lines = [
		`Snapshot ${ result.snapshot_id } taken: ${ formatBytes(
			result.size_bytes
		) } (${ formatCount( result.size_bytes ) } bytes)`,
		`  ${ formatCount( result.tables ) } tables, ${ formatCount(
			result.rows
		) } rows, ${ formatCount( result.files ) } files`,
		...result.warnings.map( ( w ) => `  warning: ${ w }` ),
	];
	return lines.join( '\n' ) + '\n';
}
