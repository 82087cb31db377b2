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
import type { PoolConnection, ResultSetHeader } from 'mysql2/promise';

import type { Row, TableHeader } from '../../archive/row-codec';
import { quoteIdentifier, sqlLiteral } from '../../archive/row-sql';
import type { ArchiveReader } from '../../archive/zip-reader';
import { InsertBatch } from '../../db/insert-batch';
import { withSession } from '../../db/session';
import type { SiteContext } from '../context';
import type { JobContext } from '../job-runner';
import { CREDENTIAL_META_KEYS } from './export-plan';
import { archiveRows, rowRecord } from './import-parts';
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
/** Rows per DELETE of replaced meta keys, and per INSERT: statements stay small. */
const BATCH = 500;

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

function table( site: SiteContext, suffix: string ): string {
	return quoteIdentifier( site.config.tablePrefix + suffix );
}

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

function nicename( login: string ): string {
	return login
		.toLowerCase()
		.replace( /[^a-z0-9_-]+/g, '-' )
		.slice( 0, 50 );
}

/**
 * Inserts created users and updates matched ones; returns the matches with every target id filled in.
 * @param conn
 * @param site
 * @param detail
 * @param transform
 * @param updateCards
 */
async function writeUsers(
	conn: PoolConnection,
	site: SiteContext,
	detail: PlanDetail,
	transform: Transform,
	updateCards: boolean
): Promise< { matches: UserMatch[]; created: number; updated: number } > {
	const users = detail.users;
	if ( ! users ) {
		return { matches: [], created: 0, updated: 0 };
	}
	let created = 0;
	let updated = 0;
	const matches = detail.matches.map( ( m ) => ( { ...m } ) );
	for ( const [ i, raw ] of users.rows.entries() ) {
		const record = rowRecord(
			users.header,
			transform( 'users', users.header, raw )
		);
		delete record.ID;
		const match = matches[ i ];
		if ( match.targetId === null ) {
			if ( ! updateCards ) {
				// An owner of module rows: identity only, no password, no role.
				record.user_nicename = nicename( String( record.user_login ) );
				record.user_registered = site
					.now()
					.toISOString()
					.slice( 0, 19 )
					.replace( 'T', ' ' );
			}
			const names = Object.keys( record );
			const [ result ] = await conn.query< ResultSetHeader >(
				`INSERT INTO ${ table( site, 'users' ) } (${ names.map( quoteIdentifier ).join( ', ' ) }) VALUES (${ names
					.map( ( n ) => sqlLiteral( record[ n ] ) )
					.join( ', ' ) })`
			);
			match.targetId = result.insertId;
			created++;
		} else if ( updateCards ) {
			// The target keeps the user's id and login (WordPress never renames a login).
			delete record.user_login;
			const names = Object.keys( record );
			if ( names.length ) {
				await conn.query(
					`UPDATE ${ table( site, 'users' ) } SET ${ names
						.map(
							( n ) =>
								`${ quoteIdentifier( n ) } = ${ sqlLiteral( record[ n ] ) }`
						)
						.join( ', ' ) } WHERE ID = ?`,
					[ match.targetId ]
				);
			}
			updated++;
		}
	}
	return { matches, created, updated };
}

async function flushMeta(
	conn: PoolConnection,
	site: SiteContext,
	pending: Row[],
	cleared: Set< string >
): Promise< void > {
	const fresh = pending.filter(
		( r ) => ! cleared.has( `${ r[ 0 ] }\u0000${ r[ 1 ] }` )
	);
	const pairs = [
		...new Set( fresh.map( ( r ) => `${ r[ 0 ] }\u0000${ r[ 1 ] }` ) ),
	];
	if ( pairs.length ) {
		await conn.query(
			`DELETE FROM ${ table( site, 'usermeta' ) } WHERE (user_id, meta_key) IN (${ pairs
				.map( ( p ) => {
					const [ id, key ] = p.split( '\u0000' );
					return `(${ Number( id ) }, ${ sqlLiteral( key ) })`;
				} )
				.join( ', ' ) })`
		);
		pairs.forEach( ( p ) => cleared.add( p ) );
	}
	const batch = new InsertBatch( site.config.tablePrefix + 'usermeta', [
		'user_id',
		'meta_key',
		'meta_value',
	] );
	for ( const row of pending ) {
		const full = batch.add( row );
		if ( full ) {
			await conn.query( full );
		}
	}
	const rest = batch.take();
	if ( rest ) {
		await conn.query( rest );
	}
}

async function writeMeta(
	conn: PoolConnection,
	site: SiteContext,
	reader: ArchiveReader,
	ids: ReadonlyMap< number, number >,
	transform: Transform
): Promise< number > {
	const cleared = new Set< string >();
	let pending: Row[] = [];
	let written = 0;
	for await ( const { header, row } of archiveRows( reader, 'usermeta' ) ) {
		const record = rowRecord(
			header,
			transform( 'usermeta', header, row )
		);
		const target = ids.get( Number( record.user_id ) );
		const key = String( record.meta_key );
		if (
			! target ||
			( CREDENTIAL_META_KEYS as readonly string[] ).includes( key )
		) {
			continue;
		}
		pending.push( [ target, key, record.meta_value ?? null ] );
		written++;
		if ( pending.length >= BATCH ) {
			await flushMeta( conn, site, pending, cleared );
			pending = [];
		}
	}
	await flushMeta( conn, site, pending, cleared );
	return written;
}

async function deleteOwned(
	conn: PoolConnection,
	site: SiteContext,
	suffix: string,
	ownerColumn: string,
	owners: number[]
): Promise< number > {
	let removed = 0;
	for ( let i = 0; i < owners.length; i += BATCH ) {
		const [ result ] = await conn.query< ResultSetHeader >(
			`DELETE FROM ${ table( site, suffix ) } WHERE ${ quoteIdentifier( ownerColumn ) } IN (?)`,
			[ owners.slice( i, i + BATCH ) ]
		);
		removed += result.affectedRows;
	}
	return removed;
}

async function insertStreamed(
	conn: PoolConnection,
	site: SiteContext,
	reader: ArchiveReader,
	suffix: string,
	shape: ( header: TableHeader, row: Row ) => { columns: string[]; row: Row }
): Promise< { inserted: number; firstId: number | null } > {
	let batch: InsertBatch | null = null;
	let inserted = 0;
	let firstId: number | null = null;
	const run = async ( statement: string | null ) => {
		if ( statement ) {
			const [ result ] = await conn.query< ResultSetHeader >( statement );
			firstId ??= result.insertId || null;
		}
	};
	for await ( const { header, row } of archiveRows( reader, suffix ) ) {
		const shaped = shape( header, row );
		batch ??= new InsertBatch(
			site.config.tablePrefix + suffix,
			shaped.columns
		);
		await run( batch.add( shaped.row ) );
		inserted++;
	}
	await run( batch?.take() ?? null );
	return { inserted, firstId };
}

async function applyInTransaction(
	conn: PoolConnection,
	site: SiteContext,
	reader: ArchiveReader,
	detail: PlanDetail,
	transform: Transform,
	job: JobContext | null
): Promise< AppliedCounts > {
	const { parts } = detail;
	const counts: AppliedCounts = {
		options_written: 0,
		users_created: 0,
		users_updated: 0,
		usermeta_rows: 0,
		module_rows: {},
		licensing_rows: {},
		users: [],
	};
	const steps = 3 + parts.modules.length + parts.licensing.length;
	let step = 0;
	const next = ( phase: string ) => job?.progress( phase, step++, steps );
	next( 'importing settings' );
	counts.options_written = await writeOptions( conn, site, detail );
	next( 'importing users' );
	const users = await writeUsers(
		conn,
		site,
		detail,
		transform,
		parts.usermeta
	);
	counts.users_created = users.created;
	counts.users_updated = users.updated;
	const ids = userIdMap( users.matches );
	counts.users = users.matches.map( ( m ) => ( {
		login: m.login,
		source_id: m.sourceId,
		target_id: m.targetId as number,
		how: m.how,
	} ) );
	next( 'importing user meta' );
	if ( parts.usermeta ) {
		counts.usermeta_rows = await writeMeta(
			conn,
			site,
			reader,
			ids,
			transform
		);
	}
	const carried = users.matches.map( ( m ) => m.sourceId );
	for ( const m of parts.modules ) {
		next( `importing ${ m.name }` );
		const removed = await deleteOwned(
			conn,
			site,
			m.table,
			m.ownerColumn,
			ownersToReplace( carried, detail.owners[ m.table ] ?? [], ids )
		);
		const { inserted, firstId } = await insertStreamed(
			conn,
			site,
			reader,
			m.table,
			( header, row ) =>
				remapOwnedRow(
					header,
					transform( m.table, header, row ),
					m,
					ids
				)
		);
		counts.module_rows[ m.name ] = { inserted, removed, first_id: firstId };
	}
	for ( const suffix of parts.licensing ) {
		next( 'importing licensing records' );
		await conn.query( `DELETE FROM ${ table( site, suffix ) }` );
		const { inserted } = await insertStreamed(
			conn,
			site,
			reader,
			suffix,
			( header, row ) => ( {
				columns: header.columns.map( ( c ) => c.name ),
				row: remapUserColumns(
					header,
					transform( suffix, header, row ),
					ids
				),
			} )
		);
		counts.licensing_rows[ suffix ] = inserted;
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
					conn,
					site,
					reader,
					detail,
					transform,
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
