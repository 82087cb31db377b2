/**
 * InnoDB's internal table ids. RENAME TABLE keeps a table's id, so a live table whose id equals the id its
 * staging table had is that very table: the one whose content the restore read back and digested. That
 * proves the swap put the right tables live without reading every row a second time (on the full-size
 * bench site that second read was the slowest step after the swap, while the site was already live).
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';

/**
 * The InnoDB id of each named table of the current database; a table missing from the answer (another
 * engine, a name InnoDB encodes, or a server that does not show its dictionary to this user) is left out,
 * and the caller then digests it instead.
 * @param pool
 * @param tables table names in the current database
 */
export async function innodbTableIds(
	pool: Pool,
	tables: readonly string[]
): Promise< Map< string, number > > {
	const ids = new Map< string, number >();
	if ( tables.length === 0 ) {
		return ids;
	}
	try {
		// The tables of this database (a few dozen rows; `_` in LIKE only widens the match, and the exact
		// `<database>/<table>` names are compared below).
		const [ rows ] = await pool.query< RowDataPacket[] >(
			`SELECT DATABASE() AS db, NAME AS name, TABLE_ID AS id
			FROM information_schema.INNODB_SYS_TABLES
			WHERE NAME LIKE CONCAT( DATABASE(), '/%' )`
		);
		const byName = new Map(
			rows.map( ( row ) => [ String( row.name ), Number( row.id ) ] )
		);
		const database = String( rows[ 0 ]?.db ?? '' );
		for ( const table of tables ) {
			const id = byName.get( `${ database }/${ table }` );
			if ( id !== undefined ) {
				ids.set( table, id );
			}
		}
	} catch {
		// Not shown to this user: every table falls back to a digest.
	}
	return ids;
}

/**
 * Which restored tables still need their live rows digested after the swap: those whose identity is not
 * proven (no id before or after, or a different id), and `alwaysDigest` (the options table, which the swap
 * itself writes: preserved internal rows and the license lock). Pure.
 * @param tables       restored tables: the staging name they were loaded into and the live name
 * @param stagedIds    ids read before the swap
 * @param liveIds      ids read after the swap
 * @param alwaysDigest live names always digested
 */
export function tablesToDigest(
	tables: readonly { staging: string; live: string }[],
	stagedIds: ReadonlyMap< string, number >,
	liveIds: ReadonlyMap< string, number >,
	alwaysDigest: ReadonlySet< string >
): string[] {
	return tables
		.filter( ( { staging, live } ) => {
			const before = stagedIds.get( staging );
			return (
				alwaysDigest.has( live ) ||
				before === undefined ||
				liveIds.get( live ) !== before
			);
		} )
		.map( ( { live } ) => live );
}
