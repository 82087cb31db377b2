/**
 * Background jobs (backups, verifies, restores, scheduled runs): read one, or poll it until it ends.
 */

/**
 * Internal dependencies
 */
import { ApiError, request } from './client';

export interface Job< Result = unknown > {
	id: string;
	kind: string;
	state: 'queued' | 'running' | 'succeeded' | 'failed';
	phase: string;
	progress: { done: number; total: number; percent: number | null };
	snapshot_id: string | null;
	result: Result | null;
	error: { code: string; message: string } | null;
}

export async function getJob< Result = unknown >(
	id: string
): Promise< Job< Result > > {
	return ( await request< Job< Result > >( `/jobs/${ id }` ) ).body;
}

const POLL_MS = 1000;

/**
 * Polls a job every second, reporting each state, until it succeeds (resolves with it) or fails (rejects with
 * its error as an ApiError, so the screen shows the server's message). `isCancelled` stops it on unmount.
 * @param id
 * @param onUpdate
 * @param isCancelled
 */
export async function pollJob< Result = unknown >(
	id: string,
	onUpdate: ( job: Job< Result > ) => void,
	isCancelled: () => boolean = () => false
): Promise< Job< Result > > {
	for (;;) {
		const job = await getJob< Result >( id );
		if ( isCancelled() ) {
			return job;
		}
		onUpdate( job );
		if ( job.state === 'succeeded' ) {
			return job;
		}
		if ( job.state === 'failed' ) {
			throw new ApiError(
				job.error?.code ?? 'syteops_internal',
				job.error?.message ?? job.phase,
				500
			);
		}
		await new Promise( ( resolve ) => setTimeout( resolve, POLL_MS ) );
	}
}
