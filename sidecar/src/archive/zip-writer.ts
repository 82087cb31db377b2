/**
 * Streams one snapshot into a ZIP in the storage directory. Entries are hashed while they stream (never
 * buffered whole); manifest.json is written last, listing every entry. The archive only gets its final
 * name (128 random bits, hex) after it is complete and fsynced, so a crash or a full disk never leaves a
 * file that looks like a snapshot: only a `.tmp-*.zip` that abort() or the next start removes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline, Readable, type Writable } from 'node:stream';

import type { ZipArchive } from 'archiver';

import { SyteOpsError, isSyteOpsError } from '../errors';
import { loadArchiver } from './archiver-loader';
import { DEFLATE_LEVEL, isAlreadyCompressed } from './compression';
import { DigestStream } from './digest';
import { validateEntryPath } from './entry-path';
import {
	MANIFEST_PATH,
	parseManifest,
	type Manifest,
	type ManifestEntry,
	type ManifestWithoutEntries,
} from './manifest';

/** Every entry is a plain file with these permissions: the reader expects exactly this (see the format doc). */
export const ENTRY_MODE = 0o100644;
export const TEMP_PREFIX = '.tmp-';

export interface ArchiveWriterOptions {
	/** Opens the temp file; tests pass outputs that fail (e.g. ENOSPC) part-way. */
	openOutput?: ( tempPath: string ) => Writable;
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
	manifest: Manifest;
}

type WriterState = 'open' | 'finishing' | 'done' | 'aborted' | 'failed';

function defaultOutput( tempPath: string ): Writable {
	return createWriteStream( tempPath, { flags: 'wx', mode: 0o600 } );
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
	private readonly entries: ManifestEntry[] = [];
	private readonly names = new Set< string >();
	private queue: Promise< unknown > = Promise.resolve();
	private failure: SyteOpsError | undefined;
	private readonly failed: Promise< never >;
	private rejectFailed: ( error: SyteOpsError ) => void = () => {};
	private readonly fileHash = createHash( 'sha256' );

	private constructor(
		private readonly storageDir: string,
		private readonly tempPath: string,
		private readonly zip: ZipArchive,
		private readonly output: Writable
	) {
		this.failed = new Promise< never >( ( _resolve, reject ) => {
			this.rejectFailed = reject;
		} );
		this.failed.catch( () => {} ); // observed through races; never an unhandled rejection
		zip.on( 'error', ( error ) => this.fail( error ) );
		zip.on( 'warning', ( error ) => this.fail( error ) );
		output.on( 'error', ( error ) => this.fail( error ) );
		zip.on( 'data', ( chunk: Buffer ) => this.fileHash.update( chunk ) );
		zip.pipe( output );
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
		const { ZipArchive: Zip } = loadArchiver();
		const zip = new Zip( { zlib: { level: DEFLATE_LEVEL } } );
		return new ArchiveWriter( storageDir, tempPath, zip, output );
	}

	/** The temp file being written; exposed so the engine can log it and tests can check it is gone. */
	get temporaryPath(): string {
		return this.tempPath;
	}

	addStream( entryPath: string, source: Readable ): Promise< ManifestEntry > {
		return this.enqueue( () => this.writeEntry( entryPath, source ) );
	}

	addBuffer( entryPath: string, data: Buffer ): Promise< ManifestEntry > {
		return this.addStream( entryPath, Readable.from( [ data ] ) );
	}

	addFile(
		entryPath: string,
		absolutePath: string
	): Promise< ManifestEntry > {
		return this.enqueue( () =>
			this.writeEntry( entryPath, createReadStream( absolutePath ) )
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
			const manifest = parseManifest(
				JSON.parse(
					JSON.stringify( { ...base, entries: this.entries } )
				)
			);
			const closed = new Promise< void >( ( resolve ) =>
				this.output.once( 'close', resolve )
			);
			this.zip.append( JSON.stringify( manifest, null, '\t' ), {
				name: MANIFEST_PATH,
				mode: ENTRY_MODE,
			} );
			await Promise.race( [ this.zip.finalize(), this.failed ] );
			await Promise.race( [ closed, this.failed ] );
			const result = await this.publish( manifest );
			this.state = 'done';
			return result;
		} catch ( error ) {
			await this.discard( 'failed' );
			throw writeFailed( this.failure ?? error );
		}
	}

	/** Stops writing and removes the temp file. Safe to call at any point, and more than once. */
	async abort(): Promise< void > {
		if ( this.state !== 'done' ) {
			await this.discard( 'aborted' );
		}
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

	private checkNewName( entryPath: string ): void {
		validateEntryPath( entryPath );
		if ( entryPath === MANIFEST_PATH || this.names.has( entryPath ) ) {
			throw new SyteOpsError( 'syteops_archive_writer_misuse', {
				reason: `${ entryPath } is reserved or already written`,
			} );
		}
	}

	private async writeEntry(
		entryPath: string,
		source: Readable
	): Promise< ManifestEntry > {
		try {
			this.assertOpen();
			this.checkNewName( entryPath );
		} catch ( error ) {
			source.destroy();
			throw error;
		}
		this.names.add( entryPath );
		const digest = new DigestStream( undefined, false ); // archiver computes the CRC-32
		const store = isAlreadyCompressed( entryPath );
		const written = new Promise< void >( ( resolve ) => {
			const onEntry = ( data: { name: string } ) => {
				if ( data.name === entryPath ) {
					this.zip.off( 'entry', onEntry );
					resolve();
				}
			};
			this.zip.on( 'entry', onEntry );
		} );
		pipeline( source, digest, ( error ) => error && this.fail( error ) );
		this.zip.append( digest, { name: entryPath, store, mode: ENTRY_MODE } );
		try {
			await Promise.race( [ written, this.failed ] );
		} catch ( error ) {
			source.destroy();
			await this.discard( 'failed' );
			throw writeFailed( error );
		}
		const { size, sha256 } = digest.digest();
		const entry: ManifestEntry = {
			path: entryPath,
			size,
			sha256,
			compressed: ! store,
		};
		this.entries.push( entry );
		return entry;
	}

	private async publish( manifest: Manifest ): Promise< FinishedArchive > {
		await fsyncPath( this.tempPath, 'r+' );
		const name = `${ randomBytes( 16 ).toString( 'hex' ) }.zip`;
		const finalPath = path.join( this.storageDir, name );
		await fs.rename( this.tempPath, finalPath );
		await fsyncPath( this.storageDir, 'r' );
		const { size } = await fs.stat( finalPath );
		return {
			name,
			path: finalPath,
			size,
			sha256: this.fileHash.digest( 'hex' ),
			manifest,
		};
	}

	private fail( error: unknown ): void {
		if ( ! this.failure ) {
			this.failure = writeFailed( error );
			this.rejectFailed( this.failure );
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
		this.zip.unpipe( this.output );
		this.zip.abort();
		if ( ! this.output.closed ) {
			// Wait for the file to be closed, or a stream still opening could recreate it after the rm.
			const closed = new Promise( ( resolve ) =>
				this.output.once( 'close', resolve )
			);
			this.output.destroy();
			await closed;
		}
		await fs.rm( this.tempPath, { force: true } );
	}
}
