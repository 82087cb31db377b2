/**
 * Verify's second core. Parsing every row is most of verify's main-thread time (JSON.parse of each line and
 * the garbage it leaves: 8 of 24 s on the full-size bench archive), and nearly all rows live in a few large
 * entries. Those entries are checked on one worker thread, in the same single pass the main thread makes
 * (rows-scan.ts), while the main thread checks every other entry.
 */
import { startModuleWorker } from '../module-worker';
import type { ScanTarget } from './entry-scan';
import { errorFromMessage } from '../worker-errors';
import {
	scanFromMessage,
	type RowsJob,
	type RowsReply,
} from './rows-check-messages';
import type { RowsScan } from './rows-scan';

/**
 * Checks the targets on a worker thread; resolves with the same result scanWithRows gives on this thread.
 * @param archivePath
 * @param targets
 * @param maxLineBytes
 */
export function scanRowsOnWorker(
	archivePath: string,
	targets: ScanTarget[],
	maxLineBytes: number
): Promise< RowsScan > {
	const worker = startModuleWorker( __filename, 'rows-check-worker' );
	return new Promise< RowsScan >( ( resolve, reject ) => {
		worker.once( 'message', ( reply: RowsReply ) => {
			if ( 'scan' in reply ) {
				resolve( scanFromMessage( reply.scan ) );
			} else {
				reject( errorFromMessage( reply.failure ) );
			}
		} );
		worker.once( 'error', reject );
		worker.once( 'exit', ( code ) =>
			reject( new Error( `the rows worker exited (${ code })` ) )
		);
		const job: RowsJob = { archivePath, targets, maxLineBytes };
		worker.postMessage( job );
	} ).finally( () => worker.terminate() );
}
