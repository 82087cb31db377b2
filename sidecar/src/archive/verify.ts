/**
 * Read-only integrity check of one archive, restic `check` style: a structured report of named findings,
 * errors apart from warnings. Each entry is read once: its bytes are checked and, for a rows file, every row
 * is parsed from the same bytes; a parse problem is reported only when the bytes are intact, so one flipped
 * byte yields exactly one finding (the checksum), not a checksum finding plus a parse finding.
 */
import { isSyteOpsError, type SyteOpsError } from '../errors';
import { SMALL_ENTRY_BYTES, type ScanTarget } from './entry-scan';
import { withDefaults, type ArchiveLimits } from './limits';
import type { Manifest } from './manifest';
import { scanRowsOnWorker } from './rows-check-pool';
import { ROWS_PATH } from './rows-reader';
import { scanWithRows, type RowsCheck, type RowsScan } from './rows-scan';
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

/**
 * Reads every present entry once (see entry-scan.ts): its bytes are checked and a rows entry's rows are
 * validated from those same bytes. The large rows entries, where nearly all rows are, go to a worker thread
 * (rows-check-pool.ts) while this thread checks the rest; the two results are one map.
 * @param reader
 * @param paths
 * @param limits
 */
async function scanPresent(
	reader: ArchiveReader,
	paths: ReadonlySet< string >,
	limits: ArchiveLimits
): Promise< RowsScan > {
	const targets = reader.scanTargets( paths );
	const onWorker = targets.filter( isLargeRowsEntry );
	const here = targets.filter( ( target ) => ! isLargeRowsEntry( target ) );
	const apart =
		onWorker.length > 0
			? scanRowsOnWorker( reader.path, onWorker, limits.maxRowLineBytes )
			: Promise.resolve( { broken: new Map(), rows: new Map() } );
	apart.catch( () => undefined ); // awaited below, after this thread's pass
	const main = await scanWithRows(
		reader.path,
		here,
		limits.maxRowLineBytes
	);
	const other = await apart;
	return {
		broken: new Map( [ ...main.broken, ...other.broken ] ),
		rows: new Map( [ ...main.rows, ...other.rows ] ),
	};
}

/**
 * A rows entry worth a thread: deflated and larger than entry-scan inflates in one call.
 * @param target
 */
function isLargeRowsEntry( target: ScanTarget ): boolean {
	return (
		ROWS_PATH.test( target.path ) &&
		target.compressedSize > SMALL_ENTRY_BYTES
	);
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

function rowsResult(
	reader: ArchiveReader,
	path: string,
	check: RowsCheck
): { rows: number; finding?: Finding } {
	if ( check.error !== undefined ) {
		return { rows: 0, finding: toFinding( check.error, path ) };
	}
	const table = ROWS_PATH.exec( path )?.[ 1 ] ?? '';
	const listed = reader.manifest.sections.tables.find(
		( t ) => t.name === table
	);
	const finding =
		listed && listed.rows !== check.rows
			? sectionFinding(
					'tables',
					`${ table } holds ${ check.rows } rows, the manifest says ${ listed.rows }`,
					path
				)
			: undefined;
	return { rows: check.rows, finding };
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
		const scanned = await scanPresent( reader, present, limits );
		for ( const entry of reader.manifest.entries.filter( ( e ) =>
			present.has( e.path )
		) ) {
			summary.entries++;
			summary.bytes += entry.size;
			const broken = scanned.broken.get( entry.path );
			const rowsCheck = scanned.rows.get( entry.path );
			if ( broken ) {
				findings.push( toFinding( broken, entry.path ) );
			} else if ( rowsCheck ) {
				const { rows, finding } = rowsResult(
					reader,
					entry.path,
					rowsCheck
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
