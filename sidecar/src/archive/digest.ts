/* eslint-disable no-bitwise -- ZIP headers are bit fields; reading them needs bitwise operators. */
/**
 * A pass-through that measures the bytes flowing through it: size, SHA-256 (what the manifest records)
 * and CRC-32 (what the ZIP directory records). Lets writer and reader check entries while streaming,
 * without ever holding a whole file in memory.
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';

export interface Digest {
	size: number;
	sha256: string;
	crc32: number;
}

export class DigestStream extends Transform {
	private readonly hash = createHash( 'sha256' );
	private size = 0;
	private crc = 0;
	private result: Digest | undefined;

	/**
	 * @param onBytes called with each chunk before it passes; throw to stop the stream (e.g. a size limit)
	 * @param withCrc false when the CRC-32 is not needed (the writer: archiver computes its own), which
	 *                saves a pass over every byte; `crc32` is then 0
	 */
	constructor(
		private readonly onBytes?: ( total: number ) => void,
		private readonly withCrc = true
	) {
		super();
	}

	override _transform(
		chunk: Buffer,
		_encoding: BufferEncoding,
		callback: TransformCallback
	): void {
		this.size += chunk.length;
		try {
			this.onBytes?.( this.size );
		} catch ( error ) {
			callback( error as Error );
			return;
		}
		this.hash.update( chunk );
		if ( this.withCrc ) {
			this.crc = crc32( chunk, this.crc );
		}
		callback( null, chunk );
	}

	override _flush( callback: TransformCallback ): void {
		this.result = {
			size: this.size,
			sha256: this.hash.digest( 'hex' ),
			crc32: this.crc >>> 0,
		};
		callback();
	}

	/** Available once the stream has flushed. */
	digest(): Digest {
		if ( ! this.result ) {
			throw new Error(
				'DigestStream.digest() called before the stream ended.'
			);
		}
		return this.result;
	}
}
