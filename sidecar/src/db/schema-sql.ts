/**
 * `db/<suffix>.schema.sql`: the table's `SHOW CREATE TABLE` statement with its name replaced by the
 * placeholder `__SYTEOPS_TABLE__`, so the loader can create it under any name (a staging table, another
 * prefix). One statement followed by `;\n`. Pure.
 *
 * The loader executes this text, and an uploaded archive is untrusted, so it is checked first: exactly one
 * `CREATE TABLE \`__SYTEOPS_TABLE__\` (` statement, outside quotes no `;`, no executable or line comments,
 * no SELECT (CREATE ... SELECT would copy other tables), no DATA/INDEX DIRECTORY, no CONNECTION or UNION,
 * and a storage engine from a short list of local engines.
 */
import { SyteOpsError } from '../errors';
import { quoteIdentifier } from '../archive/row-sql';

export const TABLE_PLACEHOLDER = '__SYTEOPS_TABLE__';
const PORTABLE_HEAD = `CREATE TABLE \`${ TABLE_PLACEHOLDER }\` (`;
export const ALLOWED_ENGINES = [
	'innodb',
	'myisam',
	'aria',
	'memory',
	'archive',
];
const REFUSED_WORDS = /\b(select|union|connection|directory)\b/i;

export function schemaPath( suffix: string ): string {
	return `db/${ suffix }.schema.sql`;
}

export function rowsPath( suffix: string ): string {
	return `db/${ suffix }.rows.ndjson`;
}

/**
 * Turns SHOW CREATE TABLE output for `table` into the archive's portable form.
 * @param createSql
 * @param table
 */
export function portableSchema( createSql: string, table: string ): string {
	const head = `CREATE TABLE ${ quoteIdentifier( table ) } (`;
	if ( ! createSql.startsWith( head ) ) {
		throw new Error(
			`SHOW CREATE TABLE for ${ table } does not start as expected.`
		);
	}
	return PORTABLE_HEAD + createSql.slice( head.length ) + ';\n';
}

/**
 * The text outside quoted strings, identifiers and plain comments, each replaced by one space.
 * Returns null when a quote or comment is not closed.
 * @param sql
 */
export function unquotedText( sql: string ): string | null {
	let out = '';
	let i = 0;
	while ( i < sql.length ) {
		const c = sql[ i ];
		if ( c === "'" || c === '"' || c === '`' ) {
			const end = closingQuote( sql, i );
			if ( end < 0 ) {
				return null;
			}
			out += ' ';
			i = end + 1;
		} else if ( sql.startsWith( '/*', i ) && sql[ i + 2 ] !== '!' ) {
			const end = sql.indexOf( '*/', i + 2 );
			if ( end < 0 ) {
				return null;
			}
			out += ' ';
			i = end + 2;
		} else {
			out += c;
			i++;
		}
	}
	return out;
}

/**
 * Index of the quote closing the one at `start` (doubling escapes it; backslash escapes in strings).
 * @param sql
 * @param start
 */
function closingQuote( sql: string, start: number ): number {
	const quote = sql[ start ];
	for ( let i = start + 1; i < sql.length; i++ ) {
		if ( sql[ i ] === '\\' && quote !== '`' ) {
			i++;
		} else if ( sql[ i ] === quote ) {
			if ( sql[ i + 1 ] !== quote ) {
				return i;
			}
			i++;
		}
	}
	return -1;
}

function refuse( path: string, reason: string ): SyteOpsError {
	return new SyteOpsError( 'syteops_db_schema_invalid', { path, reason } );
}

/**
 * Checks an archive's schema text and returns the CREATE TABLE statement for `targetTable`.
 * @param schema
 * @param targetTable
 * @param path
 */
export function createStatementFor(
	schema: string,
	targetTable: string,
	path: string
): string {
	const statement = schema.trim().replace( /;$/, '' );
	if ( ! statement.startsWith( PORTABLE_HEAD ) ) {
		throw refuse( path, `it must start with ${ PORTABLE_HEAD }` );
	}
	const body = statement.slice( PORTABLE_HEAD.length );
	const plain = unquotedText( body );
	if ( plain === null ) {
		throw refuse( path, 'a quote or comment is not closed' );
	}
	if ( /;|#|--\s|\/\*!/.test( plain ) ) {
		throw refuse( path, 'only one statement without comments is allowed' );
	}
	const word = REFUSED_WORDS.exec( plain );
	if ( word ) {
		throw refuse( path, `${ word[ 1 ].toUpperCase() } is not allowed` );
	}
	const engine = /\bENGINE\s*=?\s*(\w+)/i.exec( plain )?.[ 1 ];
	if ( engine && ! ALLOWED_ENGINES.includes( engine.toLowerCase() ) ) {
		throw refuse( path, `the storage engine ${ engine } is not allowed` );
	}
	return `CREATE TABLE ${ quoteIdentifier( targetTable ) } (` + body;
}
