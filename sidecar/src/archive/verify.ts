/**
 * Read-only integrity check of one archive, restic `check` style: a structured report of named findings,
 * errors apart from warnings. Each entry is read once: its bytes are checked and, for a rows file, every row
 * is parsed from the same bytes; a parse problem is reported only when the bytes are intact, so one flipped
 * byte yields exactly one finding (the checksum), not a checksum finding plus a parse finding.
 */
import { stat } from 'node:fs/promises';

import { isSyteOpsError, type SyteOpsError } from '../errors';
import { SMALL_ENTRY_BYTES, type ScanTarget } from './entry-scan';
import type { ContentCheck } from './entry-stream';
import {
	packTargets,
	pickTargets,
	targetCount,
	targetSizes,
	type PackedTargets,
	type TargetSize,
} from './scan-targets';
import { withDefaults, type ArchiveLimits } from './limits';
import type { ManifestWithoutEntries } from './manifest';
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
	/** Also compute the SHA-256 of the whole file, in the same run (verifyArchiveAndFile). */
	fileSha256?: boolean;
	/**
	 * With `fileSha256`: the file's SHA-256 as the catalog recorded it. A matching file hash then proves every
	 * entry's content, whose own SHA-256 is not computed (scanPresent() and file-pass.ts say why that is sound).
	 */
	recordedFileSha256?: string;
}

export interface VerifyOutcome {
	report: VerifyReport;
	/** With `fileSha256`, when the archive could be opened. */
	fileSha256?: string;
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
 * How verify's work is shared out over its three threads, measured on the full-size bench archive (2 GB):
 * the file pass read and hashed 1.5 ms a MB of file (and checking a stored entry's bytes costs about 1.1 ms
 * a MB more, 0.25 ms when a recorded file hash proves its content and only the CRC-32 is computed), a large
 * rows entry took 28 ms a MB of its compressed size (inflating, checking, parsing every row). In those units
 * a file-pass byte weighs 1/19 of a rows byte, a stored byte 1/25 (1/110 proven by the file hash).
 */
const FILE_BYTES_PER_ROWS_BYTE = 19;
const STORED_BYTES_PER_ROWS_BYTE = 25;
const PROVEN_STORED_BYTES_PER_ROWS_BYTE = 110;

/** What planning looks at of an entry. */
export type PlannedEntry = Pick<
	ScanTarget,
	'path' | 'compressedSize' | 'deflated'
>;

export interface VerifyPlan< T extends PlannedEntry = ScanTarget > {
	/** Checked on this thread: small entries, and stored ones when no file pass runs. */
	here: T[];
	/** The worker that runs the file pass first (absent without one): its stored entries and rows entries. */
	filePass?: { stored: T[]; rows: T[] };
	/** The large rows entries of the other worker (none: it is not started). */
	rows: T[];
}

/**
 * Shares the entries out. Without a file pass, as before: the large rows entries go to one worker, the rest
 * stay here. With one, the stored entries go to the file pass (it reads their bytes anyway), and each large
 * rows entry, largest first, to whichever worker has less work so far, the file pass starting with its read.
 * On the bench archive the rows worker alone ran 9 of verify's 10 s (profiled), the file pass 3.
 * @param targets            every entry to check, from ArchiveReader.scanTargets()
 * @param fileSize           the archive's size in bytes, when the file pass runs
 * @param storedProvenByFile whether the file pass skips the stored entries' SHA-256 (a recorded file hash)
 */
export function planVerify< T extends PlannedEntry >(
	targets: readonly T[],
	fileSize?: number,
	storedProvenByFile = false
): VerifyPlan< T > {
	const large = targets
		.filter( isLargeRowsEntry )
		.sort( ( a, b ) => b.compressedSize - a.compressedSize );
	const small = targets.filter( ( target ) => ! isLargeRowsEntry( target ) );
	if ( fileSize === undefined ) {
		return { here: small, rows: large };
	}
	const stored = small.filter( ( target ) => ! target.deflated );
	const filePass = { stored, rows: [] as T[] };
	const rows: T[] = [];
	let filePassLoad =
		fileSize / FILE_BYTES_PER_ROWS_BYTE +
		stored.reduce( ( sum, t ) => sum + t.compressedSize, 0 ) /
			( storedProvenByFile
				? PROVEN_STORED_BYTES_PER_ROWS_BYTE
				: STORED_BYTES_PER_ROWS_BYTE );
	let rowsLoad = 0;
	for ( const target of large ) {
		if ( rowsLoad <= filePassLoad ) {
			rows.push( target );
			rowsLoad += target.compressedSize;
		} else {
			filePass.rows.push( target );
			filePassLoad += target.compressedSize;
		}
	}
	return {
		here: small.filter( ( target ) => target.deflated ),
		filePass,
		rows,
	};
}

const NO_SCAN: RowsScan & { fileSha256?: string } = {
	broken: new Map(),
	rows: new Map(),
	checked: 0,
};

/** A VerifyPlan whose groups are packed. */
interface PackedPlan {
	here: PackedTargets;
	filePass?: { stored: PackedTargets; rows: PackedTargets };
	rows: PackedTargets;
}

/**
 * planVerify() over the entries, each group packed on its own (scan-targets.ts): the whole list and the
 * plan's small records are garbage once this returns, and no thread holds an object per entry.
 * @param reader
 * @param paths
 * @param fileSize
 * @param storedProvenByFile
 */
function packedPlan(
	reader: ArchiveReader,
	paths: Iterable< string >,
	fileSize: number | undefined,
	storedProvenByFile: boolean
): PackedPlan {
	const all = packTargets( reader.eachScanTarget( paths ) );
	const plan = planVerify( targetSizes( all ), fileSize, storedProvenByFile );
	const pick = ( group: TargetSize[] ) => pickTargets( all, group );
	return {
		here: pick( plan.here ),
		rows: pick( plan.rows ),
		...( plan.filePass
			? {
					filePass: {
						stored: pick( plan.filePass.stored ),
						rows: pick( plan.filePass.rows ),
					},
				}
			: {} ),
	};
}

/**
 * Reads every present entry once (see entry-scan.ts): its bytes are checked and a rows entry's rows are
 * validated from those same bytes. The large rows entries, where nearly all rows are, go to worker threads
 * (rows-check-pool.ts) while this thread checks the rest; the results are one map (see planVerify()).
 *
 * With the file's hash as the catalog recorded it, no entry's content is hashed on the first read: a file
 * equal to the recorded one holds the very bytes whose entries were proven when the hash was recorded
 * (file-pass.ts says why), so a deflated entry inflates to the content its SHA-256 was computed from, as a
 * stored entry's bytes are that content. Size, CRC-32 and rows are still checked. Hashing that content was
 * about a tenth of verify's CPU on the full-size bench archive (1.7 GB inflated). When the file's hash
 * differs, the deflated entries are read again with their content hashed (the file pass does the same for
 * the stored ones), so every finding is the one a verify without the recorded hash reports.
 * @param reader
 * @param paths
 * @param limits
 * @param fileSize       the archive's size, to also hash the whole file (the file pass)
 * @param recordedSha256 the file's hash as the catalog recorded it (see VerifyOptions)
 */
async function scanPresent(
	reader: ArchiveReader,
	paths: Iterable< string >,
	limits: ArchiveLimits,
	fileSize?: number,
	recordedSha256?: string
): Promise< RowsScan & { fileSha256?: string } > {
	const plan = packedPlan(
		reader,
		paths,
		fileSize,
		recordedSha256 !== undefined
	);
	const run = ( passes: Passes ) =>
		runPasses( reader.path, passes, limits.maxRowLineBytes );
	const first = await run( {
		here: plan.here,
		workers: [
			{ targets: plan.rows },
			...( plan.filePass
				? [
						{
							targets: plan.filePass.rows,
							filePass: {
								stored: plan.filePass.stored,
								...( recordedSha256 ? { recordedSha256 } : {} ),
							},
						},
					]
				: [] ),
		],
		content: recordedSha256 ? 'proven-by-file' : 'hashed',
	} );
	if ( ! recordedSha256 || first.fileSha256 === recordedSha256 ) {
		return first;
	}
	const again = await run( {
		here: plan.here,
		workers: [
			{ targets: plan.rows },
			...( plan.filePass ? [ { targets: plan.filePass.rows } ] : [] ),
		],
		content: 'hashed',
	} );
	// The stored entries' outcomes are the file pass's (hashed on its second read); every deflated entry's
	// outcome is the second run's, which checks all the first one did and its content too.
	return {
		...merged( [ first, again ] ),
		checked: first.checked,
		fileSha256: first.fileSha256,
	};
}

/** One run of checks: this thread's targets and each worker's, all read with the same content check. */
interface Passes {
	here: PackedTargets;
	workers: {
		targets: PackedTargets;
		filePass?: { stored: PackedTargets; recordedSha256?: string };
	}[];
	content: ContentCheck;
}

/**
 * Starts the workers, checks this thread's targets meanwhile, and merges every outcome.
 * @param archivePath
 * @param passes
 * @param maxLineBytes
 */
async function runPasses(
	archivePath: string,
	passes: Passes,
	maxLineBytes: number
): Promise< RowsScan & { fileSha256?: string } > {
	const workers = passes.workers.map( ( { targets, filePass } ) => {
		const task =
			targetCount( targets ) > 0 || filePass
				? scanRowsOnWorker(
						archivePath,
						targets,
						maxLineBytes,
						filePass,
						passes.content
					)
				: Promise.resolve( NO_SCAN );
		task.catch( () => undefined ); // awaited below, after this thread's pass
		return task;
	} );
	const here = await scanWithRows( archivePath, passes.here, maxLineBytes, {
		content: passes.content,
	} );
	const scans: ( RowsScan & { fileSha256?: string } )[] = [
		here,
		...( await Promise.all( workers ) ),
	];
	const fileSha256 = scans.find( ( scan ) => scan.fileSha256 )?.fileSha256;
	return { ...merged( scans ), ...( fileSha256 ? { fileSha256 } : {} ) };
}

/**
 * The outcomes of several runs as one; a later run's outcome for a path replaces an earlier one's.
 * @param scans
 */
function merged( scans: RowsScan[] ): RowsScan {
	return {
		broken: new Map( scans.flatMap( ( scan ) => [ ...scan.broken ] ) ),
		rows: new Map( scans.flatMap( ( scan ) => [ ...scan.rows ] ) ),
		checked: scans.reduce( ( sum, scan ) => sum + scan.checked, 0 ),
	};
}

/**
 * A rows entry worth a thread: deflated to more than SMALL_ENTRY_BYTES, seconds of inflating and parsing
 * (a smaller one, however far it inflates, streams through this thread's pass).
 * @param target
 */
function isLargeRowsEntry( target: PlannedEntry ): boolean {
	return (
		ROWS_PATH.test( target.path ) &&
		target.compressedSize > SMALL_ENTRY_BYTES
	);
}

function checkSections(
	manifest: ManifestWithoutEntries,
	reader: Pick< ArchiveReader, 'presentPaths' | 'isPresent' >
): Finding[] {
	const findings: Finding[] = [];
	const sections = Object.entries( FILE_SECTIONS );
	const counts = sections.map( () => 0 );
	for ( const entryPath of reader.presentPaths() ) {
		sections.forEach( ( [ , prefix ], i ) => {
			counts[ i ] += entryPath.startsWith( prefix ) ? 1 : 0;
		} );
	}
	for ( const [ i, [ section, prefix ] ] of sections.entries() ) {
		const expected =
			manifest.sections[ section as keyof typeof FILE_SECTIONS ];
		const actual = counts[ i ];
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
			if ( ! reader.isPresent( path ) ) {
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
	return ( await verifyArchiveAndFile( archivePath, options ) ).report;
}

/**
 * verifyArchive(), and with `fileSha256` the SHA-256 of the whole file from the same run: the file is read
 * once for both, its stored entries checked from the file pass's reads (see planVerify()).
 * @param archivePath
 * @param options
 */
export async function verifyArchiveAndFile(
	archivePath: string,
	options: VerifyOptions = {}
): Promise< VerifyOutcome > {
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
	let fileSha256: string | undefined;
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
		findings.push( ...checkSections( reader.manifest, reader ) );
		const scanned = await scanPresent(
			reader,
			reader.presentPaths(),
			limits,
			options.fileSha256 ? ( await stat( archivePath ) ).size : undefined,
			options.fileSha256 ? options.recordedFileSha256 : undefined
		);
		fileSha256 = scanned.fileSha256;
		for ( const entry of reader.manifest.entries ) {
			if ( ! reader.hasEntry( entry.path ) ) {
				continue;
			}
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
	return {
		report: { ok: summary.errors === 0, findings, summary },
		...( fileSha256 ? { fileSha256 } : {} ),
	};
}
