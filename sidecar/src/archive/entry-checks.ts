/* eslint-disable no-bitwise -- ZIP headers are bit fields; reading them needs bitwise operators. */
/**
 * Checks on the ZIP central directory that decide whether an archive is safe to read at all: names,
 * links, encryption, duplicates, counts, sizes and expansion ratios. Pure: runs on the directory
 * records only, before a single entry byte is read or written.
 */
import { SyteOpsError } from '../errors';
import { validateEntryPath } from './entry-path';
import type { ArchiveLimits } from './limits';
import { METHOD_DEFLATED, METHOD_STORED } from './zip-format';

/** The central directory fields these checks need (see central-directory.ts). */
export interface DirectoryRecord {
	path: string;
	versionMadeBy: number;
	flags: number;
	compressionMethod: number;
	compressedSize: number;
	uncompressedSize: number;
	externalFileAttributes: number;
}

const UNIX_HOST = 3;
const FILE_TYPE_MASK = 0o170000;
const SYMLINK_TYPE = 0o120000;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_STRONG_ENCRYPTION = 0x0040;

export function isSymlinkRecord( record: DirectoryRecord ): boolean {
	const unixMode = record.externalFileAttributes >>> 16;
	return (
		record.versionMadeBy >> 8 === UNIX_HOST &&
		( unixMode & FILE_TYPE_MASK ) === SYMLINK_TYPE
	);
}

function ratioOf( record: {
	compressedSize: number;
	uncompressedSize: number;
} ) {
	return record.uncompressedSize / Math.max( record.compressedSize, 1 );
}

function checkRecord( record: DirectoryRecord, limits: ArchiveLimits ): void {
	validateEntryPath( record.path );
	const detail = { path: record.path };
	if ( isSymlinkRecord( record ) ) {
		throw new SyteOpsError( 'syteops_archive_symlink_entry', detail );
	}
	if ( record.flags & ( FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION ) ) {
		throw new SyteOpsError( 'syteops_archive_encrypted_entry', detail );
	}
	if (
		record.compressionMethod !== METHOD_STORED &&
		record.compressionMethod !== METHOD_DEFLATED
	) {
		throw new SyteOpsError( 'syteops_archive_unsupported_compression', {
			...detail,
			method: record.compressionMethod,
		} );
	}
	if (
		record.uncompressedSize > limits.ratioFloorBytes &&
		ratioOf( record ) > limits.maxEntryRatio
	) {
		throw new SyteOpsError( 'syteops_archive_compression_ratio', {
			...detail,
			ratio: Math.round( ratioOf( record ) ),
			limit: limits.maxEntryRatio,
		} );
	}
}

/**
 * Throws the named error for the first problem found, in a fixed order so results are stable.
 * @param records
 * @param limits
 */
export function checkDirectory(
	records: readonly DirectoryRecord[],
	limits: ArchiveLimits
): void {
	if ( records.length > limits.maxEntries ) {
		throw new SyteOpsError( 'syteops_archive_too_many_entries', {
			count: records.length,
			limit: limits.maxEntries,
		} );
	}
	const tally = new DirectoryTally( limits );
	for ( const record of records ) {
		tally.add( record );
	}
	tally.finish();
}

/** Where a tally looks up and records the names it has seen. */
export interface NameSet {
	has: ( name: string ) => boolean;
	add: ( name: string ) => unknown;
}

/**
 * checkDirectory's checks, one record at a time (the count excepted: the caller checks it first): each
 * record's own, the duplicate names, then with finish() the totals.
 */
export class DirectoryTally {
	private readonly total = { compressedSize: 0, uncompressedSize: 0 };

	/**
	 * @param limits
	 * @param seen   the names seen so far: a set of its own, or a record of names the caller keeps anyway
	 */
	constructor(
		private readonly limits: ArchiveLimits,
		private readonly seen: NameSet = new Set< string >()
	) {}

	add( record: DirectoryRecord ): void {
		checkRecord( record, this.limits );
		if ( this.seen.has( record.path ) ) {
			throw new SyteOpsError( 'syteops_archive_duplicate_entry', {
				path: record.path,
			} );
		}
		this.seen.add( record.path );
		this.total.compressedSize += record.compressedSize;
		this.total.uncompressedSize += record.uncompressedSize;
	}

	finish(): void {
		const { total, limits } = this;
		if ( total.uncompressedSize > limits.maxTotalBytes ) {
			throw new SyteOpsError( 'syteops_archive_too_large', {
				size: total.uncompressedSize,
				limit: limits.maxTotalBytes,
			} );
		}
		if (
			total.uncompressedSize > limits.ratioFloorBytes &&
			ratioOf( total ) > limits.maxTotalRatio
		) {
			throw new SyteOpsError( 'syteops_archive_compression_ratio', {
				path: 'archive',
				ratio: Math.round( ratioOf( total ) ),
				limit: limits.maxTotalRatio,
			} );
		}
	}
}
