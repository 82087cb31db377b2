/**
 * A generated corpus of malformed archives: each kind must be refused with its own named error.
 * Structural kinds fail ArchiveReader.open; entry-level kinds are found by verifyArchive.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { ArchiveLimits } from '../../../../sidecar/src/archive/limits';
import { verifyArchive } from '../../../../sidecar/src/archive/verify';
import { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { checkArchiveTables } from '../../../../sidecar/src/db/load';
import registry from '../../../../plugin/data-model.json';
import {
	corpus,
	TABLE_KINDS,
	valid,
	withEntry,
} from '../../fixtures/archive/malformed-corpus';

let dir: string;
beforeAll( async () => {
	dir = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-corpus-' ) );
} );
afterAll( async () => {
	await fs.rm( dir, { recursive: true, force: true } );
} );

async function firstError(
	zip: Buffer,
	limits: Partial< ArchiveLimits > = {}
) {
	const file = path.join(
		dir,
		`${ Math.random().toString( 16 ).slice( 2 ) }.zip`
	);
	await fs.writeFile( file, zip );
	const report = await verifyArchive( file, { limits } );
	return report.findings
		.filter( ( f ) => f.severity === 'error' )
		.map( ( f ) => f.code );
}

describe( 'malformed archive corpus', () => {
	it( 'accepts the unmodified archive with no findings', async () => {
		expect( await firstError( valid ) ).toEqual( [] );
	} );

	const cases = corpus
		.filter( ( [ kind ] ) => ! TABLE_KINDS.has( kind ) )
		.map( ( [ kind, build, code, limits ] ) => ( {
			kind,
			build,
			code,
			limits: limits ?? {},
		} ) );
	const tableCases = corpus
		.filter( ( [ kind ] ) => TABLE_KINDS.has( kind ) )
		.map( ( [ kind, build, code ] ) => ( { kind, build, code } ) );

	it.each( cases )(
		'refuses $kind with $code',
		async ( { build, code, limits } ) => {
			const codes = await firstError( build(), limits );
			expect( codes[ 0 ] ).toBe( code );
		}
	);

	it.each( tableCases )(
		'passes verify but has the table check refuse $kind with $code',
		async ( { build, code } ) => {
			const file = path.join( dir, 'table.zip' );
			await fs.writeFile( file, build() );
			expect( await firstError( build() ) ).toEqual( [] );
			const reader = await ArchiveReader.open( file );
			await expect(
				checkArchiveTables( reader, registry )
			).rejects.toMatchObject( { code } );
		}
	);

	it( 'has the table check accept the unmodified archive', async () => {
		const file = path.join( dir, 'valid.zip' );
		await fs.writeFile( file, valid );
		await expect(
			checkArchiveTables( await ArchiveReader.open( file ), registry )
		).resolves.toBeUndefined();
	} );

	it( 'makes ArchiveReader.open itself refuse directory-level attacks before reading any entry', async () => {
		const file = path.join( dir, 'slip.zip' );
		await fs.writeFile(
			file,
			withEntry( { name: '../evil.php', data: Buffer.from( 'x' ) } )
		);
		await expect( ArchiveReader.open( file ) ).rejects.toMatchObject( {
			code: 'syteops_archive_entry_traversal',
		} );
	} );
} );
