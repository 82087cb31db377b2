/**
 * Structured JSON-lines logging with redaction: any field whose name looks secret-bearing is replaced before
 * the line is written, and known secret values (DB password, shared secret) are masked wherever they appear.
 */
const SECRET_KEY =
	/(pass(word)?|secret|token|api[_-]?key|signing|authorization|cookie|license[_-]?key)/i;

export interface Logger {
	info: ( msg: string, fields?: Record< string, unknown > ) => void;
	warn: ( msg: string, fields?: Record< string, unknown > ) => void;
	error: ( msg: string, fields?: Record< string, unknown > ) => void;
}

export function redact(
	value: unknown,
	secrets: readonly string[],
	depth = 0
): unknown {
	if ( typeof value === 'string' ) {
		return secrets.reduce(
			( text, secret ) =>
				secret.length >= 6
					? text.split( secret ).join( '[redacted]' )
					: text,
			value
		);
	}
	if ( typeof value !== 'object' || value === null ) {
		return value;
	}
	if ( depth > 6 ) {
		// Not walked any deeper (cycles, huge objects), so not written either: it could hold a secret.
		return '[truncated]';
	}
	if ( Array.isArray( value ) ) {
		return value.map( ( item ) => redact( item, secrets, depth + 1 ) );
	}
	const out: Record< string, unknown > = {};
	for ( const [ key, item ] of Object.entries( value ) ) {
		out[ key ] = SECRET_KEY.test( key )
			? '[redacted]'
			: redact( item, secrets, depth + 1 );
	}
	return out;
}

export function createLogger(
	write: ( line: string ) => void,
	secrets: readonly string[] = []
): Logger {
	const emit = (
		level: string,
		msg: string,
		fields: Record< string, unknown > = {}
	) =>
		write(
			JSON.stringify(
				redact(
					{ time: new Date().toISOString(), level, msg, ...fields },
					secrets
				)
			) + '\n'
		);
	return {
		info: ( msg, fields ) => emit( 'info', msg, fields ),
		warn: ( msg, fields ) => emit( 'warn', msg, fields ),
		error: ( msg, fields ) => emit( 'error', msg, fields ),
	};
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
