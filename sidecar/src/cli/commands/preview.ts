/**
 * `preview <snapshot-id | archive.zip>`: what the archive holds (counts, scope), whether it comes from
 * another site, and what a restore would change here. Reads only the manifest and live row counts.
 */
import { previewArchive, type Preview } from '../../engine/preview';
import type { Command } from '../args';
import { describePlan } from './describe-plan';
import { formatCount, formatTable } from '../format';
import type { CommandContext, CommandOutput } from '../io';
import { availableSnapshot, classifyTarget } from '../target';

export async function previewCommand(
	command: Extract< Command, { name: 'preview' } >,
	ctx: CommandContext
): Promise< CommandOutput > {
	const target = classifyTarget( command.target );
	const site = await ctx.site.get();
	const file =
		target.kind === 'file'
			? target.path
			: ( await availableSnapshot( site, target.id, 'previewed' ) ).path;
	const preview = await previewArchive( site, file );
	return {
		json: {
			...( target.kind === 'snapshot' ? { snapshot_id: target.id } : {} ),
			...preview,
		},
		human: describePreview( preview ),
	};
}

export function describePreview( p: Preview ): string {
	const s = p.summary;
	const scope = s.scope.name ?? s.scope.user_login;
	const lines = [
		`Archive of ${ p.source.site_url } (site ${ p.source.site_id }, prefix ${ p.source.table_prefix }), taken ${ s.created_at }`,
		`  type ${ s.type }, scope ${ s.scope.kind }${ scope ? ` (${ scope })` : '' }`,
		`  ${ formatCount( s.tables ) } tables, ${ formatCount( s.rows ) } rows, ${ formatCount(
			s.users
		) } users, ${ formatCount( s.media_files ) } media, ${ formatCount(
			s.theme_files
		) } theme and ${ formatCount( s.plugin_files ) } plugin files`,
		p.cross_site
			? `  CROSS-SITE: this site is ${ p.target.site_url } (site ${ p.target.site_id }); URLs are rewritten ${ p.url_rewrite.from } -> ${ p.url_rewrite.to } unless --no-url-rewrite`
			: '  same site',
		...p.secrets_excluded.map(
			( name ) => `  secret not in archive: ${ name }`
		),
		...p.warnings.map( ( w ) => `  warning: ${ w }` ),
		'',
	];
	const table = formatTable(
		[ 'TABLE', 'ROWS IN ARCHIVE', 'ROWS NOW' ],
		p.diff.tables.map( ( t ) => [
			t.name,
			formatCount( t.rows_in_archive ),
			t.rows_now === null ? '(new)' : formatCount( t.rows_now ),
		] )
	);
	// An export is imported, not restored: what the import would do matters more than table counts.
	const plan = p.import ? '\n' + describePlan( p.import ) : '';
	return lines.join( '\n' ) + '\n' + table + plan;
}
