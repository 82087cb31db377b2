/**
 * Verify's second core. Parsing every row is most of verify's main-thread time (JSON.parse of each line and
 * the garbage it leaves: 8 of 24 s on the full-size bench archive), and nearly all rows live in a few large
 * entries. Those entries are checked on one worker thread, in the same single pass the main thread makes
 * (rows-scan.ts), while the main thread checks every other entry.
 */
import { startModuleWorker } from '../module-worker';
import type { ContentCheck } from './entry-stream';
import { asPacked, type Targets } from './scan-targets';
import { errorFromMessage } from '../worker-errors';
import {
	scanFromMessage,
	type RowsJob,
	type RowsReply,
} from './rows-check-messages';
import type { RowsScan } from './rows-scan';

/**
 * Checks the targets on a worker thread; resolves with the same result scanWithRows gives on this thread.
 * With `filePass`, the worker first reads the whole file (file-pass.ts): the result then also holds the
 * file's SHA-256 and the outcome of each of those stored entries.
 * @param archivePath
 * @param targets
 * @param maxLineBytes
 * @param filePass
 * @param filePass.stored
 * @param filePass.recordedSha256
 * @param content                 whether the targets' content is hashed (entry-scan.ts ScanOptions)
 */
export function scanRowsOnWorker(
	archivePath: string,
	targets: Targets,
	maxLineBytes: number,
	filePass?: { stored: Targets; recordedSha256?: string },
	content: ContentCheck = 'hashed'
): Promise< RowsScan & { fileSha256?: string } > {
	const worker = startModuleWorker( __filename, 'rows-check-worker' );
	return new Promise< RowsScan & { fileSha256?: string } >(
		( resolve, reject ) => {
			worker.once( 'message', ( reply: RowsReply ) => {
				if ( 'scan' in reply ) {
					resolve( {
						...scanFromMessage( reply.scan ),
						...( reply.fileSha256
							? { fileSha256: reply.fileSha256 }
							: {} ),
					} );
				} else {
					reject( errorFromMessage( reply.failure ) );
				}
			} );
			worker.once( 'error', reject );
			worker.once( 'exit', ( code ) =>
				reject( new Error( `the rows worker exited (${ code })` ) )
			);
			const job: RowsJob = {
				archivePath,
				targets: asPacked( targets ),
				maxLineBytes,
				content,
				...( filePass
					? {
							filePass: {
								...filePass,
								stored: asPacked( filePass.stored ),
							},
						}
					: {} ),
			};
			worker.postMessage( job );
		}
	).finally( () => worker.terminate() );
}

/**
 * The SHA-256 of a whole file, read on a worker thread (the file pass alone).
 * @param file
 */
export async function fileSha256OnWorker( file: string ): Promise< string > {
	const { fileSha256 } = await scanRowsOnWorker( file, [], 0, {
		stored: [],
	} );
	return fileSha256 as string;
}
