/**
 * The launcher (sidecar/bin/syteops-backup) runs the CLI's build with the memory settings a process can only
 * take at start. Run for real here with NODE pointing at a stand-in that reports what it was given.
 */
import { spawnSync } from 'node:child_process';
import {
	chmodSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	SEMI_SPACE_MB,
	WORKER_RESOURCE_LIMITS,
} from '../../../../sidecar/src/memory-budget';
import { startModuleWorker } from '../../../../sidecar/src/module-worker';

const ROOT = path.resolve( __dirname, '../../../..' );
const LAUNCHER = path.join( ROOT, 'sidecar/bin/syteops-backup' );

interface Reported {
	argv: string[];
	arenas: string | null;
}

let dir: string;
let fakeNode: string;

beforeAll( () => {
	dir = mkdtempSync( path.join( tmpdir(), 'syteops-launcher-' ) );
	fakeNode = path.join( dir, 'node' );
	// Prints its arguments and MALLOC_ARENA_MAX as JSON, exits 3: the exit code must come back unchanged.
	writeFileSync(
		fakeNode,
		`#!${ process.execPath }\nconsole.log( JSON.stringify( { argv: process.argv.slice( 2 ), arenas: process.env.MALLOC_ARENA_MAX ?? null } ) );\nprocess.exit( 3 );\n`
	);
	chmodSync( fakeNode, 0o755 );
} );

afterAll( () => rmSync( dir, { recursive: true, force: true } ) );

function launch(
	launcher: string,
	args: string[],
	env: Record< string, string > = {}
): { status: number | null; reported: Reported } {
	const environment: NodeJS.ProcessEnv = { ...process.env, NODE: fakeNode };
	delete environment.MALLOC_ARENA_MAX;
	const result = spawnSync( launcher, args, {
		env: { ...environment, ...env },
		encoding: 'utf8',
	} );
	return {
		status: result.status,
		reported: JSON.parse( result.stdout ) as Reported,
	};
}

describe( 'the syteops-backup launcher', () => {
	it( 'runs the built CLI with the semi-space bound, the collector exposed, one malloc arena and the arguments as given', () => {
		const { status, reported } = launch( LAUNCHER, [
			'restore',
			'abc',
			'--yes',
			'a b',
		] );
		expect( status ).toBe( 3 );
		expect( reported.arenas ).toBe( '1' );
		expect( reported.argv[ 0 ] ).toBe(
			`--max-semi-space-size=${ SEMI_SPACE_MB }`
		);
		expect( reported.argv[ 1 ] ).toBe( '--expose-gc' );
		expect( path.resolve( reported.argv[ 2 ] ) ).toBe(
			path.join( ROOT, 'build/node/sidecar/src/cli/main.js' )
		);
		expect( reported.argv.slice( 3 ) ).toEqual( [
			'restore',
			'abc',
			'--yes',
			'a b',
		] );
	} );

	it( 'keeps a MALLOC_ARENA_MAX the caller set', () => {
		const { reported } = launch( LAUNCHER, [ 'list' ], {
			MALLOC_ARENA_MAX: '4',
		} );
		expect( reported.arenas ).toBe( '4' );
	} );

	it( 'finds the build from a symlink elsewhere (as npm links a bin)', () => {
		const link = path.join( dir, 'syteops-backup' );
		symlinkSync( LAUNCHER, link );
		const { reported } = launch( link, [ 'list' ] );
		expect( path.resolve( reported.argv[ 2 ] ) ).toBe(
			path.join( ROOT, 'build/node/sidecar/src/cli/main.js' )
		);
	} );

	it( 'gives the semi-space the code assumes (one number in two places)', () => {
		expect( readFileSync( LAUNCHER, 'utf8' ) ).toContain(
			`--max-semi-space-size=${ SEMI_SPACE_MB } `
		);
	} );
} );

describe( 'worker threads', () => {
	it( 'start with the young-generation bound of the main thread', async () => {
		const worker = startModuleWorker(
			path.join( ROOT, 'sidecar/src/archive/rows-check-pool.ts' ),
			'rows-check-worker'
		);
		try {
			await new Promise( ( resolve ) =>
				worker.once( 'online', resolve )
			);
			expect( worker.resourceLimits?.maxYoungGenerationSizeMb ).toBe(
				WORKER_RESOURCE_LIMITS.maxYoungGenerationSizeMb
			);
			expect( WORKER_RESOURCE_LIMITS.maxYoungGenerationSizeMb ).toBe(
				3 * SEMI_SPACE_MB
			);
		} finally {
			await worker.terminate();
		}
	} );
} );
