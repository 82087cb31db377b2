/**
 * The bytes of one entry, checked as they stream: never more than the directory declares (so a lying
 * size cannot inflate a bomb), and on the last byte the size, CRC-32 and manifest SHA-256 must all match.
 */
import type { Readable, TransformCallback } from 'node:stream';

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

function sizeMismatch(
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
				this.check( this.digest() );
				callback();
			} catch ( failure ) {
				callback( failure as Error );
			}
		} );
	}

	private check( digest: Digest ): void {
		const { path, manifest } = this.expect;
		const expectedSize = manifest?.size ?? this.expect.size;
		if (
			digest.size !== this.expect.size ||
			digest.size !== expectedSize
		) {
			throw sizeMismatch( path, digest.size, expectedSize );
		}
		if ( manifest && digest.sha256 !== manifest.sha256 ) {
			throw new SyteOpsError( 'syteops_archive_checksum_mismatch', {
				path,
				check: 'SHA-256',
			} );
		}
		if ( digest.crc32 !== this.expect.crc32 ) {
			throw new SyteOpsError( 'syteops_archive_checksum_mismatch', {
				path,
				check: 'CRC-32',
			} );
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
