/**
 * Plain SQL out of stored rows, for `syteops-backup sql <archive>`: disaster recovery without the product.
 * Escaping follows MySQL's string literal rules; binary values become hex literals so no byte is
 * reinterpreted by a connection character set.
 */
import type { Row, RowValue, TableHeader } from './row-codec';

/** Rows per INSERT statement: keeps statements well under the default max_allowed_packet. */
export const ROWS_PER_INSERT = 100;

const STRING_ESCAPES: Record< string, string > = {
	'\0': '\\0',
	'\n': '\\n',
	'\r': '\\r',
	'\\': '\\\\',
	"'": "\\'",
	'"': '\\"',
	'\x1a': '\\Z',
};

export function quoteIdentifier( name: string ): string {
	return '`' + name.replace( /`/g, '``' ) + '`';
}

/**
 * A literal for a SQL file a person may read or a client may replay (the `sql` export): every character
 * mysqldump escapes is escaped, so a row stays on one line.
 * @param value
 */
export function sqlLiteral( value: RowValue ): string {
	return literal( value, FILE_SPECIALS );
}

/**
 * A literal for a statement sent over a connection whose sql_mode has no NO_BACKSLASH_ESCAPES (the staged
 * load sets its own): only the backslash and the quote must be escaped there; NUL and Ctrl-Z are as well,
 * as mysql_real_escape_string() does. Serialized values are full of `"`, so the file escaping rebuilt nearly
 * every long value; this one leaves most as they are (1.4-1.6 s against 0.3-0.5 s per 360 MB of the bench
 * site's text, docs/performance.md).
 * @param value
 */
export function queryLiteral( value: RowValue ): string {
	return literal( value, QUERY_SPECIALS );
}

const FILE_SPECIALS = {
	any: /[\0\n\r\\'"\x1a]/,
	every: /[\0\n\r\\'"\x1a]/g,
};
const QUERY_SPECIALS = { any: /[\0\\'\x1a]/, every: /[\0\\'\x1a]/g };

function literal(
	value: RowValue,
	specials: { any: RegExp; every: RegExp }
): string {
	if ( value === null ) {
		return 'NULL';
	}
	if ( Buffer.isBuffer( value ) ) {
		return value.length === 0 ? "X''" : '0x' + value.toString( 'hex' );
	}
	if ( typeof value === 'number' || typeof value === 'bigint' ) {
		return String( value );
	}
	// Testing first spares the replace's copy for the many values with nothing to escape.
	if ( ! specials.any.test( value ) ) {
		return "'" + value + "'";
	}
	return (
		"'" +
		value.replace( specials.every, ( c ) => STRING_ESCAPES[ c ] ) +
		"'"
	);
}

/**
 * INSERT statements for the rows, ROWS_PER_INSERT at a time, each ending in `;\n`.
 * @param header
 * @param rows
 */
export function rowsToSql(
	header: TableHeader,
	rows: Iterable< Row >
): string {
	const columns = header.columns
		.map( ( c ) => quoteIdentifier( c.name ) )
		.join( ', ' );
	const prefix = `INSERT INTO ${ quoteIdentifier( header.table ) } (${ columns }) VALUES\n`;
	const statements: string[] = [];
	let batch: string[] = [];
	const flush = () => {
		if ( batch.length > 0 ) {
			statements.push( prefix + batch.join( ',\n' ) + ';\n' );
			batch = [];
		}
	};
	for ( const row of rows ) {
		batch.push( '(' + row.map( sqlLiteral ).join( ', ' ) + ')' );
		if ( batch.length >= ROWS_PER_INSERT ) {
			flush();
		}
	}
	flush();
	return statements.join( '' );
}
