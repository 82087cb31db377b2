/**
 * How an error crosses a thread boundary. A structured clone keeps no class, so a named error travels as its
 * code, details and message and is rebuilt as the same SyteOpsError; an I/O error keeps its errno code.
 */
import {
	isSyteOpsError,
	SyteOpsError,
	type ErrorCode,
	type ErrorDetails,
} from './errors';

export interface ErrorMessage {
	message: string;
	/** Set for a named error (rebuilt as a SyteOpsError); an I/O error keeps its errno code. */
	named?: { code: ErrorCode; details: ErrorDetails };
	errno?: string;
}

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
