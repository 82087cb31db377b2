/**
 * Consistent snapshot: while a writer moves amounts between two InnoDB rows in transactions (their sum is
 * 1000 at every commit), backups are taken through REST one after another for about 40 seconds (at most
 * 50); in every archive, read with the archive layer, the two rows sum to 1000. A MyISAM table beside them
 * is named in the manifest's warnings as outside the consistent snapshot. Both tables are dropped after.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { readRows } from '../../sidecar/src/archive/rows-reader';
import { ArchiveReader } from '../../sidecar/src/archive/zip-reader';
import { loadStackEnv } from '../support/stack';
import { WpRest } from '../support/wp-rest';
import {
	deleteSnapshots,
	downloadArchive,
	printSummary,
	seededRandom,
	takeBackup,
} from './support/backups';
import {
	countDirtyOffSums,
	createPairTables,
	dropPairTables,
	MYISAM_SUFFIX,
	PAIR_SUFFIX,
	PAIR_SUM,
	startPairWriter,
	type PairWriter,
} from './support/pair-writer';

const stack = loadStackEnv();
const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
const MAX_BACKUPS = 50;
const BUDGET_MS = 40_000;

/**
 * The pair's rows in one archive: their sum and the manifest's warnings.
 * @param file
 */
async function readPair(
	file: string
): Promise< { sum: number; rows: number; warnings: string[] } > {
	const reader = await ArchiveReader.open( file );
	const entry = `db/${ PAIR_SUFFIX }.rows.ndjson`;
	let sum = 0;
	let rows = 0;
	for await ( const item of readRows( reader.openEntry( entry ), entry ) ) {
		if ( item.row ) {
			const at = item.header.columns.findIndex(
				( c ) => c.name === 'amount'
			);
			sum += Number( item.row[ at ] );
			rows++;
		}
	}
	return { sum, rows, warnings: reader.manifest.warnings };
}

describe( 'consistent snapshot', () => {
	let dir: string;
	let writer: PairWriter | undefined;
	const taken: string[] = [];

	beforeAll( async () => {
		dir = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-pair-' ) );
		await createPairTables( stack );
	} );

	afterAll( async () => {
		await writer?.stop();
		await dropPairTables( stack );
		await deleteSnapshots( admin, taken );
		await fs.rm( dir, { recursive: true, force: true } );
	} );

	it( 'keeps the two rows summing to 1000 in every backup taken while the writer runs, and flags MyISAM', async () => {
		writer = await startPairWriter( stack, seededRandom( 1000 ) );
		const started = Date.now();
		while (
			taken.length < MAX_BACKUPS &&
			Date.now() - started < BUDGET_MS
		) {
			taken.push(
				( await takeBackup( admin, 'hardening consistency' ) )
					.snapshot_id as string
			);
		}
		const dirtyOff = await countDirtyOffSums( stack, 200 );
		const transfers = await writer.stop();
		writer = undefined;

		const sums: number[] = [];
		let myisamFlagged = 0;
		for ( const id of taken ) {
			const file = path.join( dir, `${ id }.zip` );
			await downloadArchive( admin, id, file );
			const pair = await readPair( file );
			expect( pair.rows ).toBe( 2 );
			sums.push( pair.sum );
			if (
				pair.warnings.some(
					( w ) =>
						w.includes(
							`${ stack.TABLE_PREFIX }${ MYISAM_SUFFIX }`
						) && /MyISAM/.test( w )
				)
			) {
				myisamFlagged++;
			}
			await fs.rm( file );
		}
		const consistent = sums.filter( ( s ) => s === PAIR_SUM ).length;
		printSummary(
			'consistent snapshot',
			`${ consistent }/${ taken.length } backups keep the invariant (${ transfers } transfers committed meanwhile, ${ dirtyOff }/200 dirty reads saw the sum off); MyISAM table flagged in ${ myisamFlagged }/${ taken.length } manifests`
		);
		expect( transfers ).toBeGreaterThan( taken.length );
		expect( dirtyOff ).toBeGreaterThan( 0 );
		expect( sums ).toEqual( taken.map( () => PAIR_SUM ) );
		expect( myisamFlagged ).toBe( taken.length );
	} );
} );
