/**
 * `verify <snapshot-id | archive.zip>`: the read-only integrity check with its named findings; the exit
 * code is 1 when the archive is not ok. An archive file needs no site configuration.
 */
import { verifyArchive, type VerifyReport } from '../../archive/verify';
import { verifySnapshot } from '../../engine/verify-snapshot';
import type { Command } from '../args';
import { formatBytes, formatCount } from '../format';
import type { CommandContext, CommandOutput } from '../io';
import { availableSnapshot, classifyTarget } from '../target';

export async function verifyCommand(
	command: Extract< Command, { name: 'verify' } >,
	ctx: CommandContext
): Promise< CommandOutput > {
	const target = classifyTarget( command.target );
	ctx.progress.update( 'verifying', 0, 0 );
	let report: VerifyReport;
	if ( target.kind === 'file' ) {
		report = await verifyArchive( target.path );
	} else {
		// A catalogued snapshot is also checked against the file checksum recorded when it was written.
		const snapshot = await availableSnapshot(
			await ctx.site.get(),
			target.id,
			'verified'
		);
		report = await verifySnapshot( snapshot.row, snapshot.path );
	}
	ctx.progress.finish();
	return {
		json: {
			...( target.kind === 'snapshot' ? { snapshot_id: target.id } : {} ),
			...report,
		},
		human: describeReport( command.target, report ),
		exitCode: report.ok ? 0 : 1,
	};
}

export function describeReport( name: string, report: VerifyReport ): string {
	const s = report.summary;
	const lines = [
		`${ report.ok ? 'OK' : 'FAILED' }: ${ name }`,
		`  ${ formatCount( s.entries ) } entries (${ formatBytes(
			s.bytes
		) }), ${ formatCount( s.tables ) } tables, ${ formatCount(
			s.rows
		) } rows; ${ s.errors } errors, ${ s.warnings } warnings`,
		...report.findings.map(
			( f ) =>
				`  ${ f.severity.padEnd( 7 ) } ${ f.code }${
					f.path ? ` [${ f.path }]` : ''
				}: ${ f.message }`
		),
	];
	return lines.join( '\n' ) + '\n';
}
