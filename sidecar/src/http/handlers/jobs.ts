/**
 * `GET /jobs/{id}`: readable by the actor who holds the capability of the action that started the job.
 */
import type { Handlers } from '../../app';
import type { SiteContext } from '../../engine/context';
import { SyteOpsError } from '../../errors';
import { jobToPublic } from '../../repository/jobs';
import { idParam } from '../params';

export function jobHandlers( site: SiteContext ): Handlers {
	return {
		'jobs.get': async ( req, res ) => {
			const id = idParam( req, 'syteops_job_not_found' );
			const row = await site.jobs.get( id );
			if ( ! row ) {
				throw new SyteOpsError( 'syteops_job_not_found', { id } );
			}
			if ( ! req.actor?.capabilities.includes( row.capability ) ) {
				throw new SyteOpsError( 'syteops_forbidden', {
					action: `read this ${ row.kind } job`,
				} );
			}
			res.json( jobToPublic( row ) );
		},
	};
}
