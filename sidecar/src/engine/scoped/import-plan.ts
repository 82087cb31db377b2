/**
 * What importing an export would do on this site, computed without writing: the preview shows it, and the
 * import job computes it again under the site lock and carries it out (import-apply.ts). Reads the archive's
 * options and users (small) and streams the module rows once to learn their owners.
 */
import type { ManifestWithoutEntries, Scope } from '../../archive/manifest';
import type { Row, TableHeader } from '../../archive/row-codec';
import type { ArchiveReader } from '../../archive/zip-reader';
import { SyteOpsError } from '../../errors';
import type { SiteContext } from '../context';
import { loadRegistry, type Registry } from '../registry';
import { createRowTransform, type TransformStats } from '../row-transform';
import { isCrossSite, sourceSite, urlRewriteFor } from '../site-info';
import {
	archiveRows,
	importParts,
	rowRecord,
	type ImportParts,
} from './import-parts';
import {
	matchUsers,
	ownersToReplace,
	userIdMap,
	type UserMatch,
} from './remap';
import { planOptions, type OptionRow } from './plan-options';
import {
	count,
	moduleOwners,
	readUsers,
	requireTable,
	targetUsers,
} from './plan-reads';

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

export function requireExport(
	manifest: ManifestWithoutEntries,
	id: string
): void {
	if ( manifest.type !== 'export' || manifest.scope.kind === 'full' ) {
		throw new SyteOpsError( 'syteops_import_not_export', { id } );
	}
}

/**
 * Matches the archive's users with this site's and counts what the import does to users.
 * @param site
 * @param reader
 * @param parts
 */
async function planUsers(
	site: SiteContext,
	reader: ArchiveReader,
	parts: ImportParts
) {
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
	const how = ( kind: UserMatch[ 'how' ] ) =>
		matches.filter( ( m ) => m.how === kind ).length;
	// Only a card (user or master scope) updates a matched user; a module export leaves them as they are.
	const updated = parts.usermeta ? matches.length - how( 'create' ) : 0;
	const summary: ImportPlan[ 'users' ] = {
		in_archive: identities.length,
		matched_by_login: how( 'login' ),
		matched_by_email: how( 'email' ),
		created: how( 'create' ),
		updated,
		left_alone: ( await count( site, 'users' ) ) - updated,
		usermeta_rows:
			reader.manifest.sections.tables.find(
				( t ) => t.name === 'usermeta'
			)?.rows ?? 0,
	};
	return { users, identities, matches, summary };
}

/**
 * Per module: the rows the archive adds, and this site's rows it replaces or leaves alone.
 * @param site
 * @param reader
 * @param parts
 * @param carried source ids of the users the archive carries
 * @param ids     source -> target user ids (placeholders for users to create)
 */
async function planModules(
	site: SiteContext,
	reader: ArchiveReader,
	parts: ImportParts,
	carried: number[],
	ids: ReadonlyMap< number, number >
) {
	const owners: Record< string, number[] > = {};
	const modules: ImportPlan[ 'modules' ] = {};
	for ( const m of parts.modules ) {
		const found = await moduleOwners( reader, m.table, m.ownerColumn );
		owners[ m.table ] = found.owners;
		const replace = ownersToReplace( carried, found.owners, ids );
		const replaced = await count(
			site,
			m.table,
			`WHERE \`${ m.ownerColumn }\` IN (?)`,
			[ replace.length ? replace : [ -1 ] ]
		);
		modules[ m.name ] = {
			in_archive: found.rows,
			added: found.rows,
			replaced,
			left_alone: ( await count( site, m.table ) ) - replaced,
		};
	}
	return { owners, modules };
}

/**
 * Refuses before anything else an archive whose module or licensing tables this site lacks.
 * @param site
 * @param parts
 */
async function requireTables( site: SiteContext, parts: ImportParts ) {
	for ( const m of parts.modules ) {
		await requireTable( site, m.table, `module ${ m.name }` );
	}
	for ( const table of parts.licensing ) {
		await requireTable( site, table, 'licensing records' );
	}
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
	const { manifest } = reader;
	const registry = await loadRegistry( site.pool, site.config.tablePrefix );
	const parts = importParts(
		registry,
		manifest.sections.tables.map( ( t ) => t.name )
	);
	await requireTables( site, parts );
	const target = await sourceSite( site );
	const rewrite = urlRewriteFor(
		manifest.source,
		target,
		options.urlRewrite
	);
	const { transform, stats } = createRowTransform( {
		sourcePrefix: manifest.source.table_prefix,
		targetPrefix: site.config.tablePrefix,
		urlRewrite: rewrite,
	} );
	const opts = parts.options
		? await planOptions( site, reader, registry, transform )
		: null;
	const users = await planUsers( site, reader, parts );
	const ids = userIdMap( users.matches );
	const modules = await planModules(
		site,
		reader,
		parts,
		users.identities.map( ( u ) => u.id ),
		ids
	);
	if ( parts.usermeta ) {
		// Through the same transform the import uses, so the preview counts exactly the keys it renames.
		for await ( const { header, row } of archiveRows(
			reader,
			'usermeta'
		) ) {
			transform( 'usermeta', header, row );
		}
	}
	const licensing: ImportPlan[ 'licensing' ] = {};
	for ( const table of parts.licensing ) {
		licensing[ table ] = {
			in_archive:
				manifest.sections.tables.find( ( t ) => t.name === table )
					?.rows ?? 0,
			replaced: await count( site, table ),
		};
	}
	const plan: ImportPlan = {
		scope: manifest.scope,
		cross_site: isCrossSite( manifest.source, target ),
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
		users: users.summary,
		modules: modules.modules,
		licensing,
		remap: {
			users: users.matches.map( ( m ) => ( {
				login: m.login,
				source_id: m.sourceId,
				target_id: m.targetId,
				target_login: m.targetLogin,
				how: m.how,
			} ) ),
			prefixed_keys_renamed: stats.prefixed_keys_moved,
			fresh_ids: Object.fromEntries(
				Object.entries( modules.modules ).map( ( [ name, m ] ) => [
					name,
					m.added,
				] )
			),
		},
	};
	return {
		plan,
		parts,
		registry,
		options: opts?.options ?? [],
		users: users.users,
		matches: users.matches,
		owners: modules.owners,
		transformStats: stats,
		transform,
	};
}
