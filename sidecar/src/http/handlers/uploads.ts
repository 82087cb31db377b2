/**
 * Restore from file: open an upload, send it in chunks (resumable by offset), complete it. Completing hands
 * the file to the engine, which validates it entry by entry before anything is extracted.
 */
import type { Handlers } from '../../app';
import type { SiteContext } from '../../engine/context';
import { SyteOpsError } from '../../errors';
import type { Uploads } from '../../repository/uploads';
import { recordAudit } from '../../audit/record';
import { idParam, input, intParam, stringParam } from '../params';

export type RegisterUpload = (
	site: SiteContext,
	filePath: string,
	actorId: number
) => Promise< { backup_id: string } >;

export function uploadHandlers(
	site: SiteContext,
	uploads: Uploads,
	register: RegisterUpload | null
): Handlers {
	return {
		'uploads.create': async ( req, res ) => {
			const src = input( req );
			const filename = stringParam( src, 'filename', 200 );
			const size = intParam(
				src,
				'size',
				undefined,
				1,
				Number.MAX_SAFE_INTEGER
			);
			if ( ! filename || size === undefined ) {
				throw new SyteOpsError( 'syteops_invalid_param', {
					param: filename ? 'size' : 'filename',
					reason: 'is required',
				} );
			}
			const upload = await uploads.create(
				filename,
				size,
				req.actor?.user_id ?? 0
			);
			res.status( 201 ).json( {
				upload_id: upload.id,
				chunk_size: upload.chunk_size,
				received: 0,
				size: upload.size,
			} );
		},

		'uploads.chunk': async ( req, res ) => {
			const id = idParam( req, 'syteops_upload_not_found' );
			const offset = intParam(
				input( req ),
				'offset',
				undefined,
				0,
				Number.MAX_SAFE_INTEGER
			);
			if ( offset === undefined ) {
				throw new SyteOpsError( 'syteops_invalid_param', {
					param: 'offset',
					reason: 'is required',
				} );
			}
			const received = await uploads.writeChunk(
				id,
				offset,
				req,
				req.claimedBodySha256 ?? ''
			);
			res.json( { upload_id: id, received } );
		},

		'uploads.complete': async ( req, res ) => {
			const id = idParam( req, 'syteops_upload_not_found' );
			if ( ! register ) {
				throw new SyteOpsError( 'syteops_not_implemented', {
					action: 'uploads.complete',
				} );
			}
			const { path: filePath, descriptor } =
				await uploads.completedPath( id );
			try {
				const result = await register(
					site,
					filePath,
					req.actor?.user_id ?? 0
				);
				await recordAudit( site, req.actor, 'snapshot.upload', {
					snapshotId: result.backup_id,
					change: {
						filename: descriptor.filename,
						size: descriptor.size,
					},
				} );
				res.json( result );
			} catch ( error ) {
				if (
					error instanceof SyteOpsError &&
					error.code === 'syteops_cross_site_not_allowed'
				) {
					await recordAudit( site, req.actor, 'upload.refused', {
						change: {
							filename: descriptor.filename,
							site_id: error.details.site_id,
							site_url: error.details.site_url,
						},
					} );
				}
				throw error;
			} finally {
				await uploads.remove( id );
			}
		},
	};
}
