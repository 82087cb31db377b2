/* eslint-disable no-bitwise -- CRC-32 values are 32-bit integers; >>> 0 and | 0 convert between the two conventions. */
/**
 * archiver 8 is an ES module only. Node (>= 20.19) loads it from our CommonJS build with its native
 * require, but jest's module registry refuses ES modules in CommonJS mode. Module._load is Node's own
 * loader in both worlds, so the writer loads archiver through it; the types still come from @types/archiver.
 */
import nodeModule from 'node:module';
import { crc32 } from 'node:zlib';

import type * as Archiver from 'archiver';

interface NodeLoader {
	_load: ( request: string, parent: unknown, isMain: boolean ) => unknown;
}

let loaded: typeof Archiver | undefined;

interface Crc32Module {
	buf: ( data: Uint8Array, seed?: unknown ) => number;
}

/**
 * archiver's CRC-32 streams call the `crc-32` package, a JavaScript CRC that cost more main-thread time
 * than the SHA-256 of the same bytes. Node's zlib.crc32 computes the same standard CRC-32 natively, so
 * the package's `buf` is pointed at it, keeping its contract: a seed that is not a number (crc32-stream
 * passes a zeroed Buffer first) means 0, and the result is a signed 32-bit integer. Every entry's CRC is
 * still checked against the bytes on every read (entry-stream.ts), so a wrong CRC could not go unseen.
 * @param parent the archiver module path: the package is resolved from there, as crc32-stream does
 */
function nativeCrc32ForArchiver( parent: string ): void {
	const loader = nodeModule as unknown as NodeLoader;
	const crcPath = nodeModule.createRequire( parent ).resolve( 'crc-32' );
	const crcModule = loader._load( crcPath, null, false ) as Crc32Module;
	crcModule.buf = ( data, seed ) =>
		crc32( data, typeof seed === 'number' ? seed >>> 0 : 0 ) | 0;
}

/** The record writers of compress-commons' ZipArchiveOutputStream that write one small buffer per field. */
const RECORD_WRITERS = [
	'_writeLocalFileHeader',
	'_writeDataDescriptor',
	'_writeCentralFileHeader',
	'_writeCentralDirectoryZip64',
	'_writeCentralDirectoryEnd',
] as const;

interface ZipOutputStream {
	offset: number;
	write: ( chunk: Buffer | string | number[] ) => boolean;
}

/**
 * compress-commons writes every header field as its own 2-8 byte Buffer: about 12 writes a local header
 * and 17 a directory record. The central directory is written in one synchronous loop at the end, so on a
 * 27,500-entry backup 470,000 tiny Buffers sat in the stream's queue at once (a heap snapshot showed
 * 181,724 of them queued): the backup's peak memory (341 MB RSS, 183 MB heap) was that queue. Each record
 * writer is wrapped to collect its fields and write them as one Buffer. The bytes and their order are
 * unchanged, and `offset` still advances field by field, because the local header writer reads it midway.
 * @param parent the archiver module path (compress-commons is resolved through zip-stream from there)
 */
function oneWritePerRecord( parent: string ): void {
	const loader = nodeModule as unknown as NodeLoader;
	const zipStreamPath = nodeModule
		.createRequire( parent )
		.resolve( 'zip-stream' );
	const commonsPath = nodeModule
		.createRequire( zipStreamPath )
		.resolve( 'compress-commons' );
	const commons = loader._load( commonsPath, null, false ) as {
		ZipArchiveOutputStream: { prototype: Record< string, unknown > };
	};
	const proto = commons.ZipArchiveOutputStream.prototype;
	// The stream's own write, below ArchiveOutputStream.write (which advances `offset`).
	const streamWrite = (
		Object.getPrototypeOf( Object.getPrototypeOf( proto ) ) as {
			write: ( chunk: Buffer ) => boolean;
		}
	 ).write;
	for ( const name of RECORD_WRITERS ) {
		const original = proto[ name ] as (
			this: ZipOutputStream,
			...args: unknown[]
		) => void;
		proto[ name ] = function (
			this: ZipOutputStream,
			...args: unknown[]
		): boolean {
			const fields: Buffer[] = [];
			this.write = ( chunk: Buffer | string | number[] ) => {
				// An empty extra field arrives as []; a stream write of a string is its UTF-8 bytes.
				const bytes = Buffer.isBuffer( chunk )
					? chunk
					: Buffer.from( chunk as string );
				this.offset += bytes.length;
				fields.push( bytes );
				return true;
			};
			try {
				original.apply( this, args );
			} finally {
				// Back to the class's write (the instance property shadowed it).
				delete ( this as Partial< ZipOutputStream > ).write;
			}
			return streamWrite.call( this, Buffer.concat( fields ) );
		};
	}
}

export function loadArchiver(): typeof Archiver {
	if ( ! loaded ) {
		const loader = nodeModule as unknown as NodeLoader;
		const archiverPath = require.resolve( 'archiver' );
		nativeCrc32ForArchiver( archiverPath );
		oneWritePerRecord( archiverPath );
		loaded = loader._load( archiverPath, null, false ) as typeof Archiver;
	}
	return loaded;
}
