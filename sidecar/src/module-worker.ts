/**
 * Starts a worker thread running one of the sidecar's own modules. From the build that is a plain `.js`
 * file; the unit tests run the TypeScript sources (ts-jest), where a worker has no transform, so the boot
 * script then compiles each `.ts` file on load with the project's TypeScript, as ts-jest does. Tests thereby
 * run the very worker code the sidecar runs.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';

import { WORKER_RESOURCE_LIMITS } from './memory-budget';

const BOOT = `
const { workerData } = require( 'node:worker_threads' );
const file = workerData.moduleFile;
if ( file.endsWith( '.ts' ) ) {
	const fs = require( 'node:fs' );
	const ts = require( require.resolve( 'typescript', { paths: [ file ] } ) );
	require.extensions[ '.ts' ] = ( module, filename ) => {
		const { outputText } = ts.transpileModule( fs.readFileSync( filename, 'utf8' ), {
			fileName: filename,
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2022,
				esModuleInterop: true,
			},
		} );
		module._compile( outputText, filename );
	};
}
require( file );
`;

/**
 * @param callerFile the caller's `__filename` (gives the directory and whether sources or the build run)
 * @param moduleName the worker module's file name beside the caller, without extension
 */
export function startModuleWorker(
	callerFile: string,
	moduleName: string
): Worker {
	const moduleFile = path.join(
		path.dirname( callerFile ),
		moduleName + path.extname( callerFile )
	);
	return new Worker( BOOT, {
		eval: true,
		resourceLimits: WORKER_RESOURCE_LIMITS,
		workerData: { moduleFile },
	} );
}
