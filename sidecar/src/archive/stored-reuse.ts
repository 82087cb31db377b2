/**
 * A streamed entry (a table's rows, a large file) written with the deflated bytes another archive already
 * holds for exactly the same bytes. A restore's pre-restore snapshot reads every live table, and on a restore
 * onto the site the archive came from most tables are, byte for byte, entries of the archive being restored.
 * Deflating them again was the snapshot's largest cost left (about 13 s of CPU for the bench site's 1 GB of
 * rows, at 70 MB/s a core); inflating the stored bytes to compare costs about a quarter of that.
 *
 * One pass over the live bytes decides, so a table is still read in one query within the dump's snapshot:
 * - they are compared, as they stream, with the stored entry inflated on the thread pool, and hashed;
 * - equal to the end, with the stored bytes one whole deflate stream: the writer copies the stored bytes
 *   (CRC-32 checked again as they are copied) under the live bytes' own digest;
 * - at the first difference the entry is written as usual, deflated from the bytes compared so far (inflated
 *   again from the archive: they were just shown equal to the live ones, and their CRC-32 is checked) and
 *   then the rest of the live stream.
 * The stored bytes stand in only for bytes they were shown, by inflating them, to be: a damaged or different
 * archive entry costs the comparison, never a wrong snapshot.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createInflateRaw, crc32 } from 'node:zlib';

import { isAlreadyCompressed } from './compression';
import { Digester, type Digest } from './digest';
import type { ManifestEntry } from './manifest';
import type { ArchiveWriter } from './zip-writer';
import { asBytes, type CopiedBody } from './zip-output';

/** An archive entry's deflated bytes: a proven byte range of the archive file. */
export interface StoredEntry {
	archivePath: string;
	dataStart: number;
	compressedSize: number;
}

/** Where a writer may find an entry's deflated bytes for a streamed entry (see addReusingStored). */
export interface StoredSource {
	storedOf: ( entryPath: string ) => StoredEntry | undefined;
}

/**
 * Read size for stored bytes, and the inflated chunk size (the size of the live chunks a table's rows come
 * in, table-rows.ts). Small on purpose: with 1 MiB for both, as the reader uses, a full-size restore's
 * peak RSS was 243 MB against 225 MB (the buffers are garbage the moment they are compared).
 */
const STORED_READ_BYTES = 256 * 1024;
const INFLATED_CHUNK_BYTES = 64 * 1024;

type Comparison =
	| { kind: 'equal'; digest: Digest; compressedCrc: number }
	| {
			kind: 'differs';
			/** The live bytes before the difference (they equal the stored entry's first bytes). */
			prefix: Digest;
			/** The rest of the live chunk the difference is in. */
			head: Buffer | null;
	  };

/**
 * The stored range of an entry, read raw.
 * @param stored
 */
function storedBytes( stored: StoredEntry ): Readable {
	return createReadStream( stored.archivePath, {
		start: stored.dataStart,
		end: stored.dataStart + stored.compressedSize - 1,
		highWaterMark: STORED_READ_BYTES,
	} );
}

/**
 * The stored entry inflated (on the thread pool), with a running CRC-32 of the stored bytes read.
 * @param stored
 */
function inflatedStored( stored: StoredEntry ) {
	const raw = storedBytes( stored );
	const inflate = createInflateRaw( { chunkSize: INFLATED_CHUNK_BYTES } );
	const state = { compressedCrc: 0 };
	// Registered before the pipe: it sees each chunk before the inflater does.
	raw.on( 'data', ( chunk: Buffer ) => {
		state.compressedCrc = crc32( chunk, state.compressedCrc );
	} );
	raw.on( 'error', ( error: Error ) => inflate.destroy( error ) );
	raw.pipe( inflate );
	const chunks = inflate[ Symbol.asyncIterator ]();
	return {
		state,
		/** Inflated bytes in order; null at their end or if the stored bytes do not inflate. */
		next: async (): Promise< Buffer | null > => {
			try {
				const result = await chunks.next();
				return result.done ? null : asBytes( result.value );
			} catch {
				return null;
			}
		},
		/** True once every stored byte went into the inflater and it ended. */
		consumedWhole: () =>
			inflate.readableEnded &&
			inflate.bytesWritten === stored.compressedSize,
		close: () => {
			raw.destroy();
			inflate.destroy();
		},
	};
}

/**
 * Reads the live bytes until they end or differ from the stored entry's.
 * @param live   the live bytes (read on from here by the caller if they differ)
 * @param stored the entry to compare with
 */
async function compareWithStored(
	live: AsyncIterator< Buffer | string | Uint8Array >,
	stored: StoredEntry
): Promise< Comparison > {
	const digester = new Digester();
	const inflated = inflatedStored( stored );
	let storedChunk: Buffer = Buffer.alloc( 0 );
	try {
		for (
			let next = await live.next();
			! next.done;
			next = await live.next()
		) {
			let chunk = asBytes( next.value );
			while ( chunk.length ) {
				if ( ! storedChunk.length ) {
					storedChunk = ( await inflated.next() ) ?? storedChunk;
				}
				const length = Math.min( chunk.length, storedChunk.length );
				if (
					length === 0 ||
					! chunk
						.subarray( 0, length )
						.equals( storedChunk.subarray( 0, length ) )
				) {
					return {
						kind: 'differs',
						prefix: digester.finish(),
						head: chunk,
					};
				}
				digester.add( chunk.subarray( 0, length ) );
				chunk = chunk.subarray( length );
				storedChunk = storedChunk.subarray( length );
			}
		}
		if (
			storedChunk.length ||
			( await inflated.next() ) !== null ||
			! inflated.consumedWhole()
		) {
			return { kind: 'differs', prefix: digester.finish(), head: null };
		}
		return {
			kind: 'equal',
			digest: digester.finish(),
			compressedCrc: inflated.state.compressedCrc, // zlib.crc32 gives it unsigned
		};
	} finally {
		inflated.close();
	}
}

/**
 * The stored entry's first `prefix.size` inflated bytes, proven by their CRC-32 to be the ones compared.
 * @param stored
 * @param prefix
 */
async function* storedPrefix(
	stored: StoredEntry,
	prefix: Digest
): AsyncGenerator< Buffer > {
	const inflated = inflatedStored( stored );
	let left = prefix.size;
	let crc = 0;
	try {
		while ( left > 0 ) {
			const chunk = await inflated.next();
			if ( ! chunk ) {
				break;
			}
			const piece = chunk.subarray( 0, Math.min( left, chunk.length ) );
			crc = crc32( piece, crc );
			left -= piece.length;
			yield piece;
		}
	} finally {
		inflated.close();
	}
	if ( left !== 0 || crc !== prefix.crc32 ) {
		throw new Error(
			'the archive being restored changed while the snapshot read it'
		);
	}
}

/**
 * The live bytes whole again after a comparison that found a difference: the compared prefix (from the
 * archive), the rest of the chunk the difference is in, then the live stream's remaining chunks.
 * @param stored
 * @param comparison
 * @param comparison.prefix
 * @param comparison.head
 * @param live
 */
async function* rejoined(
	stored: StoredEntry,
	{ prefix, head }: { prefix: Digest; head: Buffer | null },
	live: AsyncIterator< Buffer | string | Uint8Array >
): AsyncGenerator< Buffer > {
	let done = false;
	try {
		if ( prefix.size ) {
			yield* storedPrefix( stored, prefix );
		}
		if ( head ) {
			yield head;
		}
		for (
			let next = await live.next();
			! next.done;
			next = await live.next()
		) {
			yield asBytes( next.value );
		}
		done = true;
	} finally {
		if ( ! done ) {
			await live.return?.(); // destroys the live stream (and releases its query or file)
		}
	}
}

/**
 * Adds `live` as `entryPath`, with `stored`'s deflated bytes if they are exactly its bytes deflated.
 * @param writer
 * @param entryPath
 * @param live      the entry's bytes (consumed whatever happens)
 * @param stored    the same entry in another archive, if it exists and is deflated
 */
export async function addReusingStored(
	writer: ArchiveWriter,
	entryPath: string,
	live: Readable,
	stored: StoredEntry | undefined
): Promise< ManifestEntry > {
	if ( ! stored || isAlreadyCompressed( entryPath ) ) {
		return writer.addStream( entryPath, live );
	}
	const chunks = live[ Symbol.asyncIterator ]() as AsyncIterator<
		Buffer | string | Uint8Array
	>;
	let comparison: Comparison;
	try {
		comparison = await compareWithStored( chunks, stored );
	} catch ( error ) {
		live.destroy();
		throw error;
	}
	if ( comparison.kind === 'equal' ) {
		const body: CopiedBody = {
			digest: comparison.digest,
			compressedSize: stored.compressedSize,
			compressedCrc: comparison.compressedCrc,
			open: () => storedBytes( stored ),
		};
		return writer.addCopied( entryPath, body );
	}
	try {
		return await writer.addStream(
			entryPath,
			Readable.from( rejoined( stored, comparison, chunks ) )
		);
	} catch ( error ) {
		// A writer that refuses the entry destroys the joined stream before its generator ever runs (so
		// before the generator's own cleanup could): the live stream, and the query or file behind it, go here.
		live.destroy();
		throw error;
	}
}
