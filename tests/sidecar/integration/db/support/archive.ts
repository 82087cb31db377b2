/**
 * Archive helpers for the database tests: a writer in a temp storage directory, a finished archive with
 * a minimal manifest around a dump, and reading one entry back.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { ArchiveReader } from '../../../../../sidecar/src/archive/zip-reader';
import { ArchiveReader as Reader } from '../../../../../sidecar/src/archive/zip-reader';
import { ArchiveWriter } from '../../../../../sidecar/src/archive/zip-writer';
import type { ManifestWithoutEntries } from '../../../../../sidecar/src/archive/manifest';
import type { DumpResult } from '../../../../../sidecar/src/db/dump';

export function tempStorage(): string {
	return mkdtempSync( path.join( os.tmpdir(), 'syteops-db-test-' ) );
}

export function manifestBase(
	dump: DumpResult,
	prefix: string
): ManifestWithoutEntries {
	const now = new Date().toISOString().replace( /\.\d+Z$/, 'Z' );
	return {
		format: 'syteops-backup',
		format_version: 1,
		source: {
			site_id: 'test',
			site_url: 'https://a.example',
			home_url: 'https://a.example',
			table_prefix: prefix,
			wp_version: '6.1',
			plugin_version: '0.1.0',
		},
		type: 'full',
		scope: { kind: 'full' },
		created_at: now,
		finished_at: now,
		sections: {
			tables: dump.tables.map( ( t ) => ( {
				name: t.name,
				rows: t.rows,
			} ) ),
			users: 0,
			roles: 0,
			settings_tabs: 0,
			modules: {},
			licensing_records: 0,
			variable_sets: 0,
			media_files: 0,
			theme_files: 0,
			plugin_files: 0,
		},
		secrets_excluded: dump.secretsExcluded,
		warnings: dump.warnings,
	};
}

/**
 * Opens a writer, runs `dump` into it, finishes the archive and opens it for reading.
 * @param run
 * @param prefix
 */
export async function dumpToArchive(
	run: ( writer: ArchiveWriter ) => Promise< DumpResult >,
	prefix: string
): Promise< { reader: ArchiveReader; dump: DumpResult } > {
	const writer = await ArchiveWriter.open( tempStorage() );
	const dump = await run( writer );
	const finished = await writer.finish( manifestBase( dump, prefix ) );
	return { reader: await Reader.open( finished.path ), dump };
}

export async function entryText(
	reader: ArchiveReader,
	entryPath: string
): Promise< string > {
	const chunks: Buffer[] = [];
	for await ( const chunk of reader.openEntry( entryPath ) ) {
		chunks.push( chunk as Buffer );
	}
	return Buffer.concat( chunks ).toString( 'utf8' );
}
