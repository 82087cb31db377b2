/**
 * Worker thread: a restore's table load (load-on-worker.ts sends the job). It runs the same loadIntoStaging
 * as a load on the main thread, on its own database pool and the table entries the restore's reader proved: inflating and parsing the rows,
 * the row transform (prefix keys, URL rewrite), building the INSERTs and digesting the staged tables as they
 * are read back. That was about a third of a restore's main-thread time, while the main thread also takes
 * the pre-restore snapshot and extracts the files.
 */
import { parentPort } from 'node:worker_threads';

import { EntrySubset } from '../archive/zip-reader';
import { readRows } from '../archive/rows-reader';
import { LOAD_LANES, loadIntoStaging } from '../db/load';
import { LoadVerdicts } from '../db/load-verdicts';
import { rowsPath } from '../db/schema-sql';
import { createPool } from '../db/pool';
import { errorToMessage } from '../worker-errors';
import { RowFacts } from './checklist/row-facts';
import type {
	LoadDone,
	LoadJob,
	LoadReply,
	TableVerdict,
} from './load-messages';
import { createRowTransform } from './row-transform';

const reply = ( message: LoadReply ) => parentPort?.postMessage( message );

/** Verdicts on tables, given by messages while the load runs (built when the job comes). */
let verdicts: LoadVerdicts | null = null;

/**
 * Observes a kept table's facts from its archive entry (the live table is byte for byte those rows): its
 * load observed none, or stopped part-way.
 * @param reader
 * @param facts
 * @param suffix
 */
async function observeKept(
	reader: EntrySubset,
	facts: RowFacts,
	suffix: string
): Promise< void > {
	facts.forget( suffix );
	const path = rowsPath( suffix );
	for await ( const { header, row } of readRows(
		reader.openEntry( path ),
		path
	) ) {
		if ( row ) {
			facts.observe( suffix, header, row );
		}
	}
}

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
			verdicts: verdicts ?? undefined,
			transformRow: ( suffix, header, values ) => {
				facts.observe( suffix, header, values );
				return transform( suffix, header, values );
			},
			onProgress: ( progress ) => reply( { progress } ),
		} );
		for ( const suffix of result.kept.filter( ( s ) =>
			facts.watches( s )
		) ) {
			await observeKept( reader, facts, suffix );
		}
		return {
			tables: result.tables,
			kept: result.kept,
			stats,
			facts: facts.toSent(),
		};
	} finally {
		// Before the reply: the restore ends this thread once it has the result.
		await pool.end().catch( () => undefined );
	}
}

parentPort?.on( 'message', ( message: LoadJob | TableVerdict ) => {
	if ( 'keep' in message ) {
		verdicts?.keep( message.keep );
		return;
	}
	if ( 'load' in message ) {
		verdicts?.load( message.load );
		return;
	}
	verdicts = new LoadVerdicts( message.waiting );
	load( message ).then(
		( done ) => reply( { done } ),
		( error: unknown ) => reply( { failure: errorToMessage( error ) } )
	);
} );
