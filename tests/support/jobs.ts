/**
 * Polls a job through the REST API until it ends.
 */
import type { WpRest } from './wp-rest';

export interface JobView {
	id: string;
	state: 'running' | 'succeeded' | 'failed';
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
		const { body } = await rest.request< JobView >(
			'GET',
			`/syteops/v1/jobs/${ jobId }`
		);
		if ( body.state !== 'running' ) {
			return body;
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 150 ) );
	}
	throw new Error( `job ${ jobId } still running after ${ timeoutMs } ms` );
}
