/**
 * Bit rot: one real archive taken through REST, 200 copies each with one random bit flipped anywhere in the
 * file (seeded, so a miss can be replayed), and verify of the snapshot must call every copy damaged: 200/200.
 *
 * A flip in bits that deflate itself ignores (the padding before a stored block, the tail of the last byte)
 * changes the file but not one byte of any entry, so no content check can see it; the whole-file checksum the
 * catalog recorded when the archive was written does. Such flips are counted apart in the summary (the copy
 * unzips, with Info-ZIP, to exactly the original bytes) and still count as detected.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { verifyArchive } from '../../sidecar/src/archive/verify';
import {
	fileSha256,
	verifySnapshot,
} from '../../sidecar/src/engine/verify-snapshot';
import type { SnapshotRow } from '../../sidecar/src/repository/catalog';
import { loadStackEnv } from '../support/stack';
import { WpRest } from '../support/wp-rest';
import {
	deleteSnapshots,
	downloadArchive,
	printSummary,
	seededRandom,
	takeBackup,
} from './support/backups';

const stack = loadStackEnv();
const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
const TRIALS = 200;
const SEED = 0x5eed_b17;

/**
 * SHA-256 of every entry decompressed by Info-ZIP, in directory order, with the entry names.
 * @param file
 */
function unzippedDigest( file: string ): string {
	const names = execFileSync( 'unzip', [ '-Z1', file ] );
	const bytes = execFileSync( 'unzip', [ '-p', file ], {
		maxBuffer: 1024 * 1024 * 1024,
	} );
	return createHash( 'sha256' )
		.update( names )
		.update( bytes )
		.digest( 'hex' );
}

/**
 * A copy of `original` with bit number `bit` inverted.
 * @param original
 * @param bit
 */
function flipBit( original: Buffer, bit: number ): Buffer {
	const copy = Buffer.from( original );
	const byte = Math.floor( bit / 8 );
	// XOR without a bitwise operator (lint): add or remove the bit's value.
	const mask = 2 ** ( bit % 8 );
	copy[ byte ] += Math.floor( copy[ byte ] / mask ) % 2 === 1 ? -mask : mask;
	return copy;
}

describe( 'bit rot', () => {
	let dir: string;
	let snapshotId: string | undefined;

	beforeAll( async () => {
		dir = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-bitrot-' ) );
	} );

	afterAll( async () => {
		await deleteSnapshots( admin, snapshotId ? [ snapshotId ] : [] );
		await fs.rm( dir, { recursive: true, force: true } );
	} );

	it( `detects ${ TRIALS } of ${ TRIALS } archives with one flipped bit`, async () => {
		const job = await takeBackup( admin, 'hardening bit rot' );
		snapshotId = job.snapshot_id as string;
		const pristine = path.join( dir, 'pristine.zip' );
		const original = await downloadArchive(
			admin,
			job.snapshot_id as string,
			pristine
		);
		expect( ( await verifyArchive( pristine ) ).ok ).toBe( true );
		const listed = await admin.request< {
			manifest: { archive_sha256: string };
		} >( 'GET', `/syteops/v1/backups/${ snapshotId }` );
		const recorded = listed.body.manifest.archive_sha256;
		expect( recorded ).toBe( await fileSha256( pristine ) );
		// What verify of this snapshot sees in the catalog: the checksum recorded when the archive was written.
		const row = {
			manifest_summary: JSON.stringify( { archive_sha256: recorded } ),
		} as SnapshotRow;

		const originalDigest = unzippedDigest( pristine );
		const random = seededRandom( SEED );
		let detected = 0;
		const contentIntact: number[] = [];
		const missed: number[] = [];
		for ( let trial = 0; trial < TRIALS; trial++ ) {
			const bit = Math.floor( random() * original.length * 8 );
			const file = path.join( dir, `flip-${ trial }.zip` );
			await fs.writeFile( file, flipBit( original, bit ) );
			if ( ( await verifySnapshot( row, file ) ).ok ) {
				missed.push( bit );
			} else {
				detected++;
				if (
					( await verifyArchive( file ) ).ok &&
					unzippedDigest( file ) === originalDigest
				) {
					contentIntact.push( bit );
				}
			}
			await fs.rm( file );
		}

		printSummary(
			'bit rot',
			`${ detected }/${ TRIALS } flipped archives detected, ${
				contentIntact.length
			} of them in bits deflate ignores (caught by the file checksum only), ${
				missed.length
			} missed (seed ${ SEED }, archive ${ original.length } bytes)`
		);
		expect( missed ).toEqual( [] );
		expect( detected ).toBe( TRIALS );
	} );
} );
