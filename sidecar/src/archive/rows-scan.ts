/**
 * One pass over archive entries that checks every entry's bytes and validates a rows entry's rows from those
 * same bytes (verify's read of an entry). Shared by verify's main pass and by the rows worker, which runs the
 * same pass over the large rows entries on the second core (rows-check-pool.ts).
 */
import { isSyteOpsError, type SyteOpsError } from '../errors';
import { scanEntries, type ScanOptions, type ScanOutcome } from './entry-scan';
import { ROWS_PATH, RowTally } from './rows-reader';
import type { Targets } from './scan-targets';

/** A rows entry's row count and the first problem its rows had (a finding only when its bytes are intact). */
export interface RowsCheck {
	rows: number;
	error?: SyteOpsError;
}

/** `broken` names only the entries whose bytes failed (see ScanOutcome); `checked` counts every entry read. */
export interface RowsScan extends ScanOutcome {
	rows: Map< string, RowsCheck >;
}

function named( error: unknown ): SyteOpsError {
	if ( ! isSyteOpsError( error ) ) {
		throw error;
	}
	return error;
}

/**
 * Checks the targets in one sequential pass (entry-scan.ts) and tallies the rows of every rows entry.
 * @param archivePath
 * @param targets
 * @param maxLineBytes the longest row line accepted
 * @param options      how entries are read and checked (entry-scan.ts)
 */
export async function scanWithRows(
	archivePath: string,
	targets: Targets,
	maxLineBytes: number,
	options: ScanOptions = {}
): Promise< RowsScan > {
	const tallies = new Map<
		string,
		{ tally: RowTally; error?: SyteOpsError }
	>();
	const { broken, checked } = await scanEntries(
		archivePath,
		targets,
		( target ) => {
			if ( ! ROWS_PATH.test( target.path ) ) {
				return () => undefined;
			}
			const check: { tally: RowTally; error?: SyteOpsError } = {
				tally: new RowTally( target.path, maxLineBytes ),
			};
			tallies.set( target.path, check );
			return ( chunk ) => {
				if ( check.error === undefined ) {
					try {
						check.tally.feed( chunk );
					} catch ( error ) {
						check.error = named( error );
					}
				}
			};
		},
		options
	);
	const rows = new Map< string, RowsCheck >();
	for ( const [ entryPath, check ] of tallies ) {
		if ( check.error === undefined ) {
			try {
				check.tally.end();
			} catch ( error ) {
				check.error = named( error );
			}
		}
		rows.set( entryPath, {
			rows: check.tally.rows,
			...( check.error ? { error: check.error } : {} ),
		} );
	}
	return { broken, checked, rows };
}
