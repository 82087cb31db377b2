/**
 * Archives in a directory on the server. Writes go to a temporary file in the same directory, are fsynced and
 * then renamed into place (and the directory fsynced), so a crash leaves either the whole archive or none of it.
 */
import { randomBytes } from 'crypto';
import { createReadStream, createWriteStream, promises as fs } from 'fs';
import { join } from 'path';
import type { Readable } from 'stream';
import { pipeline } from 'stream/promises';

import { SyteOpsError } from '../../errors';
import { ARCHIVE_NAME_PATTERN, assertArchiveName } from './target';
import type { StorageTarget, StoredArchive } from './target';

const TEMP_PREFIX = '.partial-';

export class LocalTarget implements StorageTarget {
	readonly kind = 'local' as const;

	private constructor( readonly directory: string ) {}

	/**
	 * A target over a directory already known to hold archives, without the write check (reading, deleting):
	 * a directory that became read-only must still serve the archives in it.
	 * @param directory An absolute path.
	 */
	static at( directory: string ): LocalTarget {
		return new LocalTarget( directory );
	}

	/**
	 * Opens `directory` after checking it is an existing directory this process can write to.
	 * @param directory
	 */
	static async open( directory: string ): Promise< LocalTarget > {
		const unusable = ( reason: string ) =>
			new SyteOpsError( 'syteops_storage_unwritable', {
				path: directory,
				reason,
			} );
		if ( ! directory.startsWith( '/' ) ) {
			throw unusable( 'the path must be absolute.' );
		}
		const info = await fs.stat( directory ).catch( () => null );
		if ( ! info?.isDirectory() ) {
			throw unusable( 'it does not exist or is not a directory.' );
		}
		// A real write, not access(): it also catches read-only mounts, full disks and root-only directories.
		const probe = join(
			directory,
			`${ TEMP_PREFIX }probe-${ randomBytes( 8 ).toString( 'hex' ) }`
		);
		try {
			await fs.writeFile( probe, '', { flag: 'wx' } );
			await fs.rm( probe );
		} catch ( error ) {
			throw unusable(
				`the sidecar cannot write to it (${ errorCode( error ) }).`
			);
		}
		return new LocalTarget( directory );
	}

	async put( name: string, source: Readable ): Promise< StoredArchive > {
		const finalPath = this.pathOf( name );
		if ( await this.stat( name ) ) {
			throw new SyteOpsError( 'syteops_archive_exists', { name } );
		}
		const tempPath = join(
			this.directory,
			`${ TEMP_PREFIX }${ randomBytes( 8 ).toString( 'hex' ) }`
		);
		try {
			await pipeline(
				source,
				createWriteStream( tempPath, { flags: 'wx', mode: 0o600 } )
			);
			await fsyncPath( tempPath, 'r+' );
			await fs.rename( tempPath, finalPath );
		} catch ( error ) {
			await fs.rm( tempPath, { force: true } );
			throw error;
		}
		await fsyncPath( this.directory, 'r' );
		const stored = await this.describe( name );
		if ( ! stored ) {
			throw new SyteOpsError( 'syteops_archive_not_found', { name } );
		}
		return stored;
	}

	/**
	 * Moves a finished file of this machine into the target under `name`: a rename when it is on the same
	 * filesystem (atomic, no copy), else a streamed copy through put() and the source removed afterwards.
	 * @param name
	 * @param file An absolute path; gone once this resolves.
	 */
	async adopt( name: string, file: string ): Promise< StoredArchive > {
		const finalPath = this.pathOf( name );
		if ( await this.stat( name ) ) {
			throw new SyteOpsError( 'syteops_archive_exists', { name } );
		}
		try {
			await fs.rename( file, finalPath );
		} catch ( error ) {
			if ( ( error as NodeJS.ErrnoException ).code !== 'EXDEV' ) {
				throw error;
			}
			const stored = await this.put( name, createReadStream( file ) );
			await fs.rm( file, { force: true } );
			return stored;
		}
		await fsyncPath( this.directory, 'r' );
		const stored = await this.describe( name );
		if ( ! stored ) {
			throw new SyteOpsError( 'syteops_archive_not_found', { name } );
		}
		return stored;
	}

	async getStream( name: string ): Promise< Readable > {
		const path = this.pathOf( name );
		// Opened first so a missing file is a catalogued error here, not a stream 'error' event later.
		try {
			const handle = await fs.open( path, 'r' );
			return handle.createReadStream();
		} catch ( error ) {
			if ( isMissing( error ) ) {
				throw new SyteOpsError( 'syteops_archive_not_found', { name } );
			}
			throw error;
		}
	}

	async list(): Promise< StoredArchive[] > {
		const names = ( await fs.readdir( this.directory ) )
			.filter( ( name ) => ARCHIVE_NAME_PATTERN.test( name ) )
			.sort();
		const found = await Promise.all(
			names.map( ( name ) => this.stat( name ) )
		);
		return found.filter( ( a ): a is StoredArchive => a !== null );
	}

	async delete( name: string ): Promise< boolean > {
		try {
			await fs.unlink( this.pathOf( name ) );
		} catch ( error ) {
			if ( isMissing( error ) ) {
				return false;
			}
			throw error;
		}
		await fsyncPath( this.directory, 'r' );
		return true;
	}

	async stat( name: string ): Promise< StoredArchive | null > {
		try {
			return await this.describe( name );
		} catch ( error ) {
			if ( isMissing( error ) ) {
				return null;
			}
			throw error;
		}
	}

	localPath( name: string ): string {
		return this.pathOf( name );
	}

	async freeSpace(): Promise< number > {
		const stats = await fs.statfs( this.directory );
		return stats.bavail * stats.bsize;
	}

	private pathOf( name: string ): string {
		assertArchiveName( name );
		return join( this.directory, name );
	}

	// Null for anything that is not a plain file (a directory with an archive-like name is not an archive).
	private async describe( name: string ): Promise< StoredArchive | null > {
		const info = await fs.stat( this.pathOf( name ) );
		return info.isFile()
			? { name, size: info.size, modifiedAt: info.mtime }
			: null;
	}
}

async function fsyncPath( path: string, flags: 'r' | 'r+' ): Promise< void > {
	const handle = await fs.open( path, flags );
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

function isMissing( error: unknown ): boolean {
	return (
		typeof error === 'object' &&
		error !== null &&
		( error as NodeJS.ErrnoException ).code === 'ENOENT'
	);
}

function errorCode( error: unknown ): string {
	const code = ( error as NodeJS.ErrnoException | null )?.code;
	return typeof code === 'string' ? code : 'unknown error';
}
