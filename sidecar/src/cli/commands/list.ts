/**
 * `list [--page N] [--per-page N] [--all]`: the catalog, newest first. `--all` lists every snapshot on one
 * page, deleted ones included.
 */
import type { SiteContext } from '../../engine/context';
import {
	toPublic,
	type PublicSnapshot,
	type SnapshotRow,
} from '../../repository/catalog';
import type { Command } from '../args';
import { formatBytes, formatTable } from '../format';
import type { CommandContext, CommandOutput } from '../io';

const ALL_PAGE_SIZE = 100;

async function everySnapshot( site: SiteContext ): Promise< SnapshotRow[] > {
	const rows: SnapshotRow[] = [];
	for ( let page = 1; ; page++ ) {
		const { items, total } = await site.catalog.list( {
			page,
			perPage: ALL_PAGE_SIZE,
			orderby: 'taken_at',
			order: 'desc',
			includeDeleted: true,
		} );
		rows.push( ...items );
		if ( items.length === 0 || rows.length >= total ) {
			return rows;
		}
	}
}

export async function listCommand(
	command: Extract< Command, { name: 'list' } >,
	ctx: CommandContext
): Promise< CommandOutput > {
	const site = await ctx.site.get();
	let rows: SnapshotRow[];
	let total: number;
	if ( command.all ) {
		rows = await everySnapshot( site );
		total = rows.length;
	} else {
		( { items: rows, total } = await site.catalog.list( {
			page: command.page,
			perPage: command.perPage,
			orderby: 'taken_at',
			order: 'desc',
		} ) );
	}
	const items = rows.map( toPublic );
	const perPage = command.all ? Math.max( total, 1 ) : command.perPage;
	const page = command.all ? 1 : command.page;
	return {
		json: {
			items,
			total,
			page,
			per_page: perPage,
			total_pages: Math.max( 1, Math.ceil( total / perPage ) ),
		},
		human: describeList( items, total, page, perPage ),
	};
}

export function describeList(
	items: PublicSnapshot[],
	total: number,
	page: number,
	perPage: number
): string {
	if ( items.length === 0 ) {
		return total === 0 ? 'No snapshots.\n' : `Page ${ page } is empty.\n`;
	}
	const table = formatTable(
		[ 'ID', 'TAKEN (UTC)', 'TYPE', 'STATUS', 'SIZE', 'LABEL' ],
		items.map( ( s ) => [
			s.id,
			s.taken_at.slice( 0, 19 ).replace( 'T', ' ' ),
			s.type,
			s.status + ( s.pinned ? ' (pinned)' : '' ),
			s.status === 'available' ? formatBytes( s.size_bytes ) : '-',
			s.label,
		] )
	);
	const pages = Math.max( 1, Math.ceil( total / perPage ) );
	return `${ table }\n${ items.length } of ${ total } snapshots (page ${ page } of ${ pages })\n`;
}
