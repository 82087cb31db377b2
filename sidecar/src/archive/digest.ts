/* eslint-disable no-bitwise -- ZIP headers are bit fields; reading them needs bitwise operators. */
/**
 * Measures bytes as they pass: size, SHA-256 (what the manifest records) and CRC-32 (what the ZIP directory
 * records). The writer feeds a Digester chunk by chunk; readers use DigestStream, a pass-through around one.
 * Either way entries are checked while they stream, never held whole in memory.
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';

import { bufferChurn } from '../buffer-churn';

export interface Digest {
	size: number;
	sha256: string;
	crc32: number;
}

export class Digester {
	private readonly hash = createHash( 'sha256' );
	private crc = 0;
	size = 0;

	add( chunk: Buffer ): void {
		this.hash.update( chunk );
		this.crc = crc32( chunk, this.crc );
		this.size += chunk.length;
		// Readers and the writer pass every entry's bytes here, each chunk freshly allocated by a stream.
		bufferChurn.note( chunk.length );
	}

	/** The digest of everything added; call once, at the end. */
	finish(): Digest {
		return {
			size: this.size,
			sha256: this.hash.digest( 'hex' ),
			crc32: this.crc >>> 0,
		};
	}
}

/**
 * The digest of bytes already in memory.
 * @param data
 */
export function digestOf( data: Buffer ): Digest {
	const digester = new Digester();
	digester.add( data );
	return digester.finish();
}

export class DigestStream extends Transform {
	private readonly digester = new Digester();
	private result: Digest | undefined;

	/**
	 * @param onBytes called with each chunk before it passes; throw to stop the stream (e.g. a size limit)
	 */
	constructor( private readonly onBytes?: ( total: number ) => void ) {
		super();
	}

	override _transform(
		chunk: Buffer,
		_encoding: BufferEncoding,
		callback: TransformCallback
	): void {
		try {
			this.onBytes?.( this.digester.size + chunk.length );
		} catch ( error ) {
			callback( error as Error );
			return;
		}
		this.digester.add( chunk );
		callback( null, chunk );
	}

	override _flush( callback: TransformCallback ): void {
		this.result = this.digester.finish();
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
