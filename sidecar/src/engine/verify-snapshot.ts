/**
 * Verify of a catalogued snapshot: the archive's own checks (structure, every entry's checksum, row data),
 * plus the SHA-256 of the whole file recorded when it was written or registered. The file checksum is
 * reported only when every other check passed: it exists to catch what they cannot see (a flip in bits that
 * deflate ignores), so a damaged entry still yields exactly one finding, the one naming that entry. A file
 * hash equal to the recorded one also proves the stored entries' content, so their own SHA-256 is computed
 * only when it differs (archive/file-pass.ts).
 */
import { verifyArchiveAndFile, type VerifyReport } from '../archive/verify';
import { fileSha256OnWorker } from '../archive/rows-check-pool';
import { formatMessage, ERRORS } from '../errors';
import type { SnapshotRow } from '../repository/catalog';

/**
 * The SHA-256 of a whole file, read on a worker thread (the file pass alone).
 * @param file
 */
export function fileSha256( file: string ): Promise< string > {
	return fileSha256OnWorker( file );
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
	// One run: the file pass hashes the whole file on a worker thread while the entries are checked.
	const { report, fileSha256: actual } = await verifyArchiveAndFile( file, {
		fileSha256: recorded !== null,
		...( recorded ? { recordedFileSha256: recorded } : {} ),
	} );
	if ( ! report.ok || ! recorded || actual === recorded ) {
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
