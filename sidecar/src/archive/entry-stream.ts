/* eslint-disable no-bitwise -- a CRC-32 is an unsigned 32-bit value; >>> 0 makes it one. */
/**
 * The bytes of one entry, checked as they stream: never more than the directory declares (so a lying
 * size cannot inflate a bomb), and on the last byte the size, CRC-32 and manifest SHA-256 must all match.
 */
import { createHash } from 'node:crypto';
import type { Readable, TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';

import { SyteOpsError, isSyteOpsError } from '../errors';
import { DigestStream, type Digest } from './digest';
import type { ManifestEntry } from './manifest';

export interface EntryExpectation {
	path: string;
	/** Size and CRC-32 from the ZIP directory record. */
	size: number;
	crc32: number;
	/** What the manifest says; absent only for manifest.json itself. */
	manifest?: ManifestEntry;
}

export function sizeMismatch(
	path: string,
	actual: number | string,
	expected: number
) {
	return new SyteOpsError( 'syteops_archive_size_mismatch', {
		path,
		actual,
		expected,
	} );
}

/**
 * The checks of one entry's bytes, pure: the size, the manifest SHA-256 and the directory CRC-32.
 * @param expect
 * @param digest
 */
export function checkDigest( expect: EntryExpectation, digest: Digest ): void {
	checkSizeAndCrc( expect, digest );
	if ( expect.manifest && digest.sha256 !== expect.manifest.sha256 ) {
		throw new SyteOpsError( 'syteops_archive_checksum_mismatch', {
			path: expect.path,
			check: 'SHA-256',
		} );
	}
}

/**
 * The checks of checkDigest() but the manifest SHA-256: for bytes whose content another hash already proves
 * (see DigestCheck's `content`).
 * @param expect
 * @param digest
 */
export function checkSizeAndCrc(
	expect: EntryExpectation,
	digest: Omit< Digest, 'sha256' >
): void {
	const { path, manifest } = expect;
	const expectedSize = manifest?.size ?? expect.size;
	if ( digest.size !== expect.size || digest.size !== expectedSize ) {
		throw sizeMismatch( path, digest.size, expectedSize );
	}
	if ( digest.crc32 !== expect.crc32 ) {
		throw new SyteOpsError( 'syteops_archive_checksum_mismatch', {
			path,
			check: 'CRC-32',
		} );
	}
}

export class VerifiedEntryStream extends DigestStream {
	constructor( private readonly expect: EntryExpectation ) {
		super( ( total ) => {
			if ( total > expect.size ) {
				throw sizeMismatch(
					expect.path,
					`more than ${ expect.size }`,
					expect.size
				);
			}
		} );
	}

	override _flush( callback: TransformCallback ): void {
		super._flush( ( error ) => {
			if ( error ) {
				callback( error );
				return;
			}
			try {
				checkDigest( this.expect, this.digest() );
				callback();
			} catch ( failure ) {
				callback( failure as Error );
			}
		} );
	}
}

/**
 * Whether a DigestCheck hashes the content for the manifest's SHA-256 ('hashed'), or leaves that to a hash
 * of the whole file known to cover these bytes ('proven-by-file': see file-pass.ts).
 */
export type ContentCheck = 'hashed' | 'proven-by-file';

/**
 * The same checks as VerifiedEntryStream, fed synchronously (the sequential scan of verify): update()
 * throws as soon as the bytes pass the declared size, finish() throws any mismatch.
 */
export class DigestCheck {
	private readonly hash;
	private size = 0;
	private crc = 0;

	constructor(
		private readonly expect: EntryExpectation,
		content: ContentCheck = 'hashed'
	) {
		this.hash = content === 'hashed' ? createHash( 'sha256' ) : undefined;
	}

	update( chunk: Buffer ): void {
		this.size += chunk.length;
		if ( this.size > this.expect.size ) {
			throw sizeMismatch(
				this.expect.path,
				`more than ${ this.expect.size }`,
				this.expect.size
			);
		}
		this.hash?.update( chunk );
		this.crc = crc32( chunk, this.crc );
	}

	finish(): void {
		const digest = { size: this.size, crc32: this.crc >>> 0 };
		if ( this.hash ) {
			checkDigest( this.expect, {
				...digest,
				sha256: this.hash.digest( 'hex' ),
			} );
		} else {
			checkSizeAndCrc( this.expect, digest );
		}
	}
}

/**
 * Pipes raw (inflated) entry bytes through verification; decompression failures become named errors.
 * @param raw
 * @param expect
 */
export function verifiedStream(
	raw: Readable,
	expect: EntryExpectation
): VerifiedEntryStream {
	const verifier = new VerifiedEntryStream( expect );
	raw.on( 'error', ( error ) => {
		verifier.destroy(
			isSyteOpsError( error )
				? error
				: new SyteOpsError( 'syteops_archive_entry_corrupt', {
						path: expect.path,
						reason: error.message,
					} )
		);
	} );
	verifier.on( 'close', () => raw.destroy() );
	raw.pipe( verifier );
	return verifier;
}
