/**
 * Verify of a catalogued snapshot: the archive's own checks (structure, every entry's checksum, row data),
 * plus the SHA-256 of the whole file recorded when it was written or registered. The file checksum is
 * reported only when every other check passed: it exists to catch what they cannot see (a flip in bits that
 * deflate ignores), so a damaged entry still yields exactly one finding, the one naming that entry.
 */
import { Worker } from 'node:worker_threads';

import { verifyArchive, type VerifyReport } from '../archive/verify';
import { formatMessage, ERRORS } from '../errors';
import { WORKER_RESOURCE_LIMITS } from '../memory-budget';
import type { SnapshotRow } from '../repository/catalog';

/**
 * Hashes the file on a worker thread, so the whole-file SHA-256 runs on the second core while the main
 * thread checks the entries. The worker reads the file itself (nothing is copied between threads) and
 * holds one 1 MB chunk at a time. Its source is plain CommonJS so it runs the same from the build and
 * under ts-jest.
 */
const HASH_WORKER = `
const { parentPort, workerData } = require( 'node:worker_threads' );
const { createHash } = require( 'node:crypto' );
const { createReadStream } = require( 'node:fs' );
( async () => {
	const hash = createHash( 'sha256' );
	for await ( const chunk of createReadStream( workerData, { highWaterMark: 1048576 } ) ) {
		hash.update( chunk );
	}
	parentPort.postMessage( { sha256: hash.digest( 'hex' ) } );
} )().catch( ( error ) =>
	parentPort.postMessage( { error: { message: String( error.message ), code: error.code } } )
);
`;

export function fileSha256( file: string ): Promise< string > {
	return new Promise( ( resolve, reject ) => {
		const worker = new Worker( HASH_WORKER, {
			eval: true,
			resourceLimits: WORKER_RESOURCE_LIMITS,
			workerData: file,
		} );
		worker.once(
			'message',
			( message: {
				sha256?: string;
				error?: { message: string; code?: string };
			} ) => {
				if ( message.sha256 ) {
					resolve( message.sha256 );
				} else {
					reject(
						Object.assign(
							new Error(
								message.error?.message ?? 'hash failed'
							),
							{ code: message.error?.code }
						)
					);
				}
				void worker.terminate();
			}
		);
		worker.once( 'error', reject );
	} );
}

export function recordedFileSha256( row: SnapshotRow ): string | null {
	try {
		const summary = JSON.parse( row.manifest_summary ?? 'null' ) as {
			archive_sha256?: unknown;
		} | null;
		return typeof summary?.archive_sha256 === 'string'
			? summary.archive_sha256
			: null;
	} catch {
		return null;
	}
}

export async function verifySnapshot(
	row: SnapshotRow,
	file: string
): Promise< VerifyReport > {
	const recorded = recordedFileSha256( row );
	// Both passes at once: the file hash on a worker thread, the entry checks here.
	const fileHash = recorded ? fileSha256( file ) : null;
	fileHash?.catch( () => undefined ); // awaited below only when the entry checks passed
	const report = await verifyArchive( file );
	if ( ! report.ok || ! recorded || ( await fileHash ) === recorded ) {
		return report;
	}
	const code = 'syteops_archive_file_checksum_mismatch';
	return {
		...report,
		ok: false,
		findings: [
			...report.findings,
			{
				code,
				severity: 'error',
				message: formatMessage( ERRORS[ code ].message, {} ),
			},
		],
		summary: { ...report.summary, errors: report.summary.errors + 1 },
	};
}
