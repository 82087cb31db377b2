/**
 * What crosses the thread boundary between verify and its rows worker. A structured clone keeps no class,
 * so a named error travels as its code, details and message (worker-errors.ts) and is rebuilt as the same
 * SyteOpsError.
 */
import { isSyteOpsError, type SyteOpsError } from '../errors';
import {
	errorFromMessage,
	errorToMessage,
	type ErrorMessage,
} from '../worker-errors';
import type { ContentCheck } from './entry-stream';
import type { RowsScan } from './rows-scan';
import type { PackedTargets } from './scan-targets';

/** The targets travel packed (scan-targets.ts): a clone of their columns, not of an object each. */
export interface RowsJob {
	archivePath: string;
	targets: PackedTargets;
	maxLineBytes: number;
	/** Whether the targets' content is hashed (the default) or left to the file hash (entry-scan.ts). */
	content?: ContentCheck;
	/**
	 * First read the whole file: its SHA-256, and these stored entries checked from the same bytes (with
	 * `recordedSha256`, their content proven by the file's hash: file-pass.ts).
	 */
	filePass?: { stored: PackedTargets; recordedSha256?: string };
}

export interface ScanMessage {
	broken: [ string, ErrorMessage ][];
	checked: number;
	rows: [ string, { rows: number; error?: ErrorMessage } ][];
}

export type RowsReply =
	{ scan: ScanMessage; fileSha256?: string } | { failure: ErrorMessage };

function namedFromMessage( sent: ErrorMessage ): SyteOpsError {
	const error = errorFromMessage( sent );
	if ( ! isSyteOpsError( error ) ) {
		throw error;
	}
	return error;
}

export function scanToMessage( scan: RowsScan ): ScanMessage {
	return {
		broken: [ ...scan.broken ].map( ( [ entryPath, error ] ) => [
			entryPath,
			errorToMessage( error ),
		] ),
		checked: scan.checked,
		rows: [ ...scan.rows ].map( ( [ entryPath, check ] ) => [
			entryPath,
			{
				rows: check.rows,
				...( check.error
					? { error: errorToMessage( check.error ) }
					: {} ),
			},
		] ),
	};
}

export function scanFromMessage( sent: ScanMessage ): RowsScan {
	return {
		broken: new Map(
			sent.broken.map( ( [ entryPath, error ] ) => [
				entryPath,
				namedFromMessage( error ),
			] )
		),
		checked: sent.checked,
		rows: new Map(
			sent.rows.map( ( [ entryPath, check ] ) => [
				entryPath,
				{
					rows: check.rows,
					...( check.error
						? { error: namedFromMessage( check.error ) }
						: {} ),
				},
			] )
		),
	};
}
