/**
 * What crosses the thread boundary between verify and its rows worker. A structured clone keeps no class,
 * so a named error travels as its code, details and message and is rebuilt as the same SyteOpsError.
 */
import {
	isSyteOpsError,
	SyteOpsError,
	type ErrorCode,
	type ErrorDetails,
} from '../errors';
import type { ScanTarget } from './entry-scan';
import type { RowsScan } from './rows-scan';

export interface RowsJob {
	archivePath: string;
	targets: ScanTarget[];
	maxLineBytes: number;
}

export interface ErrorMessage {
	message: string;
	/** Set for a named error (rebuilt as a SyteOpsError); an I/O error keeps its errno code. */
	named?: { code: ErrorCode; details: ErrorDetails };
	errno?: string;
}

export interface ScanMessage {
	broken: [ string, ErrorMessage | undefined ][];
	rows: [ string, { rows: number; error?: ErrorMessage } ][];
}

export type RowsReply = { scan: ScanMessage } | { failure: ErrorMessage };

export function errorToMessage( error: unknown ): ErrorMessage {
	if ( isSyteOpsError( error ) ) {
		return {
			message: error.message,
			named: { code: error.code, details: error.details },
		};
	}
	const failure = error as NodeJS.ErrnoException;
	return {
		message: String( failure?.message ?? error ),
		...( failure?.code ? { errno: failure.code } : {} ),
	};
}

export function errorFromMessage( sent: ErrorMessage ): Error {
	if ( sent.named ) {
		return new SyteOpsError(
			sent.named.code,
			sent.named.details,
			sent.message
		);
	}
	return Object.assign( new Error( sent.message ), {
		...( sent.errno ? { code: sent.errno } : {} ),
	} );
}

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
			error ? errorToMessage( error ) : undefined,
		] ),
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
				error ? namedFromMessage( error ) : undefined,
			] )
		),
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
