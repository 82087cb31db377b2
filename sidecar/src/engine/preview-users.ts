/**
 * The users part of a preview's diff: which logins a restore would add, change or remove. Reads only the
 * archive's users entry (small even on big sites) and the live users table; compares the fields an admin
 * cares about (email, display name, password hash), never showing the hashes themselves.
 */
import type { RowDataPacket } from 'mysql2';

import { readRows } from '../archive/rows-reader';
import type { ArchiveReader } from '../archive/zip-reader';
import type { SiteContext } from './context';

const COMPARED = [ 'user_email', 'display_name', 'user_pass' ] as const;
const SHOWN = 20;

export interface UsersDiff {
	in_archive: number;
	now: number;
	added: number;
	changed: number;
	removed: number;
	examples: { added: string[]; changed: string[]; removed: string[] };
}

export async function diffUsers(
	site: SiteContext,
	reader: ArchiveReader
): Promise< UsersDiff | null > {
	const entry = 'db/users.rows.ndjson';
	if ( ! reader.manifest.entries.has( entry ) ) {
		return null;
	}
	const archived = new Map< string, string >();
	for await ( const { header, row } of readRows(
		await reader.openEntry( entry ),
		entry
	) ) {
		if ( ! row ) {
			continue;
		}
		const value = ( name: string ) =>
			row[ header.columns.findIndex( ( c ) => c.name === name ) ];
		archived.set(
			String( value( 'user_login' ) ),
			COMPARED.map( ( c ) => String( value( c ) ) ).join( '\u0000' )
		);
	}
	const [ rows ] = await site.pool.query< RowDataPacket[] >(
		`SELECT user_login, ${ COMPARED.join( ', ' ) } FROM \`${ site.config.tablePrefix }users\``
	);
	const live = new Map(
		rows.map( ( r ) => [
			String( r.user_login ),
			COMPARED.map( ( c ) => String( r[ c ] ) ).join( '\u0000' ),
		] )
	);
	const added = [ ...archived.keys() ].filter(
		( login ) => ! live.has( login )
	);
	const changed = [ ...archived.keys() ].filter(
		( login ) =>
			live.has( login ) && live.get( login ) !== archived.get( login )
	);
	const removed = [ ...live.keys() ].filter(
		( login ) => ! archived.has( login )
	);
	return {
		in_archive: archived.size,
		now: live.size,
		added: added.length,
		changed: changed.length,
		removed: removed.length,
		examples: {
			added: added.slice( 0, SHOWN ),
			changed: changed.slice( 0, SHOWN ),
			removed: removed.slice( 0, SHOWN ),
		},
	};
}
