/**
 * Worker thread: verify's check of the large rows entries (rows-check-pool.ts sends them). The same pass as
 * the main thread's (rows-scan.ts): the bytes checked, then every row parsed from them. A job may first ask
 * for the file pass (file-pass.ts): the whole file's SHA-256 and its stored entries checked.
 */
import { parentPort } from 'node:worker_threads';

import { hashFileCheckingStored } from './file-pass';
import { scanWithRows, type RowsScan } from './rows-scan';
import { errorToMessage } from '../worker-errors';
import { scanToMessage, type RowsJob } from './rows-check-messages';
import { eachTarget } from './scan-targets';

/**
 * This thread's buffers are freed only when its small heap is collected, which external memory alone
 * triggers late: 1 MiB reads and inflated chunks left 30-55 MB of dead buffers waiting (verify's peak RSS
 * 261-283 MB); 256 KiB ones keep it at 222-236 MB, at the same speed.
 */
const WORKER_READ_BYTES = 256 * 1024;

/**
 * One entry at a time: this thread is the bottleneck (parsing rows), so a second entry inflating at once
 * gains nothing. Measured with 1 MiB reads, one at a time was neither leaner nor faster than two at once
 * (274-278 against 273-283 MB, 15.9-16.1 against 14.8-15.5 s); it is what the bench of 2026-12-02 ran.
 * @param job
 */
async function scanOneByOne( job: RowsJob ): Promise< RowsScan > {
	const all: RowsScan = { broken: new Map(), rows: new Map(), checked: 0 };
	for ( const target of eachTarget( job.targets ) ) {
		const scan = await scanWithRows(
			job.archivePath,
			[ target ],
			job.maxLineBytes,
			{
				readBytes: WORKER_READ_BYTES,
				...( job.content ? { content: job.content } : {} ),
			}
		);
		scan.broken.forEach( ( error, key ) => all.broken.set( key, error ) );
		scan.rows.forEach( ( check, key ) => all.rows.set( key, check ) );
		all.checked += scan.checked;
	}
	return all;
}

async function run(
	job: RowsJob
): Promise< { scan: RowsScan; fileSha256?: string } > {
	if ( ! job.filePass ) {
		return { scan: await scanOneByOne( job ) };
	}
	const { stored, recordedSha256 } = job.filePass;
	const file = await hashFileCheckingStored( job.archivePath, stored, {
		...( recordedSha256 ? { recordedSha256 } : {} ),
	} );
	const scan = await scanOneByOne( job );
	file.broken.forEach( ( error, key ) => scan.broken.set( key, error ) );
	scan.checked += file.checked;
	return { scan, fileSha256: file.sha256 };
}

parentPort?.once( 'message', ( job: RowsJob ) => {
	run( job ).then(
		( { scan, fileSha256 } ) =>
			parentPort?.postMessage( {
				scan: scanToMessage( scan ),
				...( fileSha256 ? { fileSha256 } : {} ),
			} ),
		( error: unknown ) =>
			parentPort?.postMessage( { failure: errorToMessage( error ) } )
	);
} );
