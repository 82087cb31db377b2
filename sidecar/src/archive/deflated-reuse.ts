/**
 * Deflated bytes taken from another archive instead of deflating the same bytes again. A restore's
 * pre-restore snapshot reads every live file, and on a restore onto the site the archive came from most of
 * them are, byte for byte, entries of the archive being restored, whose deflated form is already on disk.
 * Deflating is the largest cost of a snapshot: zlib's level 1 ran at 75-85 MB/s a core on the bench site's
 * text files, inflating the same bytes at several times that.
 *
 * An entry's deflated bytes stand in for a file only when they are proven to inflate to exactly the file's
 * bytes: the same size and CRC-32 (a cheap filter, so a file changed in place is turned down for the cost
 * of one CRC), then the stored bytes inflated and compared byte for byte. A damaged archive never reaches
 * the snapshot: its entry is turned down and the file is deflated as usual. The snapshot's own CRC-32 and
 * SHA-256 are still computed from the file's bytes by the writer, as for any entry.
 *
 * Synchronous on purpose: the capture calls it for a small file it has just read whole, on the main
 * thread, where a thread-pool round trip per file cost more than the work (small-files.ts).
 */
import { closeSync, openSync } from 'node:fs';
import { crc32 } from 'node:zlib';

import { readFully } from '../read-fully';
import { inflateSmallEntry, type ScanTarget } from './entry-scan';
import type { StoredEntry, StoredSource } from './stored-reuse';

/**
 * Where a writer may find an entry's deflated bytes: whole for a small entry read into memory (see
 * ArchiveWriter.prepare), as a byte range for a streamed one (see stored-reuse.ts).
 */
export interface DeflatedSource extends StoredSource {
	/**
	 * The deflated bytes of a complete raw deflate stream of exactly `data`, or undefined.
	 * @param entryPath the entry being written
	 * @param data      its bytes
	 */
	deflatedOf: ( entryPath: string, data: Buffer ) => Buffer | undefined;
}

/** What the reuse needs of an archive: its file and each listed entry's proven location. */
export interface ReusableArchive {
	readonly path: string;
	scanTargets: ( paths: Iterable< string > ) => ScanTarget[];
}

/**
 * The entries of one archive as a DeflatedSource. It can be handed out before the archive is open, and
 * answers undefined until `attach` and again after `close` (a restore attaches the archive before its
 * snapshot starts and closes it once the snapshot has settled).
 */
export class ArchiveDeflatedReuse implements DeflatedSource {
	private archive: ReusableArchive | null = null;
	private fd: number | null = null;
	private closed = false;
	/** Entries whose deflated bytes were handed out, and their uncompressed bytes. */
	reused = 0;
	reusedBytes = 0;

	/**
	 * Starts answering from this archive (once; ignored after close).
	 * @param archive an opened archive whose layout is proven (ArchiveReader)
	 */
	attach( archive: ReusableArchive ): void {
		if ( this.closed || this.archive ) {
			return;
		}
		this.fd = openSync( archive.path, 'r' );
		this.archive = archive;
	}

	deflatedOf( entryPath: string, data: Buffer ): Buffer | undefined {
		if ( ! this.archive || this.fd === null ) {
			return undefined;
		}
		const [ target ] = this.archive.scanTargets( [ entryPath ] );
		if (
			! target ||
			! target.deflated ||
			target.size !== data.length ||
			target.crc32 !== crc32( data )
		) {
			return undefined;
		}
		const stored = Buffer.allocUnsafe( target.compressedSize );
		if (
			readFully( this.fd, stored, target.dataStart ) !== stored.length
		) {
			return undefined;
		}
		let inflated: Buffer;
		try {
			inflated = inflateSmallEntry( stored, target );
		} catch {
			return undefined; // a damaged entry: the file is deflated as usual
		}
		if ( ! inflated.equals( data ) ) {
			return undefined;
		}
		this.reused++;
		this.reusedBytes += data.length;
		return stored;
	}

	/**
	 * The byte range of an entry's deflated bytes, for a streamed entry to be compared with (stored-reuse.ts
	 * proves them before they are taken).
	 * @param entryPath
	 */
	storedOf( entryPath: string ): StoredEntry | undefined {
		if ( ! this.archive ) {
			return undefined;
		}
		const [ target ] = this.archive.scanTargets( [ entryPath ] );
		if ( ! target || ! target.deflated || target.compressedSize === 0 ) {
			return undefined;
		}
		return {
			archivePath: this.archive.path,
			dataStart: target.dataStart,
			compressedSize: target.compressedSize,
		};
	}

	/** Stops answering and closes the archive's descriptor. */
	close(): void {
		this.closed = true;
		this.archive = null;
		if ( this.fd !== null ) {
			closeSync( this.fd );
			this.fd = null;
		}
	}
}
