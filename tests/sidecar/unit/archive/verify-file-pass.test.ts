/* eslint-disable no-bitwise -- the tests flip single bits. */
/**
 * Verify with the file pass (file-pass.ts): one worker reads the whole file for its SHA-256 and checks the
 * stored entries from those same reads. The report must be exactly the one verify gives without it, the hash
 * that of the file, and the stored entries' outcomes right across read boundaries; planVerify() shares the
 * entries out as documented.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { ScanTarget } from '../../../../sidecar/src/archive/entry-scan';
import { hashFileCheckingStored } from '../../../../sidecar/src/archive/file-pass';
import {
	planVerify,
	verifyArchive,
	verifyArchiveAndFile,
} from '../../../../sidecar/src/archive/verify';
import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { ArchiveWriter } from '../../../../sidecar/src/archive/zip-writer';
import {
	baseManifest,
	buildArchive,
	manifestEntry,
	OPTIONS_HEADER,
	rowsFile,
} from '../../fixtures/archive/archive-builder';

let dir: string;
let pristine: string;
let flipped: string;

const PHOTO = 'files/wp-content/uploads/photo.jpg';
const sha256Of = async ( file: string ) =>
	createHash( 'sha256' )
		.update( await fs.readFile( file ) )
		.digest( 'hex' );

beforeAll( async () => {
	dir = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-filepass-' ) );
	const writer = await ArchiveWriter.open( path.join( dir, 'storage' ) );
	await writer.addBuffer(
		'db/wp_options.schema.sql',
		Buffer.from( 'CREATE TABLE `wp_options` (x int);\n' )
	);
	await writer.addBuffer(
		'db/wp_options.rows.ndjson',
		rowsFile( OPTIONS_HEADER, [
			[ '1', 'siteurl', 'https://e.test' ],
			[ '2', 'blogname', 'E' ],
		] )
	);
	await writer.addBuffer(
		'files/wp-content/uploads/first.jpg',
		Buffer.from( 'the first stored entry' )
	);
	await writer.addBuffer( PHOTO, Buffer.from( 'not really a jpeg, stored' ) );
	await writer.addBuffer(
		'files/wp-content/uploads/last.jpg',
		Buffer.from( 'the last stored entry' )
	);
	const done = await writer.finish( {
		...baseManifest(),
		sections: { ...baseManifest().sections, media_files: 3 },
	} );
	pristine = done.path;
	const bytes = await fs.readFile( pristine );
	bytes[ bytes.indexOf( 'not really a jpeg' ) + 4 ] ^= 0x01;
	flipped = path.join( dir, 'flipped.zip' );
	await fs.writeFile( flipped, bytes );
} );
afterAll( async () => {
	await fs.rm( dir, { recursive: true, force: true } );
} );

async function storedTargets( file: string ): Promise< ScanTarget[] > {
	const reader = await ArchiveReader.open( file, { strict: false } );
	return reader
		.scanTargets( reader.entryPaths() )
		.filter( ( target ) => ! target.deflated );
}

describe( 'verify with the file pass', () => {
	it.each( [ 'pristine', 'flipped' ] )(
		'gives the report verify gives without it, and the SHA-256 of the whole file (%s)',
		async ( which ) => {
			const file = which === 'pristine' ? pristine : flipped;
			const outcome = await verifyArchiveAndFile( file, {
				fileSha256: true,
			} );
			expect( outcome.report ).toEqual( await verifyArchive( file ) );
			expect( outcome.fileSha256 ).toBe( await sha256Of( file ) );
			expect( outcome.report.ok ).toBe( which === 'pristine' );
		}
	);

	it.each( [ 7, 64, 1024 * 1024 ] )(
		'checks each stored entry from the whole-file reads, whatever the read size (%i bytes)',
		async ( readBytes ) => {
			const targets = await storedTargets( pristine );
			expect( targets.map( ( t ) => t.path ).sort() ).toEqual( [
				'files/wp-content/uploads/first.jpg',
				'files/wp-content/uploads/last.jpg',
				PHOTO,
			] );
			const good = await hashFileCheckingStored( pristine, targets, {
				readBytes,
			} );
			expect( good.sha256 ).toBe( await sha256Of( pristine ) );
			expect( good.broken.size ).toBe( 0 );
			expect( good.checked ).toBe( 3 );
			const bad = await hashFileCheckingStored( flipped, targets, {
				readBytes,
			} );
			expect( bad.sha256 ).toBe( await sha256Of( flipped ) );
			expect( bad.broken.get( PHOTO ) ).toMatchObject( {
				code: 'syteops_archive_checksum_mismatch',
			} );
			expect( bad.broken.size ).toBe( 1 );
			expect( bad.checked ).toBe( 3 );
		}
	);
} );

describe( 'planVerify', () => {
	it( 'with the recorded file hash equal to the file, proves the stored entries by it and still checks their CRC-32', async () => {
		// A manifest SHA-256 that no byte matches: only a pass that hashes the entry's content can see it.
		const targets = ( await storedTargets( pristine ) ).map( ( t ) =>
			t.path === PHOTO && t.manifest
				? {
						...t,
						manifest: { ...t.manifest, sha256: '0'.repeat( 64 ) },
					}
				: t
		);
		const recordedSha256 = await sha256Of( pristine );
		const proven = await hashFileCheckingStored( pristine, targets, {
			recordedSha256,
			readBytes: 7,
		} );
		expect( proven.sha256 ).toBe( recordedSha256 );
		expect( proven.broken.size ).toBe( 0 );
		expect( proven.checked ).toBe( 3 );
		const hashed = await hashFileCheckingStored( pristine, targets );
		expect( hashed.broken.get( PHOTO ) ).toMatchObject( {
			code: 'syteops_archive_checksum_mismatch',
			details: { check: 'SHA-256' },
		} );
		// The CRC-32 is not left to the file hash.
		const wrongCrc = ( await storedTargets( pristine ) ).map( ( t ) =>
			t.path === PHOTO ? { ...t, crc32: ( t.crc32 + 1 ) >>> 0 } : t
		);
		const crcChecked = await hashFileCheckingStored( pristine, wrongCrc, {
			recordedSha256,
		} );
		expect( crcChecked.broken.get( PHOTO ) ).toMatchObject( {
			details: { check: 'CRC-32' },
		} );
	} );

	it( 'with a recorded file hash the file no longer has, hashes the stored entries too and names the damaged one', async () => {
		const targets = await storedTargets( pristine );
		const bad = await hashFileCheckingStored( flipped, targets, {
			recordedSha256: await sha256Of( pristine ),
		} );
		expect( bad.sha256 ).toBe( await sha256Of( flipped ) );
		expect( bad.broken.get( PHOTO ) ).toMatchObject( {
			code: 'syteops_archive_checksum_mismatch',
		} );
		expect( bad.broken.size ).toBe( 1 );
		expect( bad.checked ).toBe( 3 );
	} );

	it.each( [ 'pristine', 'flipped' ] )(
		'with the recorded file hash, gives the report verify gives without it (%s)',
		async ( which ) => {
			const file = which === 'pristine' ? pristine : flipped;
			const outcome = await verifyArchiveAndFile( file, {
				fileSha256: true,
				recordedFileSha256: await sha256Of( pristine ),
			} );
			expect( outcome.report ).toEqual( await verifyArchive( file ) );
			expect( outcome.fileSha256 ).toBe( await sha256Of( file ) );
		}
	);

	it( 'with the recorded file hash equal to the file, leaves a deflated entry’s content to it and, when the file differs, hashes it on a second read', async () => {
		// The manifest’s SHA-256 of the deflated rows entry matches no byte; its size and CRC-32 are right.
		const misdigested = path.join( dir, 'misdigested.zip' );
		await fs.writeFile(
			misdigested,
			buildArchive( ( { entries, manifest } ) => {
				manifest.entries[ 1 ].sha256 = 'f'.repeat( 64 );
				return [ ...entries, manifestEntry( manifest ) ];
			} )
		);
		const withoutRecord = await verifyArchive( misdigested );
		expect( withoutRecord.findings ).toEqual( [
			expect.objectContaining( {
				code: 'syteops_archive_checksum_mismatch',
				path: 'db/wp_options.rows.ndjson',
			} ),
		] );
		// The file is the one recorded: its content was proven when the hash was recorded, so it is not hashed.
		const proven = await verifyArchiveAndFile( misdigested, {
			fileSha256: true,
			recordedFileSha256: await sha256Of( misdigested ),
		} );
		expect( proven.report.ok ).toBe( true );
		expect( proven.report.summary.rows ).toBe( 2 );
		// Another file than the recorded one: every entry is hashed again and named as verify names it.
		const unproven = await verifyArchiveAndFile( misdigested, {
			fileSha256: true,
			recordedFileSha256: '0'.repeat( 64 ),
		} );
		expect( unproven.report ).toEqual( withoutRecord );
		expect( unproven.fileSha256 ).toBe( await sha256Of( misdigested ) );
	} );

	it( 'with a recorded file hash, names a damaged deflated entry exactly as verify does without it', async () => {
		const reader = await ArchiveReader.open( pristine );
		const [ rows ] = reader.scanTargets( [ 'db/wp_options.rows.ndjson' ] );
		expect( rows.deflated ).toBe( true );
		const bytes = await fs.readFile( pristine );
		bytes[ rows.dataStart + Math.floor( rows.compressedSize / 2 ) ] ^= 0x10;
		const damaged = path.join( dir, 'deflated-damaged.zip' );
		await fs.writeFile( damaged, bytes );
		const outcome = await verifyArchiveAndFile( damaged, {
			fileSha256: true,
			recordedFileSha256: await sha256Of( pristine ),
		} );
		const plain = await verifyArchive( damaged );
		expect( plain.ok ).toBe( false );
		expect( outcome.report ).toEqual( plain );
	} );

	const target = (
		name: string,
		deflated: boolean,
		compressedSize: number
	): ScanTarget => ( {
		path: name,
		size: compressedSize * 3,
		crc32: 0,
		offset: 0,
		dataStart: 0,
		compressedSize,
		deflated,
	} );
	const MB = 1024 * 1024;
	const photo = target( 'files/wp-content/uploads/a.jpg', false, 40 * MB );
	const text = target( 'files/wp-content/uploads/a.txt', true, 1000 );
	const smallRows = target( 'db/options.rows.ndjson', true, 5000 );
	const postmeta = target( 'db/postmeta.rows.ndjson', true, 226 * MB );
	const usermeta = target( 'db/usermeta.rows.ndjson', true, 98 * MB );
	const all = [ photo, text, smallRows, usermeta, postmeta ];

	it( 'without the file pass, sends the large rows entries to one worker and keeps the rest here', () => {
		expect( planVerify( all ) ).toEqual( {
			here: [ photo, text, smallRows ],
			rows: [ postmeta, usermeta ],
		} );
	} );

	it( 'with it, gives the stored entries to the file pass and each large rows entry to the less loaded worker', () => {
		// A 2 GB file weighs about 108 MB of rows: postmeta goes to the rows worker, usermeta to the file pass.
		expect( planVerify( all, 2048 * MB ) ).toEqual( {
			here: [ text, smallRows ],
			filePass: { stored: [ photo ], rows: [ usermeta ] },
			rows: [ postmeta ],
		} );
		// A small file: both large entries could not share better than one each, largest to the rows worker.
		expect( planVerify( all, 1 * MB ).rows ).toEqual( [ postmeta ] );
		// A huge file: the file pass is busy enough, both go to the rows worker.
		expect( planVerify( all, 20 * 1024 * MB ) ).toMatchObject( {
			filePass: { rows: [] },
			rows: [ postmeta, usermeta ],
		} );
	} );
} );
