/**
 * Engine routes: take a backup, verify, preview and download a snapshot. Long work runs as a job and
 * answers 202 with its id at once.
 */
import { pipeline } from 'node:stream/promises';

import type { Handlers } from '../../app';
import { recordAudit } from '../../audit/record';
import { archiveFile, archiveTarget } from '../../engine/archive-store';
import { takeFullBackup } from '../../engine/backup';
import type { SiteContext } from '../../engine/context';
import { previewArchive } from '../../engine/preview';
import { restoreSnapshot } from '../../engine/restore';
import { verifySnapshot } from '../../engine/verify-snapshot';
import { SyteOpsError } from '../../errors';
import type { SnapshotRow } from '../../repository/catalog';
import { boolParam, input, stringParam } from '../params';
import { loadSnapshot } from './backups';

function requireAvailable( row: SnapshotRow, action: string ): void {
	if ( row.status !== 'available' ) {
		throw new SyteOpsError( 'syteops_snapshot_not_available', {
			id: row.id,
			status: row.status,
			action,
		} );
	}
}

export function engineHandlers( site: SiteContext ): Handlers {
	return {
		'backups.create': async ( req, res ) => {
			const label = stringParam( input( req ), 'label', 100 ) ?? '';
			const userId = req.actor?.user_id ?? null;
			const jobId = await site.runner.start(
				{
					kind: 'backup',
					capability: 'syteops_backup_create',
					userId,
					exclusive: true,
				},
				async ( job ) => {
					const result = await takeFullBackup(
						site,
						{ type: 'manual', label, userId },
						job
					);
					await recordAudit( site, req.actor, 'snapshot.create', {
						snapshotId: result.snapshot_id,
						change: {
							type: 'manual',
							label,
							size_bytes: result.size_bytes,
						},
					} );
					return result;
				}
			);
			res.status( 202 ).json( { job_id: jobId } );
		},

		'backups.verify': async ( req, res ) => {
			const row = await loadSnapshot( site, req );
			requireAvailable( row, 'verified' );
			const file = await archiveFile( site, row );
			const jobId = await site.runner.start(
				{
					kind: 'verify',
					capability: 'syteops_backup_verify',
					userId: req.actor?.user_id ?? null,
					exclusive: false,
					snapshotId: row.id,
				},
				async ( job ) => {
					job.progress( 'verifying', 0, 1 );
					const report = await verifySnapshot( row, file );
					job.progress( 'verifying', 1, 1 );
					return report;
				}
			);
			res.status( 202 ).json( { job_id: jobId } );
		},

		'backups.restore': async ( req, res ) => {
			const src = input( req );
			if ( ! boolParam( src, 'confirm', false ) ) {
				throw new SyteOpsError( 'syteops_restore_unconfirmed' );
			}
			const row = await loadSnapshot( site, req );
			requireAvailable( row, 'restored' );
			if ( row.scope !== 'full' ) {
				throw new SyteOpsError( 'syteops_restore_scope', {
					id: row.id,
					scope: row.scope,
				} );
			}
			// Refused now (404 syteops_archive_not_found) rather than inside the job, before any pre-restore work.
			await archiveFile( site, row );
			const userId = req.actor?.user_id ?? null;
			const urlRewrite = boolParam( src, 'url_rewrite', true );
			const jobId = await site.runner.start(
				{
					kind: 'restore',
					capability: 'syteops_backup_restore',
					userId,
					exclusive: true,
					snapshotId: row.id,
				},
				async ( job ) => {
					const result = await restoreSnapshot(
						site,
						row,
						{ urlRewrite, userId },
						job,
						async ( preRestoreId ) => {
							await recordAudit(
								site,
								req.actor,
								'restore.start',
								{
									snapshotId: row.id,
									change: {
										pre_restore_snapshot_id: preRestoreId,
										url_rewrite: urlRewrite,
									},
								}
							);
						}
					);
					await recordAudit( site, req.actor, 'restore.finish', {
						snapshotId: row.id,
						change: {
							verification: result.verification,
							url_rewrite: result.url_rewrite,
							cross_site: result.cross_site,
							license_locked: result.license_locked,
							checklist_items: result.checklist.count,
						},
					} );
					return result;
				}
			);
			res.status( 202 ).json( { job_id: jobId } );
		},

		'backups.preview': async ( req, res ) => {
			const row = await loadSnapshot( site, req );
			requireAvailable( row, 'previewed' );
			res.json( {
				snapshot_id: row.id,
				...( await previewArchive(
					site,
					await archiveFile( site, row ),
					{
						urlRewrite: boolParam(
							input( req ),
							'url_rewrite',
							true
						),
					}
				) ),
			} );
		},

		'backups.download': async ( req, res ) => {
			const row = await loadSnapshot( site, req );
			requireAvailable( row, 'downloaded' );
			const target = await archiveTarget( site, row );
			const stored = await target.stat( row.archive_name );
			if ( ! stored ) {
				throw new SyteOpsError( 'syteops_archive_not_found', {
					name: row.archive_name,
				} );
			}
			const source = await target.getStream( row.archive_name );
			const day = row.taken_at.slice( 0, 10 );
			res.status( 200 );
			res.setHeader( 'Content-Type', 'application/zip' );
			res.setHeader( 'Content-Length', String( stored.size ) );
			res.setHeader(
				'Content-Disposition',
				`attachment; filename="syteops-backup-${ day }-${ row.id.slice( 0, 8 ) }.zip"`
			);
			await pipeline( source, res );
		},
	};
}
