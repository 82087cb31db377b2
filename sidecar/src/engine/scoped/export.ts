/**
 * A scoped export: the rows of one scope (see export-plan.ts) in a manifest ZIP of the ordinary archive
 * format, type `export`, its scope in the manifest and the catalog. Written like a backup (temp file,
 * fsync, rename); on failure the temp file is removed and the catalog row is `failed`.
 */
import type { RowDataPacket } from 'mysql2';

import type { ManifestWithoutEntries } from '../../archive/manifest';
import { FORMAT_NAME, FORMAT_VERSION } from '../../archive/manifest';
import { ArchiveWriter } from '../../archive/zip-writer';
import { dumpSelections } from '../../db/dump-selection';
import type { DumpedTable } from '../../db/dump';
import { SyteOpsError } from '../../errors';
import { newId } from '../../repository/jobs';
import type { SiteContext } from '../context';
import { failCapture } from '../failed-capture';
import type { JobContext } from '../job-runner';
import { writeTarget } from '../archive-store';
import { manifestSummary } from '../manifest-summary';
import { loadRegistry, type Registry } from '../registry';
import { roleCount, sourceSite, variableSetCount } from '../site-info';
import { exportSelections } from './export-plan';
import {
	catalogScope,
	checkScopeName,
	manifestScope,
	VARIABLE_SETS_TAB,
	type ExportScope,
	type ExportScopeKind,
} from './scope';

export interface ExportRequest {
	kind: ExportScopeKind;
	name?: string;
	userId?: number;
	userLogin?: string;
}

export interface ExportResult {
	snapshot_id: string;
	scope: string;
	size_bytes: number;
	tables: number;
	rows: number;
	users: number;
	modules: Record< string, number >;
	secrets_excluded: string[];
}

/**
 * Checks a request against this site (tab and module names from its registry, the user from its users
 * table) and returns the scope to export.
 * @param site
 * @param registry
 * @param request
 */
export async function resolveExportScope(
	site: SiteContext,
	registry: Registry,
	request: ExportRequest
): Promise< ExportScope > {
	if ( request.kind === 'master' ) {
		return { kind: 'master' };
	}
	if ( request.kind === 'tab' || request.kind === 'module' ) {
		if ( ! request.name ) {
			throw new SyteOpsError( 'syteops_invalid_param', {
				param: 'name',
				reason: `a ${ request.kind } export needs the ${ request.kind } name`,
			} );
		}
		checkScopeName( registry, request.kind, request.name );
		return { kind: request.kind, name: request.name };
	}
	if ( request.userId === undefined && request.userLogin === undefined ) {
		throw new SyteOpsError( 'syteops_invalid_param', {
			param: 'user_id',
			reason: 'a user export needs the user id (or login)',
		} );
	}
	const byId = request.userId !== undefined;
	const [ rows ] = await site.pool.query< RowDataPacket[] >(
		`SELECT ID, user_login FROM \`${ site.config.tablePrefix }users\` WHERE ${
			byId ? 'ID' : 'user_login'
		} = ?`,
		[ byId ? request.userId : request.userLogin ]
	);
	if ( ! rows.length ) {
		throw new SyteOpsError( 'syteops_export_user_not_found', {
			field: byId ? 'id' : 'login',
			value: String( byId ? request.userId : request.userLogin ),
		} );
	}
	return {
		kind: 'user',
		userId: Number( rows[ 0 ].ID ),
		userLogin: String( rows[ 0 ].user_login ),
	};
}

export async function takeScopedExport(
	site: SiteContext,
	request: { scope: ExportScope; label?: string; actorId: number | null },
	job: JobContext | null
): Promise< ExportResult > {
	const registry = await loadRegistry( site.pool, site.config.tablePrefix );
	const scope = request.scope;
	const settings = await site.settings.get();
	const id = newId();
	const startedAt = site.now();
	const scopeName = catalogScope( scope );
	await site.catalog.insertCapturing( {
		id,
		type: 'export',
		scope: scopeName,
		label: ( request.label || `export ${ scopeName }` ).slice( 0, 100 ),
		userId: request.actorId,
		retentionUntil: new Date(
			startedAt.getTime() + settings.default_retention_days * 86400_000
		),
	} );
	await job?.setSnapshot( id );
	let writer: ArchiveWriter | null = null;
	try {
		writer = await ArchiveWriter.open(
			( await writeTarget( site ) ).directory
		);
		await site.catalog.claimArchiveName( id, writer.archiveName );
		job?.progress( 'exporting', 0, 1 );
		const tables = await dumpSelections(
			site.pool,
			site.config.tablePrefix,
			exportSelections( registry, scope, site.config.tablePrefix ),
			writer
		);
		const manifest = await buildManifest(
			site,
			registry,
			scope,
			tables,
			startedAt
		);
		const finished = await writer.finish( manifest );
		await site.catalog.markAvailable( id, finished.name, finished.size, {
			...manifestSummary( finished.manifest ),
			archive_sha256: finished.sha256,
		} );
		job?.progress( 'exporting', 1, 1 );
		return {
			snapshot_id: id,
			scope: scopeName,
			size_bytes: finished.size,
			tables: tables.length,
			rows: tables.reduce( ( sum, t ) => sum + t.rows, 0 ),
			users: manifest.sections.users,
			modules: manifest.sections.modules,
			secrets_excluded: manifest.secrets_excluded,
		};
	} catch ( error ) {
		await failCapture(
			site,
			id,
			writer,
			error,
			'The export failed; see the sidecar log.'
		);
		throw error;
	}
}

async function buildManifest(
	site: SiteContext,
	registry: Registry,
	scope: ExportScope,
	tables: DumpedTable[],
	startedAt: Date
): Promise< ManifestWithoutEntries > {
	const rowsOf = ( suffix: string ) =>
		tables.find( ( t ) => t.name === suffix )?.rows ?? 0;
	const modules = Object.fromEntries(
		Object.entries(
			registry.modules as Record< string, { table: string } >
		)
			.filter( ( [ , m ] ) => tables.some( ( t ) => t.name === m.table ) )
			.map( ( [ name, m ] ) => [ name, rowsOf( m.table ) ] )
	);
	const isTab = ( name: string ) =>
		scope.kind === 'tab' && scope.name === name;
	const carriesRoles = scope.kind === 'master' || isTab( 'users' );
	const carriesSets = scope.kind === 'master' || isTab( VARIABLE_SETS_TAB );
	let settingsTabs = 0;
	if ( scope.kind === 'master' ) {
		settingsTabs = Object.keys( registry.tabs ).length;
	} else if ( scope.kind === 'tab' && scope.name !== VARIABLE_SETS_TAB ) {
		settingsTabs = 1;
	}
	return {
		format: FORMAT_NAME,
		format_version: FORMAT_VERSION,
		source: await sourceSite( site ),
		type: 'export',
		scope: manifestScope( scope ),
		created_at: startedAt.toISOString(),
		finished_at: site.now().toISOString(),
		sections: {
			tables: tables.map( ( t ) => ( {
				name: t.name,
				rows: t.rows,
				sha256: t.sha256,
				...( t.engine ? { engine: t.engine } : {} ),
			} ) ),
			users: rowsOf( 'users' ),
			roles: carriesRoles ? await roleCount( site ) : 0,
			settings_tabs: settingsTabs,
			modules,
			licensing_records: registry.licensing.tables.reduce(
				( sum, table ) => sum + rowsOf( table ),
				0
			),
			variable_sets: carriesSets ? await variableSetCount( site ) : 0,
			media_files: 0,
			theme_files: 0,
			plugin_files: 0,
		},
		secrets_excluded: registry.secrets.fields.map( ( f ) => f.name ),
		warnings: tables
			.filter( ( t ) => t.engine && ! /^innodb$/i.test( t.engine ) )
			.map(
				( t ) =>
					`${ site.config.tablePrefix }${ t.name } is ${ t.engine }: not part of the consistent snapshot`
			),
	};
}
