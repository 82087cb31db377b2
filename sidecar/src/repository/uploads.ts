/**
 * Resumable uploads of archives (restore from file). Each upload is `<storage>/uploads/<id>.part` plus a small
 * JSON descriptor. Chunks are appended at the offset the client names; a chunk is kept only if its bytes hash
 * to the digest the host shim signed, otherwise the file is cut back so the client can resend it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

import { SyteOpsError } from '../errors';

export const CHUNK_SIZE = 8 * 1024 * 1024;
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024 * 1024;
const STALE_MS = 24 * 3600 * 1000;

export interface UploadDescriptor {
	id: string;
	filename: string;
	size: number;
	user_id: number;
	created_at: string;
}

export class Uploads {
	readonly dir: string;

	constructor( storageDir: string ) {
		this.dir = path.join( storageDir, 'uploads' );
	}

	async create(
		filename: string,
		size: number,
		userId: number
	): Promise< UploadDescriptor & { chunk_size: number; received: number } > {
		if (
			! Number.isSafeInteger( size ) ||
			size < 1 ||
			size > MAX_UPLOAD_BYTES
		) {
			throw new SyteOpsError( 'syteops_upload_too_large', {
				limit: MAX_UPLOAD_BYTES,
			} );
		}
		await fs.mkdir( this.dir, { recursive: true, mode: 0o700 } );
		const descriptor: UploadDescriptor = {
			id: randomBytes( 16 ).toString( 'hex' ),
			filename: filename.replace( /[^\w.\- ]/g, '_' ).slice( 0, 200 ),
			size,
			user_id: userId,
			created_at: new Date().toISOString(),
		};
		await fs.writeFile( this.partPath( descriptor.id ), '', {
			mode: 0o600,
		} );
		await fs.writeFile(
			this.metaPath( descriptor.id ),
			JSON.stringify( descriptor ),
			{ mode: 0o600 }
		);
		return { ...descriptor, chunk_size: CHUNK_SIZE, received: 0 };
	}

	async get(
		id: string
	): Promise< UploadDescriptor & { received: number } > {
		try {
			const descriptor = JSON.parse(
				await fs.readFile( this.metaPath( id ), 'utf8' )
			) as UploadDescriptor;
			const { size: received } = await fs.stat( this.partPath( id ) );
			return { ...descriptor, received };
		} catch {
			throw new SyteOpsError( 'syteops_upload_not_found', { id } );
		}
	}

	/**
	 * Appends one chunk at `offset` (which must equal the bytes already received).
	 * @param id
	 * @param offset
	 * @param body
	 * @param claimedSha256
	 */
	async writeChunk(
		id: string,
		offset: number,
		body: Readable,
		claimedSha256: string
	): Promise< number > {
		const upload = await this.get( id );
		if ( offset !== upload.received ) {
			body.resume();
			throw new SyteOpsError( 'syteops_upload_offset_mismatch', {
				offset,
				expected_offset: upload.received,
			} );
		}
		const hash = createHash( 'sha256' );
		let length = 0;
		const limit = Math.min( MAX_CHUNK_BYTES, upload.size - offset );
		const meter = new Transform( {
			transform( chunk: Buffer, _enc, done ) {
				length += chunk.length;
				if ( length > limit ) {
					done(
						new SyteOpsError( 'syteops_upload_too_large', {
							limit: upload.size,
						} )
					);
					return;
				}
				hash.update( chunk );
				done( null, chunk );
			},
		} );
		try {
			await pipeline(
				body,
				meter,
				createWriteStream( this.partPath( id ), {
					flags: 'r+',
					start: offset,
				} )
			);
			if ( hash.digest( 'hex' ) !== claimedSha256 ) {
				throw new SyteOpsError( 'syteops_chunk_digest_mismatch', {
					offset,
				} );
			}
		} catch ( error ) {
			await fs.truncate( this.partPath( id ), offset );
			throw error;
		}
		return offset + length;
	}

	/**
	 * The finished file, once every declared byte arrived.
	 * @param id
	 */
	async completedPath(
		id: string
	): Promise< { path: string; descriptor: UploadDescriptor } > {
		const upload = await this.get( id );
		if ( upload.received !== upload.size ) {
			throw new SyteOpsError( 'syteops_upload_incomplete', {
				received: upload.received,
				size: upload.size,
			} );
		}
		return { path: this.partPath( id ), descriptor: upload };
	}

	async remove( id: string ): Promise< void > {
		await fs.rm( this.partPath( id ), { force: true } );
		await fs.rm( this.metaPath( id ), { force: true } );
	}

	/**
	 * Uploads abandoned for a day are removed at start-up.
	 * @param now
	 */
	async removeStale( now = Date.now() ): Promise< number > {
		let removed = 0;
		for ( const name of await fs
			.readdir( this.dir )
			.catch( () => [] as string[] ) ) {
			const full = path.join( this.dir, name );
			const stat = await fs.stat( full ).catch( () => null );
			if ( stat && now - stat.mtimeMs > STALE_MS ) {
				await fs.rm( full, { force: true } );
				removed++;
			}
		}
		return removed;
	}

	private partPath( id: string ): string {
		return path.join( this.dir, `${ id }.part` );
	}

	private metaPath( id: string ): string {
		return path.join( this.dir, `${ id }.json` );
	}
}
