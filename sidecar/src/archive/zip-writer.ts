/**
 * Streams one snapshot into a ZIP in the storage directory. Entries are hashed while they stream (never
 * buffered whole) and deflated on several cores (zip-output.ts, block-deflate.ts); manifest.json is
 * written last, listing every entry. The archive only gets its final
 * name (128 random bits, hex) after it is complete and fsynced, so a crash or a full disk never leaves a
 * file that looks like a snapshot: only a `.tmp-*.zip` that abort() or the next start removes.
 *
 * The final name is drawn when the writer opens (`archiveName`), so the engine can record it in the
 * snapshot's catalog row before the archive appears under it: a process killed between the rename and
 * the row turning `available` leaves a row that names the file, which start-up recovery removes, never an
 * archive no row knows about.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

import { SyteOpsError, isSyteOpsError } from '../errors';
import { PathIndex } from '../path-index';
import { isAlreadyCompressed } from './compression';
import { validateEntryPath } from './entry-path';
import { FailureSignal } from './failure-signal';
import {
	MANIFEST_PATH,
	parseManifestEntry,
	parseManifestHead,
	type ManifestEntry,
	type ManifestLike,
	type ManifestWithoutEntries,
} from './manifest';
import { ManifestEntryLog } from './manifest-entry-log';
import type { Digest } from './digest';
import type { DeflatedSource } from './deflated-reuse';
import {
	bufferedBody,
	ZipOutput,
	type BufferedBody,
	type CopiedBody,
} from './zip-output';

export const TEMP_PREFIX = '.tmp-';

export interface ArchiveWriterOptions {
	/** Opens the temp file; tests pass outputs that fail (e.g. ENOSPC) part-way. */
	openOutput?: ( tempPath: string ) => Writable;
	/**
	 * Output is handed to the file in batches of this many bytes (default 1 MiB); tests of a small dump
	 * on a failing disk use a small batch, so the failure comes while entries are still being added.
	 */
	outputBatchBytes?: number;
}

export interface FinishedArchive {
	name: string;
	path: string;
	size: number;
	/**
	 * SHA-256 of the whole archive file, taken while it was written: catches a flip anywhere, even in
	 * bits that deflate ignores, which no check of the unpacked entries can see.
	 */
	sha256: string;
	/**
	 * Its entries are the writer's compact log (manifest-entry-log.ts), closed once manifest.json was
	 * written: they can be counted, not listed again (read the archive for that).
	 */
	manifest: ManifestLike;
}

type WriterState = 'open' | 'finishing' | 'done' | 'aborted' | 'failed';

/** A small entry whose deflating started ahead of its turn (see ArchiveWriter.prepare). */
export interface PreparedEntry {
	readonly entryPath: string;
	readonly body: BufferedBody;
}

/** Bytes the temp file's stream may hold while the disk catches up; the writer goes on meanwhile. */
const OUTPUT_BUFFER_BYTES = 2 * 1024 * 1024;
/** Read size for whole files added by path (fewer, larger chunks than the 64 KiB default). */
const FILE_READ_BYTES = 1024 * 1024;

function defaultOutput( tempPath: string ): Writable {
	return createWriteStream( tempPath, {
		flags: 'wx',
		mode: 0o600,
		highWaterMark: OUTPUT_BUFFER_BYTES,
	} );
}

/** The errors a storage disk gives, in words a site owner can act on (the errno stays for support). */
const WRITE_ERRORS: Record< string, string > = {
	ENOSPC: 'the storage disk is full',
	EDQUOT: 'the storage quota is used up',
	EROFS: 'the storage disk is read-only',
	EACCES: 'the sidecar may not write to the storage directory',
	EPERM: 'the sidecar may not write to the storage directory',
	EIO: 'the storage disk reported an input/output error',
};

export function writeFailureReason( error: unknown ): string {
	const { code, message } = ( error ?? {} ) as NodeJS.ErrnoException;
	if ( code && WRITE_ERRORS[ code ] ) {
		return `${ WRITE_ERRORS[ code ] } (${ code })`;
	}
	return code ?? message ?? String( error );
}

function writeFailed( error: unknown ): SyteOpsError {
	if ( isSyteOpsError( error ) ) {
		return error;
	}
	return new SyteOpsError( 'syteops_archive_write_failed', {
		reason: writeFailureReason( error ),
	} );
}

async function fsyncPath( target: string, flags: string ): Promise< void > {
	const handle = await fs.open( target, flags );
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

export class ArchiveWriter {
	private state: WriterState = 'open';
	private readonly entries: ManifestEntryLog;
	private readonly names = new PathIndex();
	private queue: Promise< unknown > = Promise.resolve();
	private failure: SyteOpsError | undefined;
	private readonly failed = new FailureSignal();
	private readonly zip: ZipOutput;

	private constructor(
		private readonly storageDir: string,
		private readonly tempPath: string,
		private readonly finalName: string,
		private readonly output: Writable,
		batchBytes: number | undefined
	) {
		output.on( 'error', ( error ) => this.fail( error ) );
		// What grows per entry until the end waits in unlinked files beside the archive (block-spool.ts).
		this.entries = new ManifestEntryLog( storageDir );
		this.zip = new ZipOutput( output, this.failed, {
			batchBytes,
			spoolDir: storageDir,
		} );
	}

	static async open(
		storageDir: string,
		options: ArchiveWriterOptions = {}
	): Promise< ArchiveWriter > {
		await fs.mkdir( storageDir, { recursive: true, mode: 0o700 } );
		const tempPath = path.join(
			storageDir,
			`${ TEMP_PREFIX }${ randomBytes( 8 ).toString( 'hex' ) }.zip`
		);
		const output = ( options.openOutput ?? defaultOutput )( tempPath );
		return new ArchiveWriter(
			storageDir,
			tempPath,
			`${ randomBytes( 16 ).toString( 'hex' ) }.zip`,
			output,
			options.outputBatchBytes
		);
	}

	/** The temp file being written; exposed so the engine can log it and tests can check it is gone. */
	get temporaryPath(): string {
		return this.tempPath;
	}

	/** The name the finished archive will have in the storage directory (nothing has it before finish()). */
	get archiveName(): string {
		return this.finalName;
	}

	/** True once finish() has returned: the archive is in the storage directory under archiveName. */
	get published(): boolean {
		return this.state === 'done';
	}

	addStream( entryPath: string, source: Readable ): Promise< ManifestEntry > {
		return this.enqueue( () =>
			this.writeEntry( entryPath, source, ( store ) =>
				this.zip.writeStreamed( entryPath, source, store )
			)
		);
	}

	addBuffer( entryPath: string, data: Buffer ): Promise< ManifestEntry > {
		return this.addPrepared( this.prepare( entryPath, data ) );
	}

	/**
	 * Starts deflating a small entry's bytes now, on the thread pool, ahead of its turn in the writer:
	 * a backup reads small files ahead, and so deflates many of them at once on both cores. Nothing is
	 * written until addPrepared; a prepared entry that is never added is simply dropped.
	 * @param entryPath
	 * @param data
	 * @param reusable  where the deflated bytes of exactly `data` may already exist: taken instead of deflating
	 */
	prepare(
		entryPath: string,
		data: Buffer,
		reusable?: DeflatedSource
	): PreparedEntry {
		return {
			entryPath,
			body: bufferedBody(
				data,
				isAlreadyCompressed( entryPath ),
				reusable && { from: reusable, entry: entryPath }
			),
		};
	}

	addPrepared( prepared: PreparedEntry ): Promise< ManifestEntry > {
		return this.enqueue( () =>
			this.writeEntry( prepared.entryPath, null, ( store ) =>
				this.zip.writeBuffered(
					prepared.entryPath,
					prepared.body,
					store
				)
			)
		);
	}

	/**
	 * Adds an entry as deflated bytes that already exist (see stored-reuse.ts); only for an entry the writer
	 * would deflate.
	 * @param entryPath
	 * @param body      the deflated bytes and the digest of what they inflate to
	 */
	addCopied( entryPath: string, body: CopiedBody ): Promise< ManifestEntry > {
		return this.enqueue( () =>
			this.writeEntry( entryPath, null, ( store ) => {
				if ( store ) {
					throw new SyteOpsError( 'syteops_archive_writer_misuse', {
						reason: `${ entryPath } is stored, not deflated`,
					} );
				}
				return this.zip.writeCopied( entryPath, body );
			} )
		);
	}

	addFile(
		entryPath: string,
		absolutePath: string
	): Promise< ManifestEntry > {
		return this.addStream(
			entryPath,
			createReadStream( absolutePath, {
				highWaterMark: FILE_READ_BYTES,
			} )
		);
	}

	/**
	 * Writes manifest.json (with every entry) last, then fsyncs and renames to the final random name.
	 * @param base
	 */
	async finish( base: ManifestWithoutEntries ): Promise< FinishedArchive > {
		await this.queue.catch( () => {} );
		this.assertOpen();
		this.state = 'finishing';
		try {
			// Validated as readers will validate it (each entry was, as it was added), then rendered once
			// into bytes from the compact log: no list or text of every entry on the heap.
			const { head } = parseManifestHead( { ...base, entries: [] } );
			const manifest: ManifestLike = { ...head, entries: this.entries };
			const closed = new Promise< void >( ( resolve ) =>
				this.output.once( 'close', resolve )
			);
			const manifestBytes = this.entries.renderManifest( head );
			await this.failed.race(
				this.zip.writeBuffered(
					MANIFEST_PATH,
					bufferedBody( manifestBytes, false ),
					false
				)
			);
			const archiveSha256 = await this.failed.race( this.zip.finish() );
			this.entries.close();
			await this.failed.race( closed );
			const result = await this.publish( manifest, archiveSha256 );
			this.state = 'done';
			return result;
		} catch ( error ) {
			await this.discard( 'failed' );
			// publish() may have renamed the file before its directory fsync or stat failed.
			await this.removePublished();
			throw writeFailed( this.failure ?? error );
		}
	}

	/**
	 * Stops writing and removes what was written: the temp file, or the finished archive when finish()
	 * had already returned (the caller could not record its snapshot, so no row would ever name it).
	 * Safe to call at any point, and more than once.
	 */
	async abort(): Promise< void > {
		if ( this.state === 'done' ) {
			await this.removePublished();
			return;
		}
		await this.discard( 'aborted' );
	}

	private enqueue< T >( task: () => Promise< T > ): Promise< T > {
		const run = this.queue.then( task, task );
		this.queue = run.catch( () => {} );
		return run;
	}

	private assertOpen(): void {
		if ( this.failure ) {
			throw this.failure;
		}
		if ( this.state !== 'open' ) {
			throw new SyteOpsError( 'syteops_archive_writer_misuse', {
				reason: `the writer is ${ this.state }`,
			} );
		}
	}

	/**
	 * Validates the path and records it as written (held until the archive is finished, once per entry:
	 * outside the heap, path-index.ts); throws when it is reserved or was written already.
	 * @param entryPath
	 */
	private claimName( entryPath: string ): void {
		validateEntryPath( entryPath );
		const written = this.names.size;
		if (
			entryPath === MANIFEST_PATH ||
			this.names.add( entryPath ) < written
		) {
			throw new SyteOpsError( 'syteops_archive_writer_misuse', {
				reason: `${ entryPath } is reserved or already written`,
			} );
		}
	}

	/**
	 * Writes one entry at its turn. Any failure (the source's, the disk's) fails the whole writer: a
	 * partly written entry cannot be taken back, so the temp file goes.
	 * @param entryPath
	 * @param source    the stream the entry comes from (destroyed if the entry is refused), if any
	 * @param write     writes the entry's bytes, stored or deflated
	 */
	private async writeEntry(
		entryPath: string,
		source: Readable | null,
		write: ( store: boolean ) => Promise< Digest >
	): Promise< ManifestEntry > {
		try {
			this.assertOpen();
			this.claimName( entryPath );
		} catch ( error ) {
			source?.destroy();
			throw error;
		}
		const store = isAlreadyCompressed( entryPath );
		let digest: Digest;
		try {
			digest = await this.failed.race( write( store ) );
		} catch ( error ) {
			this.fail( error );
			source?.destroy();
			await this.discard( 'failed' );
			throw writeFailed( this.failure ?? error );
		}
		const entry: ManifestEntry = {
			path: entryPath,
			size: digest.size,
			sha256: digest.sha256,
			compressed: ! store,
		};
		try {
			this.entries.add(
				parseManifestEntry( entry, this.entries.length )
			);
		} catch ( error ) {
			this.fail( error );
			await this.discard( 'failed' );
			throw writeFailed( this.failure ?? error );
		}
		return entry;
	}

	private async publish(
		manifest: ManifestLike,
		sha256: string
	): Promise< FinishedArchive > {
		await fsyncPath( this.tempPath, 'r+' );
		const name = this.finalName;
		const finalPath = this.publishedPath;
		await fs.rename( this.tempPath, finalPath );
		await fsyncPath( this.storageDir, 'r' );
		const { size } = await fs.stat( finalPath );
		return {
			name,
			path: finalPath,
			size,
			sha256,
			manifest,
		};
	}

	private get publishedPath(): string {
		return path.join( this.storageDir, this.finalName );
	}

	private async removePublished(): Promise< void > {
		await fs.rm( this.publishedPath, { force: true } );
	}

	private fail( error: unknown ): void {
		if ( ! this.failure ) {
			this.failure = writeFailed( error );
			this.failed.fail( this.failure );
		}
	}

	private async discard( state: WriterState ): Promise< void > {
		if ( this.state !== 'failed' && this.state !== 'aborted' ) {
			this.state = state;
		}
		// An entry still in flight (the engine adds database and file entries from two parts at once)
		// must settle: it fails with the aborted writer instead of waiting for an entry event forever.
		this.fail(
			new SyteOpsError( 'syteops_archive_writer_misuse', {
				reason: `the writer is ${ this.state }`,
			} )
		);
		if ( ! this.output.closed ) {
			// Wait for the file to be closed, or a stream still opening could recreate it after the rm.
			const closed = new Promise( ( resolve ) =>
				this.output.once( 'close', resolve )
			);
			this.output.destroy();
			await closed;
		}
		this.zip.release();
		this.entries.close();
		await fs.rm( this.tempPath, { force: true } );
	}
}
