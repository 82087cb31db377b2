/**
 * A restore's table load on a worker thread (load-worker.ts), so the main thread's core is left to the
 * pre-restore snapshot and the file extraction that run at the same time. Resolves with what loadIntoStaging
 * resolves with, plus the transform's counts and the rows' checklist facts; a failure is the worker's error,
 * rebuilt (worker-errors.ts). On failure the worker has already dropped the staging tables it made, as a
 * load on this thread does. While it runs, `keep` and `load` give the verdicts on the tables the job says
 * wait for one (see LoadOptions.verdicts).
 */
import type { LoadProgress } from '../db/load';
import { startModuleWorker } from '../module-worker';
import { errorFromMessage } from '../worker-errors';
import type {
	LoadDone,
	LoadJob,
	LoadReply,
	TableVerdict,
} from './load-messages';

/** A running load: `done` settles as described above; `keep` and `load` give a table's verdict. */
export interface LoadOnWorker {
	done: Promise< LoadDone >;
	keep: ( suffix: string ) => void;
	load: ( suffix: string ) => void;
}

export function loadOnWorker(
	job: LoadJob,
	onProgress: ( progress: LoadProgress ) => void
): LoadOnWorker {
	const worker = startModuleWorker( __filename, 'load-worker' );
	let settled = false;
	const done = new Promise< LoadDone >( ( resolve, reject ) => {
		worker.on( 'message', ( reply: LoadReply ) => {
			if ( 'progress' in reply ) {
				onProgress( reply.progress );
			} else if ( 'done' in reply ) {
				resolve( reply.done );
			} else {
				reject( errorFromMessage( reply.failure ) );
			}
		} );
		worker.once( 'error', reject );
		worker.once( 'exit', ( code ) =>
			reject( new Error( `the load worker exited (${ code })` ) )
		);
		worker.postMessage( job );
	} ).finally( () => {
		settled = true;
		return worker.terminate();
	} );
	const tell = ( message: TableVerdict ) => {
		if ( ! settled ) {
			worker.postMessage( message );
		}
	};
	return {
		done,
		keep: ( suffix ) => tell( { keep: suffix } ),
		load: ( suffix ) => tell( { load: suffix } ),
	};
}
