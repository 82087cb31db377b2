/**
 * Where archives live. One interface so a remote object store can be added beside the local directory later;
 * the catalog (not the target) is the source of truth for what an archive means.
 */
import type { Readable } from 'stream';

import { SyteOpsError } from '../../errors';

/** 32 lowercase hex characters and `.zip`: nothing in a name can point outside the target. */
export const ARCHIVE_NAME_PATTERN = /^[0-9a-f]{32}\.zip$/;

export interface StoredArchive {
	name: string;
	size: number;
	modifiedAt: Date;
}

export interface StorageTarget {
	readonly kind: 'local' | 'pcloud';
	/** Writes the whole stream under `name`; the archive appears complete or not at all. Never overwrites. */
	put: ( name: string, source: Readable ) => Promise< StoredArchive >;
	/** Moves a finished local file into the target under `name` (the file is gone afterwards). Never overwrites. */
	adopt: ( name: string, file: string ) => Promise< StoredArchive >;
	/** Throws syteops_archive_not_found when absent. */
	getStream: ( name: string ) => Promise< Readable >;
	/** Archives only (in name order); temporary and foreign files are not listed. */
	list: () => Promise< StoredArchive[] >;
	/** True when an archive was removed, false when it was already gone (so a sweep can be re-run). */
	delete: ( name: string ) => Promise< boolean >;
	stat: ( name: string ) => Promise< StoredArchive | null >;
	/**
	 * The archive as a file on this machine, for readers that need random access (a ZIP's central directory is
	 * at its end): a local target's own file; null for a remote target, whose archive must be fetched first.
	 */
	localPath: ( name: string ) => string | null;
	/** Bytes still available to new archives. */
	freeSpace: () => Promise< number >;
}

export function assertArchiveName( name: string ): void {
	if ( ! ARCHIVE_NAME_PATTERN.test( name ) ) {
		throw new SyteOpsError( 'syteops_storage_bad_name', {
			name: name.slice( 0, 80 ),
		} );
	}
}
