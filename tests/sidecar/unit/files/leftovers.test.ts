import { promises as fs } from 'node:fs';
import path from 'node:path';

import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { cleanupFileLeftovers } from '../../../../sidecar/src/engine/files/leftovers';
import { extractContentToStaging } from '../../../../sidecar/src/engine/files/restore';
import {
	createStagingDir,
	swapContent,
	type SwapStepName,
} from '../../../../sidecar/src/engine/files/swap';
import {
	backup,
	buildSite,
	describeTree,
	makeTempDir,
	subtree,
	writeFiles,
	type TreeDescription,
} from './site-fixture';

const TOP_DIRS = [ 'uploads', 'themes', 'plugins' ];
const OUR_PLUGIN = 'plugins/syteops-backup';
const STEPS: SwapStepName[] = [
	'preserved-staged',
	'live-set-aside',
	'staged-moved-in',
];
const CRASH_POINTS = TOP_DIRS.flatMap( ( dir ) =>
	STEPS.map( ( step ) => `${ step } ${ dir }` )
);

let root: string;
let content: string;
beforeEach( async () => {
	root = await makeTempDir( 'leftovers' );
	content = await buildSite( root );
} );
afterEach( async () => {
	await fs.rm( root, { recursive: true, force: true } );
} );

interface Prepared {
	oldTree: TreeDescription;
	newTree: TreeDescription;
	ourPlugin: TreeDescription;
	staging: string;
}

/**
 * Backs up, changes every top directory (so old and new differ everywhere), stages the backup.
 * `newTree` is what a completed restore looks like (our plugin excluded: it always stays the live one).
 */
async function prepare(): Promise< Prepared > {
	const taken = await backup( content, path.join( root, 'storage' ) );
	const newTree = await describeTree( content, [ OUR_PLUGIN ] );
	await writeFiles( content, {
		'uploads/2024/01/notes.txt': 'changed\n',
		'themes/twentytwo/style.css': 'changed',
		'plugins/hello/hello.php': 'changed',
		[ `${ OUR_PLUGIN }/syteops-backup.php` ]:
			'<?php // updated live copy\n',
	} );
	const oldTree = await describeTree( content, [ OUR_PLUGIN ] );
	const ourPlugin = await describeTree( path.join( content, OUR_PLUGIN ) );
	const staging = await createStagingDir( content );
	await extractContentToStaging(
		await ArchiveReader.open( taken.archive.path ),
		staging,
		{
			symlinks: taken.capture.symlinks,
			directories: taken.capture.directories,
		}
	);
	return { oldTree, newTree, ourPlugin, staging };
}

/**
 * Runs the swap until `crashAt`, where it stops for good, as if the process had been killed there.
 * @param staging the filled staging directory
 * @param crashAt `<step> <dir>`
 */
async function swapUntilCrash(
	staging: string,
	crashAt: string
): Promise< void > {
	await new Promise< void >( ( reached, failed ) => {
		swapContent( content, staging, {
			onStep: ( step, dir ) => {
				if ( `${ step } ${ dir }` === crashAt ) {
					reached();
					return new Promise< void >( () => {} ); // never resumes
				}
			},
		} ).then(
			() => failed( new Error( `never reached ${ crashAt }` ) ),
			failed
		);
	} );
}

/**
 * Each top directory is wholly the old tree or wholly the new one; our plugin is intact; nothing is left.
 * @param prepared what the trees looked like
 */
async function expectCompleteTree(
	prepared: Prepared
): Promise< Record< string, 'old' | 'new' > > {
	const now = await describeTree( content, [ OUR_PLUGIN ] );
	const outcome: Record< string, 'old' | 'new' > = {};
	for ( const dir of TOP_DIRS ) {
		const part = subtree( now, dir );
		expect( [
			subtree( prepared.oldTree, dir ),
			subtree( prepared.newTree, dir ),
		] ).toContainEqual( part );
		outcome[ dir ] =
			JSON.stringify( part ) ===
			JSON.stringify( subtree( prepared.oldTree, dir ) )
				? 'old'
				: 'new';
	}
	expect( await describeTree( path.join( content, OUR_PLUGIN ) ) ).toEqual(
		prepared.ourPlugin
	);
	expect(
		( await fs.readdir( content ) ).filter( ( name ) =>
			name.startsWith( '.syteops-' )
		)
	).toEqual( [] );
	return outcome;
}

/**
 * Renames the live uploads to its discard name, as the crash left it, runs the cleanup and expects the
 * original uploads back and nothing left over.
 * @param prepared what the trees looked like
 */
async function expectOldUploadsAfterCleanupOfDiscarded(
	prepared: Prepared
): Promise< void > {
	await fs.rename(
		path.join( content, 'uploads' ),
		path.join( content, '.syteops-discard-uploads' )
	);
	await cleanupFileLeftovers( content );
	expect( ( await expectCompleteTree( prepared ) ).uploads ).toBe( 'old' );
}

describe( 'cleanupFileLeftovers after a crash', () => {
	it( 'removes a staging directory left before the swap began, leaving the original tree', async () => {
		const prepared = await prepare();
		const report = await cleanupFileLeftovers( content );
		expect( report.stagingRemoved ).toEqual( [
			path.basename( prepared.staging ),
		] );
		expect( await expectCompleteTree( prepared ) ).toEqual( {
			uploads: 'old',
			themes: 'old',
			plugins: 'old',
		} );
	} );

	it.each( CRASH_POINTS )(
		'after "%s" leaves every top directory wholly old or wholly new',
		async ( crashAt ) => {
			const prepared = await prepare();
			await swapUntilCrash( prepared.staging, crashAt );
			await cleanupFileLeftovers( content );
			const outcome = await expectCompleteTree( prepared );
			const [ step, crashedDir ] = crashAt.split( ' ' );
			const index = TOP_DIRS.indexOf( crashedDir );
			// Directories already swapped stay restored; those not reached stay original.
			TOP_DIRS.slice( 0, index ).forEach( ( dir ) =>
				expect( outcome[ dir ] ).toBe( 'new' )
			);
			TOP_DIRS.slice( index + 1 ).forEach( ( dir ) =>
				expect( outcome[ dir ] ).toBe( 'old' )
			);
			expect( outcome[ crashedDir ] ).toBe(
				step === 'staged-moved-in' ? 'new' : 'old'
			);
		}
	);

	it( 'with restoreOld, puts the original tree back even after every directory was swapped', async () => {
		const prepared = await prepare();
		await swapUntilCrash( prepared.staging, 'staged-moved-in plugins' );
		const report = await cleanupFileLeftovers( content, {
			restoreOld: true,
		} );
		expect( report.restored.sort() ).toEqual( [ ...TOP_DIRS ].sort() );
		expect( await expectCompleteTree( prepared ) ).toEqual( {
			uploads: 'old',
			themes: 'old',
			plugins: 'old',
		} );
	} );

	it( 'finishes a rollback that was interrupted after the restored tree was set aside', async () => {
		const prepared = await prepare();
		await swapUntilCrash( prepared.staging, 'staged-moved-in uploads' );
		// The first moves of a rollback of uploads: restored tree renamed to its discard name.
		await expectOldUploadsAfterCleanupOfDiscarded( prepared );
	} );

	it( 'puts the original back after a crash while an uploads directory WordPress recreated during the swap was set aside', async () => {
		const prepared = await prepare();
		await swapUntilCrash( prepared.staging, 'live-set-aside uploads' );
		// A crash inside moveStagedIn: the recreated directory renamed to its discard name, not yet removed.
		await writeFiles( content, { 'uploads/2026/12/racing.jpg': 'x' } );
		await expectOldUploadsAfterCleanupOfDiscarded( prepared );
	} );

	it( 'does nothing to a wp-content without leftovers', async () => {
		const before = await describeTree( content );
		expect( await cleanupFileLeftovers( content ) ).toEqual( {
			stagingRemoved: [],
			restored: [],
			keptRestored: [],
		} );
		expect( await describeTree( content ) ).toEqual( before );
	} );
} );
