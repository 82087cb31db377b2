/**
 * The users half of an import (inside the import's transaction): created users inserted with fresh ids,
 * matched ones updated in place, and each imported user's carried meta keys replaced. See import-apply.ts.
 */
import type { PoolConnection, ResultSetHeader } from 'mysql2/promise';

import type { Row } from '../../archive/row-codec';
import { queryLiteral, quoteIdentifier } from '../../archive/row-sql';
import type { ArchiveReader } from '../../archive/zip-reader';
import { InsertBatch } from '../../db/insert-batch';
import type { SiteContext } from '../context';
import { table, BATCH } from './apply-rows';
import { CREDENTIAL_META_KEYS } from './export-plan';
import { archiveRows, rowRecord } from './import-parts';
import type { PlanDetail } from './import-plan';
import type { UserMatch } from './remap';

type Transform = PlanDetail[ 'transform' ];

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
export async function writeUsers(
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
					.map( ( n ) => queryLiteral( record[ n ] ) )
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
								`${ quoteIdentifier( n ) } = ${ queryLiteral( record[ n ] ) }`
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
					return `(${ Number( id ) }, ${ queryLiteral( key ) })`;
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

export async function writeMeta(
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
