/**
 * Catalog routes: list, read, delete (with the self-protection rules), pin and unpin.
 */
import type { Request, Response } from 'express';

import type { Handlers } from '../../app';
import type { SiteContext } from '../../engine/context';
import { SyteOpsError } from '../../errors';
import { toPublic, type SnapshotRow } from '../../repository/catalog';
import { deleteSnapshot } from '../../engine/archive-store';
import { recordAudit } from '../../audit/record';
import {
	enumParam,
	idParam,
	input,
	intParam,
	stringParam,
	timeParam,
} from '../params';

const SIXTY_DAYS_MS = 60 * 24 * 3600 * 1000;

export async function loadSnapshot(
	site: SiteContext,
	req: Request
): Promise< SnapshotRow > {
	const id = idParam( req, 'syteops_snapshot_not_found' );
	const row = await site.catalog.get( id );
	if ( ! row ) {
		throw new SyteOpsError( 'syteops_snapshot_not_found', { id } );
	}
	return row;
}

export function backupHandlers( site: SiteContext ): Handlers {
	return {
		'backups.list': async ( req: Request, res: Response ) => {
			const src = input( req );
			const after = timeParam( src, 'after' );
			const before = timeParam( src, 'before' );
			const perPage = intParam( src, 'per_page', 20, 1, 100 ) as number;
			const { items, total } = await site.catalog.list( {
				page: intParam( src, 'page', 1, 1, 1_000_000 ) as number,
				perPage,
				orderby: enumParam(
					src,
					'orderby',
					[
						'taken_at',
						'size_bytes',
						'type',
						'status',
						'label',
					] as const,
					'taken_at'
				) as 'taken_at',
				order: enumParam(
					src,
					'order',
					[ 'asc', 'desc' ] as const,
					'desc'
				) as 'desc',
				search: stringParam( src, 'search', 100 ) || undefined,
				// The default view is the last 60 days; an explicit range replaces it.
				after:
					after ??
					( before
						? undefined
						: new Date( site.now().getTime() - SIXTY_DAYS_MS ) ),
				before,
			} );
			res.setHeader( 'X-WP-Total', String( total ) );
			res.setHeader(
				'X-WP-TotalPages',
				String( Math.max( 1, Math.ceil( total / perPage ) ) )
			);
			res.json( items.map( toPublic ) );
		},

		'backups.get': async ( req, res ) => {
			res.json( toPublic( await loadSnapshot( site, req ) ) );
		},

		'backups.delete': async ( req, res ) => {
			const row = await loadSnapshot( site, req );
			if ( row.status === 'deleted' ) {
				res.json( toPublic( row ) );
				return;
			}
			if ( row.status === 'capturing' || row.status === 'restoring' ) {
				throw new SyteOpsError( 'syteops_snapshot_not_available', {
					id: row.id,
					status: row.status,
					action: 'deleted',
				} );
			}
			if ( row.pinned ) {
				throw new SyteOpsError( 'syteops_snapshot_pinned', {
					id: row.id,
				} );
			}
			const settings = await site.settings.get();
			const scheduleOn = Boolean(
				settings.schedule &&
				( settings.schedule as { enabled?: boolean } ).enabled
			);
			if (
				! scheduleOn &&
				row.status === 'available' &&
				row.type !== 'export'
			) {
				const backups = (
					await site.catalog.all( [ 'available' ] )
				).filter( ( r ) => r.type !== 'export' );
				// taken_at has one-second resolution: a snapshot taken in the same second as this one is
				// just as recent, so deleting this one still leaves the newest backup in place.
				const equallyRecent = backups.some(
					( r ) => r.id !== row.id && r.taken_at === row.taken_at
				);
				if ( backups[ 0 ]?.id === row.id && ! equallyRecent ) {
					throw new SyteOpsError( 'syteops_last_snapshot', {
						id: row.id,
					} );
				}
			}
			await deleteSnapshot( site, row );
			await recordAudit( site, req.actor, 'snapshot.delete', {
				snapshotId: row.id,
				change: { before: row.status, after: 'deleted' },
			} );
			res.json(
				toPublic( ( await site.catalog.get( row.id ) ) as SnapshotRow )
			);
		},

		'backups.pin': async ( req, res ) => {
			const row = await loadSnapshot( site, req );
			if ( row.status !== 'available' && row.status !== 'restoring' ) {
				throw new SyteOpsError( 'syteops_snapshot_not_available', {
					id: row.id,
					status: row.status,
					action: 'pinned',
				} );
			}
			const src = input( req );
			const expiresAt = timeParam( src, 'expires_at' ) ?? null;
			if ( expiresAt && expiresAt.getTime() <= site.now().getTime() ) {
				throw new SyteOpsError( 'syteops_invalid_param', {
					param: 'expires_at',
					reason: 'must be in the future',
				} );
			}
			const label = stringParam( src, 'label', 100 ) || null;
			await site.catalog.setPin( row.id, true, label, expiresAt );
			await recordAudit( site, req.actor, 'snapshot.pin', {
				snapshotId: row.id,
				change: { label, expires_at: expiresAt?.toISOString() ?? null },
			} );
			res.json(
				toPublic( ( await site.catalog.get( row.id ) ) as SnapshotRow )
			);
		},

		'backups.unpin': async ( req, res ) => {
			const row = await loadSnapshot( site, req );
			await site.catalog.setPin( row.id, false, null, null );
			await recordAudit( site, req.actor, 'snapshot.unpin', {
				snapshotId: row.id,
				change: {
					before: {
						pinned: Boolean( row.pinned ),
						label: row.pin_label,
					},
					after: { pinned: false },
				},
			} );
			res.json(
				toPublic( ( await site.catalog.get( row.id ) ) as SnapshotRow )
			);
		},
	};
}
