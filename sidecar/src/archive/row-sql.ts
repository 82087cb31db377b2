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

export function sqlLiteral( value: RowValue ): string {
	if ( value === null ) {
		return 'NULL';
	}
	if ( Buffer.isBuffer( value ) ) {
		return value.length === 0 ? "X''" : '0x' + value.toString( 'hex' );
	}
	if ( typeof value === 'number' || typeof value === 'bigint' ) {
		return String( value );
	}

	return (
		"'" +
		value.replace( /[\0\n\r\\'"\x1a]/g, ( c ) => STRING_ESCAPES[ c ] ) +
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
