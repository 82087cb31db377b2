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

export function loadArchiver(): typeof Archiver {
	if ( ! loaded ) {
		const loader = nodeModule as unknown as NodeLoader;
		const archiverPath = require.resolve( 'archiver' );
		nativeCrc32ForArchiver( archiverPath );
		loaded = loader._load( archiverPath, null, false ) as typeof Archiver;
	}
	return loaded;
}
