/**
 * Carries out an import plan in ONE database transaction on one connection: a failure anywhere (a query,
 * a damaged archive entry read mid-way, a conflict) rolls every write back, so the target is exactly as it
 * was. Writes only the scope's rows:
 *
 *   options    upserted by name (INSERT … ON DUPLICATE KEY UPDATE), option_id kept on the target
 *   users      matched users updated in place (their ID and login kept), others inserted with fresh ids;
 *              a module export only creates missing owners (identity only) and never edits existing users
 *   usermeta   for each imported user, the meta keys the export carries are replaced; other keys stay
 *   modules    the rows of the owners the export carries are replaced; inserted with fresh ids
 *   licensing  (master) each table replaced whole, user ids mapped
 */
import type { PoolConnection } from 'mysql2/promise';

import type { ArchiveReader } from '../../archive/zip-reader';
import { withSession } from '../../db/session';
import type { SiteContext } from '../context';
import type { JobContext } from '../job-runner';
import { deleteOwned, insertStreamed, table } from './apply-rows';
import { writeMeta, writeUsers } from './apply-users';
import type { ModulePart } from './import-parts';
import type { PlanDetail } from './import-plan';
import {
	ownersToReplace,
	remapOwnedRow,
	remapUserColumns,
	userIdMap,
	type UserMatch,
} from './remap';

const IMPORT_SESSION =
	"SET SESSION time_zone = '+00:00', sql_mode = 'NO_AUTO_VALUE_ON_ZERO'";

export interface AppliedCounts {
	options_written: number;
	users_created: number;
	users_updated: number;
	usermeta_rows: number;
	module_rows: Record<
		string,
		{ inserted: number; removed: number; first_id: number | null }
	>;
	licensing_rows: Record< string, number >;
	/** Every imported user with the id it has on this site now. */
	users: {
		login: string;
		source_id: number;
		target_id: number;
		how: UserMatch[ 'how' ];
	}[];
}

type Transform = PlanDetail[ 'transform' ];

async function writeOptions(
	conn: PoolConnection,
	site: SiteContext,
	detail: PlanDetail
): Promise< number > {
	for ( const option of detail.options ) {
		await conn.query(
			`INSERT INTO ${ table( site, 'options' ) } (option_name, option_value, autoload) VALUES (?, ?, ?)
			 ON DUPLICATE KEY UPDATE option_value = VALUES(option_value), autoload = VALUES(autoload)`,
			[ option.name, option.value, option.autoload ]
		);
	}
	return detail.options.length;
}

/** What every write step needs: the transaction's connection, the site, the archive and the row transform. */
interface Writer {
	conn: PoolConnection;
	site: SiteContext;
	reader: ArchiveReader;
	transform: Transform;
}

/**
 * Replaces the rows of the carried owners in one module table with the archive's, under fresh ids.
 * @param w
 * @param m
 * @param replace target owner ids whose rows are replaced
 * @param ids     source -> target user ids
 */
async function writeModule(
	w: Writer,
	m: ModulePart,
	replace: number[],
	ids: ReadonlyMap< number, number >
): Promise< AppliedCounts[ 'module_rows' ][ string ] > {
	const removed = await deleteOwned(
		w.conn,
		w.site,
		m.table,
		m.ownerColumn,
		replace
	);
	const { inserted, firstId } = await insertStreamed(
		w.conn,
		w.site,
		w.reader,
		m.table,
		( header, row ) =>
			remapOwnedRow( header, w.transform( m.table, header, row ), m, ids )
	);
	return { inserted, removed, first_id: firstId };
}

/**
 * Replaces one licensing table whole, ids kept, user columns mapped.
 * @param w
 * @param suffix
 * @param ids
 */
async function writeLicensing(
	w: Writer,
	suffix: string,
	ids: ReadonlyMap< number, number >
): Promise< number > {
	await w.conn.query( `DELETE FROM ${ table( w.site, suffix ) }` );
	const { inserted } = await insertStreamed(
		w.conn,
		w.site,
		w.reader,
		suffix,
		( header, row ) => ( {
			columns: header.columns.map( ( c ) => c.name ),
			row: remapUserColumns(
				header,
				w.transform( suffix, header, row ),
				ids
			),
		} )
	);
	return inserted;
}

async function applyInTransaction(
	w: Writer,
	detail: PlanDetail,
	job: JobContext | null
): Promise< AppliedCounts > {
	const { parts } = detail;
	const steps = 3 + parts.modules.length + parts.licensing.length;
	let step = 0;
	const next = ( phase: string ) => job?.progress( phase, step++, steps );
	next( 'importing settings' );
	const optionsWritten = await writeOptions( w.conn, w.site, detail );
	next( 'importing users' );
	const users = await writeUsers(
		w.conn,
		w.site,
		detail,
		w.transform,
		parts.usermeta
	);
	const ids = userIdMap( users.matches );
	next( 'importing user meta' );
	const counts: AppliedCounts = {
		options_written: optionsWritten,
		users_created: users.created,
		users_updated: users.updated,
		usermeta_rows: parts.usermeta
			? await writeMeta( w.conn, w.site, w.reader, ids, w.transform )
			: 0,
		module_rows: {},
		licensing_rows: {},
		users: users.matches.map( ( m ) => ( {
			login: m.login,
			source_id: m.sourceId,
			target_id: m.targetId as number,
			how: m.how,
		} ) ),
	};
	const carried = users.matches.map( ( m ) => m.sourceId );
	for ( const m of parts.modules ) {
		next( `importing ${ m.name }` );
		counts.module_rows[ m.name ] = await writeModule(
			w,
			m,
			ownersToReplace( carried, detail.owners[ m.table ] ?? [], ids ),
			ids
		);
	}
	for ( const suffix of parts.licensing ) {
		next( 'importing licensing records' );
		counts.licensing_rows[ suffix ] = await writeLicensing(
			w,
			suffix,
			ids
		);
	}
	return counts;
}

/**
 * Runs the whole import in one transaction; on any failure rolls back and rethrows.
 * @param site
 * @param reader
 * @param detail
 * @param transform a fresh row transform (its stats become the import's result)
 * @param job
 */
export async function applyImport(
	site: SiteContext,
	reader: ArchiveReader,
	detail: PlanDetail,
	transform: Transform,
	job: JobContext | null
): Promise< AppliedCounts > {
	return withSession(
		site.pool,
		IMPORT_SESSION,
		'importing an export',
		async ( conn ) => {
			await conn.query( 'START TRANSACTION' );
			try {
				const counts = await applyInTransaction(
					{ conn, site, reader, transform },
					detail,
					job
				);
				await conn.query( 'COMMIT' );
				return counts;
			} catch ( error ) {
				await conn.query( 'ROLLBACK' ).catch( () => undefined );
				throw error;
			}
		}
	);
}
