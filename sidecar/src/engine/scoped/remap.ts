/**
 * The remap rules of a scoped import, pure so each one is tested on its own:
 *
 * - Users are matched by login first (case-insensitive, as WordPress's collation compares them), then by
 *   email; an archive user matching neither is created. A login match whose email belongs to ANOTHER user
 *   on the target, or an email match already taken by another archive user, is a conflict: the import is
 *   refused before anything is written (`syteops_import_email_conflict`), never silently merged.
 * - Module rows get fresh ids (the id column is left out of the INSERT, AUTO_INCREMENT gives the next) and
 *   their owner column points at the matched or created target user; an owner the export could not
 *   identify (0, or a user that no longer existed on the source) becomes 0, "no owner".
 * - Licensing rows keep their ids (their tables are replaced whole) and every `*_user_id` column is mapped.
 * - Prefixed option names and user-meta keys (`wp_capabilities` -> `wpb_capabilities`) are renamed by
 *   row-transform.ts, shared with the full restore.
 */
import type { Row, RowValue, TableHeader } from '../../archive/row-codec';
import { SyteOpsError } from '../../errors';

export interface UserIdentity {
	id: number;
	login: string;
	email: string;
}

export type MatchHow = 'login' | 'email' | 'create';

export interface UserMatch {
	sourceId: number;
	login: string;
	how: MatchHow;
	/** The target user's id; null until a created user is inserted. */
	targetId: number | null;
	/** The target user's own login (differs from `login` after an email match). */
	targetLogin: string;
}

const fold = ( text: string ) => text.trim().toLowerCase();

/**
 * Matches every archive user to a target user or marks it for creation.
 * @param archive users carried by the export
 * @param target  every user of the target site
 */
export function matchUsers(
	archive: readonly UserIdentity[],
	target: readonly UserIdentity[]
): UserMatch[] {
	const byLogin = new Map( target.map( ( u ) => [ fold( u.login ), u ] ) );
	const byEmail = new Map(
		target
			.filter( ( u ) => fold( u.email ) )
			.map( ( u ) => [ fold( u.email ), u ] )
	);
	const claimed = new Map< number, string >();
	const conflict = ( user: UserIdentity, other: UserIdentity ) =>
		new SyteOpsError( 'syteops_import_email_conflict', {
			login: user.login,
			email: user.email,
			other_login: other.login,
		} );
	return archive.map( ( user ): UserMatch => {
		const sameLogin = byLogin.get( fold( user.login ) );
		const sameEmail = fold( user.email )
			? byEmail.get( fold( user.email ) )
			: undefined;
		let found: UserIdentity | undefined;
		let how: MatchHow = 'create';
		if ( sameLogin ) {
			if ( sameEmail && sameEmail.id !== sameLogin.id ) {
				throw conflict( user, sameEmail );
			}
			found = sameLogin;
			how = 'login';
		} else if ( sameEmail ) {
			found = sameEmail;
			how = 'email';
		}
		if ( found ) {
			const taken = claimed.get( found.id );
			if ( taken !== undefined ) {
				throw conflict( user, found );
			}
			claimed.set( found.id, user.login );
		}
		return {
			sourceId: user.id,
			login: user.login,
			how,
			targetId: found ? found.id : null,
			targetLogin: found ? found.login : user.login,
		};
	} );
}

/**
 * Source user id -> target user id. A user still to be created (targetId null, as in a preview) gets a
 * negative placeholder: it owns no rows on the target, and never collides with "no owner" (0).
 * @param matches
 */
export function userIdMap(
	matches: readonly UserMatch[]
): Map< number, number > {
	return new Map(
		matches.map( ( m, i ) => [ m.sourceId, m.targetId ?? -( i + 1 ) ] )
	);
}

/**
 * The target id of a source user id; 0 (no owner) when the export did not identify that user.
 * @param map
 * @param value
 */
export function mapUserId(
	map: ReadonlyMap< number, number >,
	value: RowValue
): number {
	const id = Number( value );
	return Number.isSafeInteger( id ) ? ( map.get( id ) ?? 0 ) : 0;
}

export interface OwnedRow {
	columns: string[];
	row: Row;
}

/**
 * A module row ready for INSERT on the target: without its id column (a fresh id is assigned) and with its
 * owner mapped.
 * @param header
 * @param row
 * @param module
 * @param module.idColumn
 * @param module.ownerColumn
 * @param owners
 */
export function remapOwnedRow(
	header: TableHeader,
	row: Row,
	module: { idColumn: string; ownerColumn: string },
	owners: ReadonlyMap< number, number >
): OwnedRow {
	const columns: string[] = [];
	const out: Row = [];
	header.columns.forEach( ( column, i ) => {
		if ( column.name === module.idColumn ) {
			return;
		}
		columns.push( column.name );
		out.push(
			column.name === module.ownerColumn
				? mapUserId( owners, row[ i ] )
				: row[ i ]
		);
	} );
	return { columns, row: out };
}

/**
 * A licensing row with every `*_user_id` column mapped to the target's users; its id kept.
 * @param header
 * @param row
 * @param users
 */
export function remapUserColumns(
	header: TableHeader,
	row: Row,
	users: ReadonlyMap< number, number >
): Row {
	return header.columns.map( ( column, i ) =>
		/_user_id$/.test( column.name )
			? mapUserId( users, row[ i ] )
			: row[ i ]
	);
}

/**
 * The owners whose module rows an import replaces: every user the export carries (a user card owns its
 * rows even when it has none) plus every owner named in the rows, each mapped to the target.
 * @param carriedUsers source ids of the users the export carries (with their cards or identities)
 * @param ownersInRows source owner ids found in the module rows
 * @param users        source -> target user ids
 */
export function ownersToReplace(
	carriedUsers: readonly number[],
	ownersInRows: Iterable< number >,
	users: ReadonlyMap< number, number >
): number[] {
	const out = new Set< number >();
	for ( const id of [ ...carriedUsers, ...ownersInRows ] ) {
		out.add( mapUserId( users, id ) );
	}
	return [ ...out ].sort( ( a, b ) => a - b );
}
