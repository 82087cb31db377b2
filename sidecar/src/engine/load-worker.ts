/**
 * Worker thread: a restore's table load (load-on-worker.ts sends the job). It runs the same loadIntoStaging
 * as a load on the main thread, on its own database pool and the table entries the restore's reader proved: inflating and parsing the rows,
 * the row transform (prefix keys, URL rewrite), building the INSERTs and digesting the staged tables as they
 * are read back. That was about a third of a restore's main-thread time, while the main thread also takes
 * the pre-restore snapshot and extracts the files.
 */
import { parentPort } from 'node:worker_threads';

import { EntrySubset } from '../archive/zip-reader';
import { LOAD_LANES, loadIntoStaging } from '../db/load';
import { createPool } from '../db/pool';
import { errorToMessage } from '../worker-errors';
import { RowFacts } from './checklist/row-facts';
import type { LoadDone, LoadJob, LoadReply } from './load-messages';
import { createRowTransform } from './row-transform';

const reply = ( message: LoadReply ) => parentPort?.postMessage( message );

async function load( job: LoadJob ): Promise< LoadDone > {
	// The entries the restore's reader proved; every byte read is still checked against CRC-32 and digest.
	const reader = new EntrySubset( job.entries );
	const pool = createPool( job.db, LOAD_LANES );
	try {
		const facts = new RowFacts( job.sourceSiteUrl );
		const { transform, stats } = createRowTransform( job.transform );
		const result = await loadIntoStaging( pool, reader, {
			prefix: job.prefix,
			tables: job.tables,
			registry: job.registry,
			transformRow: ( suffix, header, values ) => {
				facts.observe( suffix, header, values );
				return transform( suffix, header, values );
			},
			onProgress: ( progress ) => reply( { progress } ),
		} );
		return { tables: result.tables, stats, facts: facts.toSent() };
	} finally {
		// Before the reply: the restore ends this thread once it has the result.
		await pool.end().catch( () => undefined );
	}
}

parentPort?.once( 'message', ( job: LoadJob ) => {
	load( job ).then(
		( done ) => reply( { done } ),
		( error: unknown ) => reply( { failure: errorToMessage( error ) } )
	);
} );
