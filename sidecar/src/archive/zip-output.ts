/**
 * The byte stream of one ZIP archive, in the canonical layout of zip-records.ts: entries one after the
 * other (local header, data, data descriptor), then the central directory and the end records. It hashes
 * every byte it writes (the archive's SHA-256) and hands them to the output in batches, so thousands of
 * small entries cost a few large writes instead of three small ones each.
 *
 * It writes one entry at a time; ArchiveWriter (zip-writer.ts) queues the callers and owns the file.
 */
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { crc32 } from 'node:zlib';

import { bufferChurn } from '../buffer-churn';
import { BLOCK_SIZE, BlockDeflater, deflateWhole } from './block-deflate';
import { Digester, digestOf, type Digest } from './digest';
import { DirectoryRecords } from './directory-records';
import type { FailureSignal } from './failure-signal';
import {
	centralRecord,
	dataDescriptor,
	dosDateTime,
	encodeName,
	endRecords,
	localHeader,
	type WrittenEntry,
} from './zip-records';
import type { DeflatedSource } from './deflated-reuse';
import { METHOD_DEFLATED, METHOD_STORED } from './zip-format';

/** Output is handed over once this much is batched (and at the end). */
const BATCH_BYTES = 1024 * 1024;

/** An entry's bytes when they are all in memory: its deflated form may already be under way. */
export interface BufferedBody {
	data: Buffer;
	/** The whole deflated entry, started ahead of its turn (see ArchiveWriter.prepare); null: stored. */
	deflated: Promise< Buffer > | null;
}

/**
 * An entry's deflated bytes taken whole from another archive (stored-reuse.ts): already shown to inflate to
 * exactly the bytes `digest` describes.
 */
export interface CopiedBody {
	/** Of the uncompressed bytes. */
	digest: Digest;
	compressedSize: number;
	/** CRC-32 of the deflated bytes when they were shown: the copy must read the same bytes. */
	compressedCrc: number;
	/** Opens the deflated bytes for the copy. */
	open: () => AsyncIterable< Buffer | string | Uint8Array >;
}

/**
 * Starts deflating a small entry now, on the thread pool, so it is ready (or nearly) at its turn.
 * Larger buffers are deflated in blocks at their turn, like a stream.
 * @param data        the entry's bytes
 * @param store       true to store the entry as it is
 * @param reuse       where the deflated bytes of exactly `data` may already exist (deflated-reuse.ts)
 * @param reuse.from  the source asked
 * @param reuse.entry the entry's path, as the source knows it
 */
export function bufferedBody(
	data: Buffer,
	store: boolean,
	reuse?: { from: DeflatedSource; entry: string }
): BufferedBody {
	if ( store || data.length > BLOCK_SIZE ) {
		return { data, deflated: null };
	}
	const reused = reuse?.from.deflatedOf( reuse.entry, data );
	if ( reused ) {
		return { data, deflated: Promise.resolve( reused ) };
	}
	const deflated = deflateWhole( data );
	deflated.catch( () => undefined ); // observed at the entry's turn (or dropped with a failed backup)
	return { data, deflated };
}

/**
 * A source's chunk as bytes: streams of this codebase hand over Buffers, but a stream in object mode
 * (Readable.from of strings) hands over strings, whose length is not their size in bytes.
 * @param chunk
 */
export function asBytes( chunk: Buffer | string | Uint8Array ): Buffer {
	if ( Buffer.isBuffer( chunk ) ) {
		return chunk;
	}
	return typeof chunk === 'string'
		? Buffer.from( chunk, 'utf8' )
		: Buffer.from( chunk.buffer, chunk.byteOffset, chunk.byteLength );
}

export class ZipOutput {
	private offset = 0;
	private readonly directory: DirectoryRecords;
	private batch: Buffer[] = [];
	private batchBytes = 0;
	private readonly fileHash = createHash( 'sha256' );
	private readonly batchLimit: number;
	private readonly now: () => Date;

	/**
	 * @param output             where the archive's bytes go
	 * @param failed             rejects when the writer fails (the output's own errors included): a wait for the
	 *                           output to drain gives up then
	 * @param options            tuning and test seams
	 * @param options.batchBytes output is handed over once this much is batched (default 1 MiB)
	 * @param options.now        the clock entries are dated by (tests fix it)
	 * @param options.spoolDir   where the central directory's full blocks wait (block-spool.ts); in memory if none
	 */
	constructor(
		private readonly output: Writable,
		private readonly failed: FailureSignal,
		options: {
			batchBytes?: number;
			now?: () => Date;
			spoolDir?: string;
		} = {}
	) {
		this.directory = new DirectoryRecords( undefined, options.spoolDir );
		this.batchLimit = options.batchBytes ?? BATCH_BYTES;
		this.now = options.now ?? ( () => new Date() );
	}

	/**
	 * Writes one entry from a stream of its bytes.
	 * @param path   the entry's validated path
	 * @param source its bytes, in order
	 * @param store  true to store them as they are, false to deflate them
	 */
	async writeStreamed(
		path: string,
		source:
			| AsyncIterable< Buffer | string | Uint8Array >
			| Iterable< Buffer | string | Uint8Array >,
		store: boolean
	): Promise< Digest > {
		const digester = new Digester();
		const start = this.startEntry( path, store );
		let compressedSize = 0;
		if ( store ) {
			for await ( const piece of source ) {
				const chunk = asBytes( piece );
				digester.add( chunk );
				await this.put( chunk );
			}
			compressedSize = digester.size;
		} else {
			const deflater = new BlockDeflater( ( deflated ) => {
				compressedSize += deflated.length;
				return this.put( deflated );
			} );
			try {
				for await ( const piece of source ) {
					const chunk = asBytes( piece );
					digester.add( chunk );
					await deflater.push( chunk );
				}
				await deflater.end();
			} catch ( error ) {
				await deflater.settle();
				throw error;
			}
		}
		return this.endEntry( start, digester.finish(), compressedSize );
	}

	/**
	 * Writes one entry whose bytes are all in memory.
	 * @param path  the entry's validated path
	 * @param body  its bytes, and their deflated form if it was started ahead
	 * @param store true to store the bytes as they are
	 */
	async writeBuffered(
		path: string,
		body: BufferedBody,
		store: boolean
	): Promise< Digest > {
		if ( ! store && ! body.deflated ) {
			return this.writeStreamed( path, [ body.data ], false );
		}
		const start = this.startEntry( path, store );
		const digest = digestOf( body.data );
		const bytes = body.deflated ? await body.deflated : body.data;
		await this.put( bytes );
		return this.endEntry( start, digest, bytes.length );
	}

	/**
	 * Writes one deflated entry whose deflated bytes already exist, as they are.
	 * @param path the entry's validated path
	 * @param body the deflated bytes and the digest of what they inflate to
	 */
	async writeCopied( path: string, body: CopiedBody ): Promise< Digest > {
		const start = this.startEntry( path, false );
		let size = 0;
		let crc = 0;
		for await ( const piece of body.open() ) {
			const chunk = asBytes( piece );
			size += chunk.length;
			crc = crc32( chunk, crc );
			await this.put( chunk );
		}
		if ( size !== body.compressedSize || crc !== body.compressedCrc ) {
			throw new Error(
				`the deflated bytes copied for ${ path } changed after they were checked`
			);
		}
		return this.endEntry( start, body.digest, size );
	}

	/**
	 * Writes the central directory and the end records, hands over the last bytes and ends the output.
	 * Returns the SHA-256 of every byte of the archive.
	 */
	async finish(): Promise< string > {
		const directoryOffset = this.offset;
		for ( const block of this.directory.blocks() ) {
			await this.put( block );
		}
		this.directory.close();
		const directorySize = this.offset - directoryOffset;
		await this.put(
			endRecords( this.directory.count, directoryOffset, directorySize )
		);
		await this.flush();
		this.output.end();
		return this.fileHash.digest( 'hex' );
	}

	/** Frees the central directory's records (and closes their spool file): for a writer giving up. */
	release(): void {
		this.directory.close();
	}

	private startEntry(
		path: string,
		store: boolean
	): Omit< WrittenEntry, 'crc32' | 'compressedSize' | 'size' > {
		const { name } = encodeName( path );
		const start = {
			name,
			method: store ? METHOD_STORED : METHOD_DEFLATED,
			dosTime: dosDateTime( this.now() ),
			offset: this.offset,
		} as const;
		this.append( localHeader( start.name, start.method, start.dosTime ) );
		return start;
	}

	private async endEntry(
		start: Omit< WrittenEntry, 'crc32' | 'compressedSize' | 'size' >,
		digest: Digest,
		compressedSize: number
	): Promise< Digest > {
		const entry: WrittenEntry = {
			...start,
			crc32: digest.crc32,
			compressedSize,
			size: digest.size,
		};
		await this.put( dataDescriptor( entry ) );
		this.directory.add( centralRecord( entry ) );
		return digest;
	}

	private append( chunk: Buffer ): void {
		this.fileHash.update( chunk );
		this.offset += chunk.length;
		this.batch.push( chunk );
		this.batchBytes += chunk.length;
		bufferChurn.note( chunk.length );
	}

	private async put( chunk: Buffer ): Promise< void > {
		this.append( chunk );
		if ( this.batchBytes >= this.batchLimit ) {
			await this.flush();
		}
	}

	private async flush(): Promise< void > {
		if ( ! this.batch.length ) {
			return;
		}
		const batch = this.batch;
		this.batch = [];
		this.batchBytes = 0;
		// Corked, the batch goes down as one writev.
		this.output.cork();
		for ( const chunk of batch ) {
			this.output.write( chunk );
		}
		this.output.uncork();
		if ( this.output.writableNeedDrain ) {
			await this.failed.race(
				new Promise( ( resolve ) =>
					this.output.once( 'drain', resolve )
				)
			);
		}
	}
}
