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
import {
	buildArchive,
	manifestEntry,
	manifestFor,
	OPTIONS_HEADER,
	rowsFile,
} from '../../fixtures/archive/archive-builder';
import type { RawEntry } from '../../fixtures/archive/raw-zip';

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

/**
 * A valid archive plus one extra (hostile) entry, listed in the manifest so only the entry itself is wrong.
 * @param extra
 */
function withEntry( extra: RawEntry ): Buffer {
	return buildArchive( ( { entries } ) => {
		const all = [ ...entries, extra ];
		return [ ...all, manifestEntry( manifestFor( all ) ) ];
	} );
}

function replaceEntry( name: string, data: Buffer ): Buffer {
	return buildArchive( ( { entries } ) => {
		const changed = entries.map( ( e ) =>
			e.name === name ? { ...e, data } : e
		);
		return [ ...changed, manifestEntry( manifestFor( changed ) ) ];
	} );
}

const valid = buildArchive();
const cdStart = valid.lastIndexOf( Buffer.from( 'PK\x01\x02', 'latin1' ) );
const rowsPath = 'db/wp_options.rows.ndjson';

const corpus: Array<
	[ string, () => Buffer, string, Partial< ArchiveLimits >? ]
> = [
	[
		'truncated zip',
		() => valid.subarray( 0, valid.length - 40 ),
		'syteops_archive_truncated',
	],
	[ 'empty file', () => Buffer.alloc( 0 ), 'syteops_archive_truncated' ],
	[
		'bad central directory signature',
		() => {
			const copy = Buffer.from( valid );
			copy.write( 'XX', cdStart, 'latin1' );
			return copy;
		},
		'syteops_archive_bad_central_directory',
	],
	[
		'end record pointing at the wrong directory offset',
		() => {
			const copy = Buffer.from( valid );
			copy.writeUInt32LE(
				copy.readUInt32LE( copy.length - 6 ) - 1,
				copy.length - 6
			);
			return copy;
		},
		'syteops_archive_bad_central_directory',
	],
	[
		'../ entry',
		() => withEntry( { name: '../evil.php', data: Buffer.from( 'x' ) } ),
		'syteops_archive_entry_traversal',
	],
	[
		'absolute path',
		() => withEntry( { name: '/etc/cron.d/x', data: Buffer.from( 'x' ) } ),
		'syteops_archive_entry_absolute_path',
	],
	[
		'drive letter',
		() => withEntry( { name: 'C:/x.php', data: Buffer.from( 'x' ) } ),
		'syteops_archive_entry_drive_letter',
	],
	[
		'backslash',
		() =>
			withEntry( { name: 'files\\..\\x.php', data: Buffer.from( 'x' ) } ),
		'syteops_archive_entry_backslash',
	],
	[
		'symlink entry',
		() =>
			withEntry( {
				name: 'files/wp-content/uploads/x',
				data: Buffer.from( '../../wp-config.php' ),
				mode: 0o120777,
			} ),
		'syteops_archive_symlink_entry',
	],
	[
		'duplicate names',
		() =>
			buildArchive( ( { entries, manifest } ) => [
				...entries,
				entries[ 2 ],
				manifestEntry( manifest ),
			] ),
		'syteops_archive_duplicate_entry',
	],
	[
		'too many entries',
		() => valid,
		'syteops_archive_too_many_entries',
		{ maxEntries: 3 },
	],
	[
		'total size over limit',
		() => valid,
		'syteops_archive_too_large',
		{ maxTotalBytes: 100 },
	],
	[
		'ratio bomb',
		() =>
			withEntry( {
				name: 'files/wp-content/uploads/z.txt',
				data: Buffer.alloc( 4 * 1024 * 1024 ),
				deflate: true,
			} ),
		'syteops_archive_compression_ratio',
	],
	[
		'encrypted entry',
		() =>
			withEntry( {
				name: 'files/wp-content/uploads/e.txt',
				data: Buffer.from( 'x' ),
				flags: 1,
			} ),
		'syteops_archive_encrypted_entry',
	],
	[
		'unsupported compression method',
		() =>
			withEntry( {
				name: 'files/wp-content/uploads/b.txt',
				data: Buffer.from( 'x' ),
				method: 12,
			} ),
		'syteops_archive_unsupported_compression',
	],
	[
		'missing manifest',
		() => buildArchive( ( { entries } ) => entries ),
		'syteops_archive_manifest_missing',
	],
	[
		'invalid manifest JSON',
		() =>
			buildArchive( ( { entries } ) => [
				...entries,
				manifestEntry( '{"format": "syteops-backup",' ),
			] ),
		'syteops_archive_manifest_invalid_json',
	],
	[
		'manifest schema violation',
		() =>
			buildArchive( ( { entries, manifest } ) => [
				...entries,
				manifestEntry( { ...manifest, created_at: 'yesterday' } ),
			] ),
		'syteops_archive_manifest_invalid',
	],
	[
		'unknown format version',
		() =>
			buildArchive( ( { entries, manifest } ) => [
				...entries,
				manifestEntry( { ...manifest, format_version: 2 } ),
			] ),
		'syteops_archive_unsupported_version',
	],
	[
		'checksum mismatch',
		() =>
			buildArchive( ( { entries, manifest } ) => {
				manifest.entries[ 2 ].sha256 = '0'.repeat( 64 );
				return [ ...entries, manifestEntry( manifest ) ];
			} ),
		'syteops_archive_checksum_mismatch',
	],
	[
		'size mismatch against the manifest',
		() =>
			buildArchive( ( { entries, manifest } ) => {
				manifest.entries[ 2 ].size += 1;
				return [ ...entries, manifestEntry( manifest ) ];
			} ),
		'syteops_archive_size_mismatch',
	],
	[
		'lying uncompressed size in the ZIP directory',
		() =>
			buildArchive( ( { entries, manifest } ) => [
				...entries.map( ( e, i ) =>
					i === 1 ? { ...e, declaredSize: 10 } : e
				),
				manifestEntry( manifest ),
			] ),
		'syteops_archive_size_mismatch',
	],
	[
		'manifest entry missing from the zip',
		() =>
			buildArchive( ( { entries, manifest } ) => {
				manifest.entries.push( {
					path: 'db/wp_ghost.rows.ndjson',
					size: 1,
					sha256: 'a'.repeat( 64 ),
				} );
				return [ ...entries, manifestEntry( manifest ) ];
			} ),
		'syteops_archive_entry_missing',
	],
	[
		'unexpected entry',
		() =>
			buildArchive( ( { entries, manifest } ) => [
				...entries,
				{
					name: 'files/wp-content/uploads/extra.php',
					data: Buffer.from( '<?php' ),
				},
				manifestEntry( manifest ),
			] ),
		'syteops_archive_unexpected_entry',
	],
	[
		'rows line that does not parse',
		() =>
			replaceEntry(
				rowsPath,
				Buffer.from(
					rowsFile( OPTIONS_HEADER, [
						[ '1', 'a', 'b' ],
					] ).toString() + '["2", "b"\n["3","c","d"]\n'
				)
			),
		'syteops_archive_rows_invalid',
	],
	[
		'huge single row',
		() =>
			replaceEntry(
				rowsPath,
				rowsFile( OPTIONS_HEADER, [
					[ '1', 'big', 'x'.repeat( 4096 ) ],
					[ '2', 'b', 'c' ],
				] )
			),
		'syteops_archive_row_too_large',
		{ maxRowLineBytes: 1024 },
	],
];

describe( 'malformed archive corpus', () => {
	it( 'accepts the unmodified archive with no findings', async () => {
		expect( await firstError( valid ) ).toEqual( [] );
	} );

	const cases = corpus.map( ( [ kind, build, code, limits ] ) => ( {
		kind,
		build,
		code,
		limits: limits ?? {},
	} ) );

	it.each( cases )(
		'refuses $kind with $code',
		async ( { build, code, limits } ) => {
			const codes = await firstError( build(), limits );
			expect( codes[ 0 ] ).toBe( code );
		}
	);

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
