/**
 * Read-only integrity check of one archive, restic `check` style: a structured report of named findings,
 * errors apart from warnings. Each entry is read once to check its bytes; row files that pass are read
 * a second time to parse every row, so one flipped byte yields exactly one finding (the checksum), not a
 * checksum finding plus a parse finding.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { isSyteOpsError, type SyteOpsError } from '../errors';
import { withDefaults, type ArchiveLimits } from './limits';
import type { Manifest } from './manifest';
import { countRows, ROWS_PATH } from './rows-reader';
import { ArchiveReader } from './zip-reader';

export interface Finding {
	code: string;
	severity: 'error' | 'warning';
	message: string;
	path?: string;
}

export interface VerifyReport {
	ok: boolean;
	findings: Finding[];
	summary: {
		entries: number;
		bytes: number;
		tables: number;
		rows: number;
		errors: number;
		warnings: number;
	};
}

export interface VerifyOptions {
	limits?: Partial< ArchiveLimits >;
}

/** Where each file-count section of the manifest lives in the archive. */
const FILE_SECTIONS = {
	media_files: 'files/wp-content/uploads/',
	theme_files: 'files/wp-content/themes/',
	plugin_files: 'files/wp-content/plugins/',
} as const;

function toFinding( error: unknown, path?: string ): Finding {
	if ( ! isSyteOpsError( error ) ) {
		throw error;
	}
	const entryPath =
		typeof error.details.path === 'string' ? error.details.path : path;
	return {
		code: error.code,
		severity: 'error',
		message: error.message,
		...( entryPath ? { path: entryPath } : {} ),
	};
}

function sectionFinding(
	section: string,
	reason: string,
	path?: string
): Finding {
	return {
		code: 'syteops_archive_section_mismatch',
		severity: 'error',
		message: `The manifest’s ${ section } does not match the archive: ${ reason }`,
		...( path ? { path } : {} ),
	};
}

async function checkBytes(
	reader: ArchiveReader,
	path: string
): Promise< Finding | undefined > {
	try {
		await pipeline(
			reader.openEntry( path ),
			new Writable( { write: ( _c, _e, done ) => done() } )
		);
		return undefined;
	} catch ( error ) {
		return toFinding( error, path );
	}
}

function checkSections( manifest: Manifest, paths: Set< string > ): Finding[] {
	const findings: Finding[] = [];
	for ( const [ section, prefix ] of Object.entries( FILE_SECTIONS ) ) {
		const expected =
			manifest.sections[ section as keyof typeof FILE_SECTIONS ];
		const actual = [ ...paths ].filter( ( p ) =>
			p.startsWith( prefix )
		).length;
		if ( actual !== expected ) {
			findings.push(
				sectionFinding(
					section,
					`${ expected } files listed, ${ actual } under ${ prefix }`
				)
			);
		}
	}
	for ( const table of manifest.sections.tables ) {
		for ( const suffix of [ '.schema.sql', '.rows.ndjson' ] ) {
			const path = `db/${ table.name }${ suffix }`;
			if ( ! paths.has( path ) ) {
				findings.push(
					sectionFinding(
						'tables',
						`table ${ table.name } has no ${ path }`,
						path
					)
				);
			}
		}
	}
	return findings;
}

async function checkRows(
	reader: ArchiveReader,
	path: string,
	limits: ArchiveLimits
) {
	const table = ROWS_PATH.exec( path )?.[ 1 ] ?? '';
	const listed = reader.manifest.sections.tables.find(
		( t ) => t.name === table
	);
	try {
		const { rows } = await countRows(
			reader.openEntry( path ),
			path,
			limits.maxRowLineBytes
		);
		const finding =
			listed && listed.rows !== rows
				? sectionFinding(
						'tables',
						`${ table } holds ${ rows } rows, the manifest says ${ listed.rows }`,
						path
					)
				: undefined;
		return { rows, finding };
	} catch ( error ) {
		return { rows: 0, finding: toFinding( error, path ) };
	}
}

export async function verifyArchive(
	archivePath: string,
	options: VerifyOptions = {}
): Promise< VerifyReport > {
	const limits = withDefaults( options.limits );
	const findings: Finding[] = [];
	const summary = {
		entries: 0,
		bytes: 0,
		tables: 0,
		rows: 0,
		errors: 0,
		warnings: 0,
	};
	let reader: ArchiveReader | undefined;
	try {
		reader = await ArchiveReader.open( archivePath, {
			limits,
			strict: false,
		} );
	} catch ( error ) {
		findings.push( toFinding( error ) );
	}
	if ( reader ) {
		findings.push(
			...reader.entryProblems.map( ( problem: SyteOpsError ) =>
				toFinding( problem )
			)
		);
		const inZip = new Set( reader.entryPaths() );
		const present = new Set(
			reader.manifest.entries
				.map( ( e ) => e.path )
				.filter( ( p ) => inZip.has( p ) )
		);
		findings.push( ...checkSections( reader.manifest, present ) );
		for ( const entry of reader.manifest.entries.filter( ( e ) =>
			present.has( e.path )
		) ) {
			summary.entries++;
			summary.bytes += entry.size;
			const broken = await checkBytes( reader, entry.path );
			if ( broken ) {
				findings.push( broken );
			} else if ( ROWS_PATH.test( entry.path ) ) {
				const { rows, finding } = await checkRows(
					reader,
					entry.path,
					limits
				);
				summary.tables++;
				summary.rows += rows;
				findings.push( ...( finding ? [ finding ] : [] ) );
			}
		}
		findings.push(
			...reader.manifest.warnings.map( ( message ): Finding => ( {
				code: 'syteops_archive_source_warning',
				severity: 'warning',
				message,
			} ) )
		);
	}
	summary.errors = findings.filter( ( f ) => f.severity === 'error' ).length;
	summary.warnings = findings.length - summary.errors;
	return { ok: summary.errors === 0, findings, summary };
}
