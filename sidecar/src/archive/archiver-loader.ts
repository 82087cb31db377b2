/**
 * archiver 8 is an ES module only. Node (>= 20.19) loads it from our CommonJS build with its native
 * require, but jest's module registry refuses ES modules in CommonJS mode. Module._load is Node's own
 * loader in both worlds, so the writer loads archiver through it; the types still come from @types/archiver.
 */
import nodeModule from 'node:module';

import type * as Archiver from 'archiver';

interface NodeLoader {
	_load: ( request: string, parent: unknown, isMain: boolean ) => unknown;
}

let loaded: typeof Archiver | undefined;

export function loadArchiver(): typeof Archiver {
	if ( ! loaded ) {
		const loader = nodeModule as unknown as NodeLoader;
		loaded = loader._load(
			require.resolve( 'archiver' ),
			null,
			false
		) as typeof Archiver;
	}
	return loaded;
}
