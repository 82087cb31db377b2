/**
 * Polls a job until it ends: through the REST API, or straight in site B's database when the job (a restore
 * that replaces the users) ends the login that REST polling would need.
 */
import { dbConnection } from './site-fingerprint';
import type { StackEnv } from './stack';
import type { WpRest } from './wp-rest';

export interface JobView {
	id: string;
	state: 'queued' | 'running' | 'succeeded' | 'failed';
	phase: string;
	snapshot_id: string | null;
	result: Record< string, unknown > | null;
	error: { code: string; message: string } | null;
}

export async function waitForJob(
	rest: WpRest,
	jobId: string,
	timeoutMs = 120_000
): Promise< JobView > {
	const deadline = Date.now() + timeoutMs;
	while ( Date.now() < deadline ) {
		const { status, body } = await rest.request< JobView >(
			'GET',
			`/syteops/v1/jobs/${ jobId }`
		);
		if ( status !== 200 ) {
			// Not a job view (a REST error, a proxy failure): say so, rather than return it as a finished job.
			throw new Error(
				`GET /jobs/${ jobId } answered ${ status }: ${ JSON.stringify(
					body
				).slice( 0, 500 ) }`
			);
		}
		// A job is created queued and turns running once it holds the site lock: wait through both.
		if ( body.state !== 'running' && body.state !== 'queued' ) {
			return body;
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 150 ) );
	}
	throw new Error( `job ${ jobId } still running after ${ timeoutMs } ms` );
}

/**
 * Waits until a job of site B leaves queued/running, reading its row directly; resolves with its state.
 * @param stack
 * @param jobId
 */
export async function waitForJobStateOnSiteB(
	stack: StackEnv,
	jobId: string
): Promise< string > {
	const db = await dbConnection( stack, stack.DB2_NAME );
	try {
		for (;;) {
			const [ rows ] = await db.query(
				`SELECT state FROM ${ stack.TABLE2_PREFIX }syteops_jobs WHERE id = ?`,
				[ jobId ]
			);
			const state = ( rows as { state: string }[] )[ 0 ]?.state;
			if ( state !== 'queued' && state !== 'running' ) {
				return state;
			}
			await new Promise( ( resolve ) => setTimeout( resolve, 500 ) );
		}
	} finally {
		await db.end();
	}
}
