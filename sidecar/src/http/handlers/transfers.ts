/**
 * Scoped exports and imports: `POST /exports` and `POST /imports`. Both check their input and the scope
 * against the site before answering, then run as exclusive jobs (202 `{ job_id }`) under the site lock.
 */
import type { Handlers } from '../../app';
import { ArchiveReader } from '../../archive/zip-reader';
import { recordAudit } from '../../audit/record';
import { archiveFile } from '../../engine/archive-store';
import type { SiteContext } from '../../engine/context';
import { loadRegistry } from '../../engine/registry';
import {
	resolveExportScope,
	takeScopedExport,
} from '../../engine/scoped/export';
import { importSnapshot } from '../../engine/scoped/import';
import { importAuditShape } from '../../engine/scoped/import-audit';
import { requireExport } from '../../engine/scoped/import-plan';
import { EXPORT_SCOPES } from '../../engine/scoped/scope';
import { SyteOpsError } from '../../errors';
import { boolParam, enumParam, input, intParam, stringParam } from '../params';

function nameParam( src: Record< string, unknown > ): string | undefined {
	const name = stringParam( src, 'name', 64 );
	if ( name !== undefined && ! /^[a-z0-9_]{1,64}$/.test( name ) ) {
		throw new SyteOpsError( 'syteops_invalid_param', {
			param: 'name',
			reason: 'lowercase letters, digits and underscores only',
		} );
	}
	return name;
}

export function transferHandlers( site: SiteContext ): Handlers {
	return {
		'exports.create': async ( req, res ) => {
			const src = input( req );
			const kind = enumParam( src, 'scope', EXPORT_SCOPES, undefined );
			if ( ! kind ) {
				throw new SyteOpsError( 'syteops_invalid_param', {
					param: 'scope',
					reason: `required, one of ${ EXPORT_SCOPES.join( ', ' ) }`,
				} );
			}
			const registry = await loadRegistry(
				site.pool,
				site.config.tablePrefix
			);
			const scope = await resolveExportScope( site, registry, {
				kind,
				name: nameParam( src ),
				userId: intParam(
					src,
					'user_id',
					undefined,
					1,
					Number.MAX_SAFE_INTEGER
				),
			} );
			const actorId = req.actor?.user_id ?? null;
			const jobId = await site.runner.start(
				{
					kind: 'export',
					capability: 'syteops_backup_create',
					userId: actorId,
					exclusive: true,
				},
				async ( job ) => {
					const result = await takeScopedExport(
						site,
						{ scope, actorId },
						job
					);
					await recordAudit( site, req.actor, 'export.create', {
						snapshotId: result.snapshot_id,
						change: {
							type: 'export',
							scope: result.scope,
							size_bytes: result.size_bytes,
							rows: result.rows,
						},
					} );
					return result;
				}
			);
			res.status( 202 ).json( { job_id: jobId } );
		},

		'imports.create': async ( req, res ) => {
			const src = input( req );
			if ( ! boolParam( src, 'confirm', false ) ) {
				throw new SyteOpsError( 'syteops_import_unconfirmed' );
			}
			const id = stringParam( src, 'backup_id', 64 ) ?? '';
			const row = /^[0-9a-f]{32}$/.test( id )
				? await site.catalog.get( id )
				: null;
			if ( ! row ) {
				throw new SyteOpsError( 'syteops_snapshot_not_found', {
					id: id.slice( 0, 64 ),
				} );
			}
			if ( row.status !== 'available' ) {
				throw new SyteOpsError( 'syteops_snapshot_not_available', {
					id: row.id,
					status: row.status,
					action: 'imported',
				} );
			}
			// Refuse a full backup at once, not as a failed job.
			requireExport(
				( await ArchiveReader.open( await archiveFile( site, row ) ) )
					.manifest,
				row.id
			);
			const urlRewrite = boolParam( src, 'url_rewrite', true );
			const jobId = await site.runner.start(
				{
					kind: 'import',
					capability: 'syteops_backup_restore',
					userId: req.actor?.user_id ?? null,
					exclusive: true,
					snapshotId: row.id,
				},
				async ( job ) => {
					await recordAudit( site, req.actor, 'import.start', {
						snapshotId: row.id,
						change: { scope: row.scope, url_rewrite: urlRewrite },
					} );
					const result = await importSnapshot(
						site,
						row,
						{ urlRewrite },
						job
					);
					await recordAudit( site, req.actor, 'import.finish', {
						snapshotId: row.id,
						change: importAuditShape( result ),
					} );
					return result;
				}
			);
			res.status( 202 ).json( { job_id: jobId } );
		},
	};
}
