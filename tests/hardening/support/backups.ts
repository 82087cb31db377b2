/**
 * What every hardening test needs from the stack: an admin REST client, a backup taken through REST, the
 * downloaded archive, a seeded PRNG and a place to print one summary line per category.
 */
import { promises as fs } from 'node:fs';

import { waitForJob, type JobView } from '../../support/jobs';
import type { WpRest } from '../../support/wp-rest';

export const API = '/syteops/v1';

/**
 * Takes one full backup through REST and waits for it; fails the test if it does not succeed.
 * @param admin
 * @param label
 */
export async function takeBackup(
	admin: WpRest,
	label: string
): Promise< JobView > {
	let started = await admin.request< { job_id: string } >(
		'POST',
		`${ API }/backups`,
		{ label }
	);
	// The stack is shared: another engineer's backup answers 409 syteops_busy for a while.
	for ( let wait = 0; started.status === 409 && wait < 120; wait++ ) {
		await new Promise( ( resolve ) => setTimeout( resolve, 500 ) );
		started = await admin.request< { job_id: string } >(
			'POST',
			`${ API }/backups`,
			{ label }
		);
	}
	if ( started.status !== 202 ) {
		throw new Error(
			`backup refused: ${ started.status } ${ JSON.stringify(
				started.body
			) }`
		);
	}
	const job = await waitForJob( admin, started.body.job_id );
	if ( job.state !== 'succeeded' || ! job.snapshot_id ) {
		throw new Error( `backup failed: ${ JSON.stringify( job.error ) }` );
	}
	return job;
}

/**
 * Downloads a snapshot through REST into `file`; returns the raw bytes.
 * @param admin
 * @param snapshotId
 * @param file
 */
export async function downloadArchive(
	admin: WpRest,
	snapshotId: string,
	file: string
): Promise< Buffer > {
	const response = await fetch(
		`${ admin.baseUrl }/wp-json${ API }/backups/${ snapshotId }/download`,
		{ headers: { authorization: admin.auth } }
	);
	const bytes = Buffer.from( await response.arrayBuffer() );
	if ( response.status !== 200 ) {
		throw new Error( `download failed: ${ response.status }` );
	}
	await fs.writeFile( file, bytes );
	return bytes;
}

/**
 * Deletes snapshots this suite made, best effort: the newest one is protected while no schedule exists.
 * @param admin
 * @param ids
 */
export async function deleteSnapshots(
	admin: WpRest,
	ids: string[]
): Promise< void > {
	for ( const id of ids ) {
		await admin.request( 'DELETE', `${ API }/backups/${ id }` );
	}
}

/**
 * Park–Miller minimal standard generator: a seeded PRNG in plain arithmetic (no bitwise operators), so a
 * failing trial can be replayed from the printed seed.
 * @param seed
 */
export function seededRandom( seed: number ): () => number {
	const modulus = 2147483647;
	let state = ( Math.abs( Math.floor( seed ) ) % ( modulus - 1 ) ) + 1;
	return () => {
		state = ( state * 48271 ) % modulus;
		return ( state - 1 ) / ( modulus - 1 );
	};
}

/**
 * One line per category on stdout (not console.log: jest decorates that with a stack trace).
 * @param category
 * @param figures
 */
export function printSummary( category: string, figures: string ): void {
	process.stdout.write( `hardening: ${ category } — ${ figures }\n` );
}
