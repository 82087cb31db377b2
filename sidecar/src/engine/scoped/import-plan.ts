/**
 * What importing an export would do on this site, computed without writing: the preview shows it, and the
 * import job computes it again under the site lock and carries it out (import-apply.ts). Reads the archive's
 * options and users (small) and streams the module rows once to learn their owners.
 */
import type { RowDataPacket } from 'mysql2';

import type { Manifest, Scope } from '../../archive/manifest';
import type { Row, TableHeader } from '../../archive/row-codec';
import type { ArchiveReader } from '../../archive/zip-reader';
import { SyteOpsError } from '../../errors';
import type { SiteContext } from '../context';
import { loadRegistry, type Registry } from '../registry';
import { createRowTransform, type TransformStats } from '../row-transform';
import { sourceSite } from '../site-info';
import {
	allowedOptions,
	archiveRows,
	importParts,
	rowRecord,
	type ImportParts,
} from './import-parts';
import {
	matchUsers,
	ownersToReplace,
	userIdMap,
	type UserIdentity,
	type UserMatch,
} from './remap';

export interface OptionRow {
	name: string;
	value: string;
	autoload: string;
}

export interface ImportPlan {
	scope: Scope;
	cross_site: boolean;
	url_rewrite: { from: string; to: string } | null;
	prefix: { from: string; to: string };
	options: {
		in_archive: number;
		added: number;
		changed: number;
		unchanged: number;
		skipped: string[];
	};
	users: {
		in_archive: number;
		matched_by_login: number;
		matched_by_email: number;
		created: number;
		/** Matched users whose card (row and carried meta) is written over in place. */
		updated: number;
		left_alone: number;
		usermeta_rows: number;
	};
	modules: Record<
		string,
		{
			in_archive: number;
			added: number;
			replaced: number;
			left_alone: number;
		}
	>;
	licensing: Record< string, { in_archive: number; replaced: number } >;
	remap: {
		users: {
			login: string;
			source_id: number;
			target_id: number | null;
			target_login: string;
			how: UserMatch[ 'how' ];
		}[];
		prefixed_keys_renamed: number;
		fresh_ids: Record< string, number >;
	};
}

/** What the apply step needs beyond the public plan. */
export interface PlanDetail {
	plan: ImportPlan;
	parts: ImportParts;
	registry: Registry;
	/** Options to write, already transformed (prefix, URLs) and filtered to the scope. */
	options: OptionRow[];
	/** The archive's user rows as records, and their matches (same order). */
	users: { header: TableHeader; rows: Row[] } | null;
	matches: UserMatch[];
	/** Source owner ids named in each module table's rows. */
	owners: Record< string, number[] >;
	transformStats: TransformStats;
	transform: ( suffix: string, header: TableHeader, row: Row ) => Row;
}

export function requireExport( manifest: Manifest, id: string ): void {
	if ( manifest.type !== 'export' || manifest.scope.kind === 'full' ) {
		throw new SyteOpsError( 'syteops_import_not_export', { id } );
	}
}

async function targetOptions(
	site: SiteContext,
	names: string[]
): Promise< Map< string, { value: string; autoload: string } > > {
	if ( ! names.length ) {
		return new Map();
	}
	const [ rows ] = await site.pool.query< RowDataPacket[] >(
		`SELECT option_name, option_value, autoload FROM \`${ site.config.tablePrefix }options\` WHERE option_name IN (?)`,
		[ names ]
	);
	return new Map(
		rows.map( ( r ) => [
			String( r.option_name ),
			{ value: String( r.option_value ), autoload: String( r.autoload ) },
		] )
	);
}

async function count(
	site: SiteContext,
	table: string,
	where = '',
	values: unknown[] = []
): Promise< number > {
	const [ rows ] = await site.pool.query< RowDataPacket[] >(
		`SELECT COUNT(*) AS n FROM \`${ site.config.tablePrefix }${ table }\` ${ where }`,
		values
	);
	return Number( rows[ 0 ].n );
}

async function requireTable( site: SiteContext, table: string, part: string ) {
	const [ rows ] = await site.pool.query< RowDataPacket[] >(
		'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
		[ site.config.tablePrefix + table ]
	);
	if ( ! rows.length ) {
		throw new SyteOpsError( 'syteops_import_table_missing', {
			table: site.config.tablePrefix + table,
			part,
		} );
	}
}

async function planOptions(
	site: SiteContext,
	reader: ArchiveReader,
	registry: Registry,
	transform: PlanDetail[ 'transform' ]
) {
	const allowed = allowedOptions(
		registry,
		reader.manifest.scope,
		site.config.tablePrefix
	);
	const options: OptionRow[] = [];
	const skipped: string[] = [];
	let inArchive = 0;
	for await ( const { header, row } of archiveRows( reader, 'options' ) ) {
		inArchive++;
		const record = rowRecord( header, transform( 'options', header, row ) );
		const name = String( record.option_name );
		if ( ! allowed.has( name ) ) {
			skipped.push( name );
			continue;
		}
		options.push( {
			name,
			value: String( record.option_value ?? '' ),
			autoload: String( record.autoload ?? 'yes' ),
		} );
	}
	const live = await targetOptions(
		site,
		options.map( ( o ) => o.name )
	);
	const same = ( o: OptionRow ) =>
		live.get( o.name )?.value === o.value &&
		live.get( o.name )?.autoload === o.autoload;
	return {
		options,
		summary: {
			in_archive: inArchive,
			added: options.filter( ( o ) => ! live.has( o.name ) ).length,
			changed: options.filter(
				( o ) => live.has( o.name ) && ! same( o )
			).length,
			unchanged: options.filter( same ).length,
			skipped,
		},
	};
}

async function readUsers( reader: ArchiveReader ) {
	let header: TableHeader | null = null;
	const rows: Row[] = [];
	for await ( const item of archiveRows( reader, 'users' ) ) {
		header = item.header;
		rows.push( item.row );
	}
	return header ? { header, rows } : null;
}

async function targetUsers( site: SiteContext ): Promise< UserIdentity[] > {
	const [ rows ] = await site.pool.query< RowDataPacket[] >(
		`SELECT ID, user_login, user_email FROM \`${ site.config.tablePrefix }users\``
	);
	return rows.map( ( r ) => ( {
		id: Number( r.ID ),
		login: String( r.user_login ),
		email: String( r.user_email ),
	} ) );
}

async function moduleOwners(
	reader: ArchiveReader,
	table: string,
	ownerColumn: string
): Promise< { rows: number; owners: number[] } > {
	const owners = new Set< number >();
	let rows = 0;
	for await ( const { header, row } of archiveRows( reader, table ) ) {
		rows++;
		const i = header.columns.findIndex( ( c ) => c.name === ownerColumn );
		owners.add( Number( row[ i ] ) || 0 );
	}
	return { rows, owners: [ ...owners ] };
}

/**
 * Plans importing the archive into this site.
 * @param site
 * @param reader
 * @param options
 * @param options.urlRewrite rewrite the source site's URLs to this site's (when they differ)
 */
export async function planImport(
	site: SiteContext,
	reader: ArchiveReader,
	options: { urlRewrite: boolean }
): Promise< PlanDetail > {
	const manifest = reader.manifest;
	const registry = await loadRegistry( site.pool, site.config.tablePrefix );
	const parts = importParts(
		registry,
		manifest.sections.tables.map( ( t ) => t.name )
	);
	const target = await sourceSite( site );
	const rewrite =
		options.urlRewrite && manifest.source.site_url !== target.site_url
			? { from: manifest.source.site_url, to: target.site_url }
			: null;
	const { transform, stats } = createRowTransform( {
		sourcePrefix: manifest.source.table_prefix,
		targetPrefix: site.config.tablePrefix,
		urlRewrite: rewrite,
	} );
	for ( const m of parts.modules ) {
		await requireTable( site, m.table, `module ${ m.name }` );
	}
	for ( const table of parts.licensing ) {
		await requireTable( site, table, 'licensing records' );
	}
	const opts = parts.options
		? await planOptions( site, reader, registry, transform )
		: null;
	const users = parts.users ? await readUsers( reader ) : null;
	const identities = ( users?.rows ?? [] ).map( ( row ) => {
		const r = rowRecord( ( users as { header: TableHeader } ).header, row );
		return {
			id: Number( r.ID ),
			login: String( r.user_login ),
			email: String( r.user_email ?? '' ),
		};
	} );
	const matches = matchUsers( identities, await targetUsers( site ) );
	const ids = userIdMap( matches );
	const plan: ImportPlan = {
		scope: manifest.scope,
		cross_site:
			manifest.source.site_id !== target.site_id ||
			manifest.source.site_url !== target.site_url,
		url_rewrite: rewrite,
		prefix: {
			from: manifest.source.table_prefix,
			to: site.config.tablePrefix,
		},
		options: opts?.summary ?? {
			in_archive: 0,
			added: 0,
			changed: 0,
			unchanged: 0,
			skipped: [],
		},
		users: {
			in_archive: identities.length,
			matched_by_login: matches.filter( ( m ) => m.how === 'login' )
				.length,
			matched_by_email: matches.filter( ( m ) => m.how === 'email' )
				.length,
			created: matches.filter( ( m ) => m.how === 'create' ).length,
			updated: parts.usermeta
				? matches.filter( ( m ) => m.how !== 'create' ).length
				: 0,
			left_alone:
				( await count( site, 'users' ) ) -
				( parts.usermeta
					? matches.filter( ( m ) => m.how !== 'create' ).length
					: 0 ),
			usermeta_rows:
				manifest.sections.tables.find( ( t ) => t.name === 'usermeta' )
					?.rows ?? 0,
		},
		modules: {},
		licensing: {},
		remap: {
			users: matches.map( ( m ) => ( {
				login: m.login,
				source_id: m.sourceId,
				target_id: m.targetId,
				target_login: m.targetLogin,
				how: m.how,
			} ) ),
			prefixed_keys_renamed: 0,
			fresh_ids: {},
		},
	};
	const owners: Record< string, number[] > = {};
	for ( const m of parts.modules ) {
		const found = await moduleOwners( reader, m.table, m.ownerColumn );
		owners[ m.table ] = found.owners;
		const replace = ownersToReplace(
			identities.map( ( u ) => u.id ),
			found.owners,
			ids
		);
		const total = await count( site, m.table );
		const replaced = await count(
			site,
			m.table,
			`WHERE \`${ m.ownerColumn }\` IN (?)`,
			[ replace.length ? replace : [ -1 ] ]
		);
		plan.modules[ m.name ] = {
			in_archive: found.rows,
			added: found.rows,
			replaced,
			left_alone: total - replaced,
		};
		plan.remap.fresh_ids[ m.name ] = found.rows;
	}
	for ( const table of parts.licensing ) {
		plan.licensing[ table ] = {
			in_archive:
				manifest.sections.tables.find( ( t ) => t.name === table )
					?.rows ?? 0,
			replaced: await count( site, table ),
		};
	}
	if ( parts.usermeta ) {
		// Through the same transform the import uses, so the preview counts exactly the keys it renames.
		for await ( const { header, row } of archiveRows(
			reader,
			'usermeta'
		) ) {
			transform( 'usermeta', header, row );
		}
	}
	plan.remap.prefixed_keys_renamed = stats.prefixed_keys_moved;
	return {
		plan,
		parts,
		registry,
		options: opts?.options ?? [],
		users,
		matches,
		owners,
		transformStats: stats,
		transform,
	};
}
