/**
 * Removes what a previous seed run created (found by the marker meta), and checks that the id ranges
 * the new run will use are free, so the seeder never overwrites rows it did not create.
 */
import { rm } from 'fs/promises';
import { resolve, sep } from 'path';
import type { Connection, RowDataPacket } from 'mysql2/promise';

import { PROTECTED_LOGINS, SEED_MARKER } from '../plan';

const CHUNK = 1000;

async function ids(
	connection: Connection,
	sql: string,
	params: unknown[]
): Promise< number[] > {
	const [ rows ] = await connection.query< RowDataPacket[] >( sql, params );
	return rows.map( ( row ) => Number( row.id ) );
}

async function deleteIn(
	connection: Connection,
	table: string,
	column: string,
	values: number[]
): Promise< void > {
	for ( let i = 0; i < values.length; i += CHUNK ) {
		await connection.query( 'DELETE FROM ?? WHERE ?? IN (?)', [
			table,
			column,
			values.slice( i, i + CHUNK ),
		] );
	}
}

/**
 * Deletes seeded users with their meta and SyteOps rows, never the stack's admin/editor.
 * @param connection
 * @param prefix
 */
export async function removeSeededUsers(
	connection: Connection,
	prefix: string
): Promise< number > {
	const userIds = await ids(
		connection,
		'SELECT u.ID AS id FROM ?? u JOIN ?? m ON m.user_id = u.ID AND m.meta_key = ? WHERE u.user_login NOT IN (?)',
		[
			`${ prefix }users`,
			`${ prefix }usermeta`,
			SEED_MARKER,
			PROTECTED_LOGINS,
		]
	);
	await deleteIn(
		connection,
		`${ prefix }syteops_notes`,
		'owner_user_id',
		userIds
	);
	await deleteIn(
		connection,
		`${ prefix }syteops_estimates`,
		'owner_user_id',
		userIds
	);
	await deleteIn(
		connection,
		`${ prefix }syteops_license_connections`,
		'issued_by_user_id',
		userIds
	);
	await deleteIn(
		connection,
		`${ prefix }syteops_license_blacklist`,
		'added_by_user_id',
		userIds
	);
	await deleteIn( connection, `${ prefix }usermeta`, 'user_id', userIds );
	await deleteIn( connection, `${ prefix }users`, 'ID', userIds );
	return userIds.length;
}

/**
 * Deletes seeded posts, pages and attachments with their meta, and the attachments' files.
 * @param connection
 * @param prefix
 * @param uploadsDir
 */
export async function removeSeededPosts(
	connection: Connection,
	prefix: string,
	uploadsDir: string
): Promise< number > {
	const postIds = await ids(
		connection,
		'SELECT post_id AS id FROM ?? WHERE meta_key = ?',
		[ `${ prefix }postmeta`, SEED_MARKER ]
	);
	for ( let i = 0; i < postIds.length; i += CHUNK ) {
		const [ files ] = await connection.query< RowDataPacket[] >(
			'SELECT meta_value FROM ?? WHERE meta_key = ? AND post_id IN (?)',
			[
				`${ prefix }postmeta`,
				'_wp_attached_file',
				postIds.slice( i, i + CHUNK ),
			]
		);
		for ( const file of files ) {
			const path = resolve( uploadsDir, String( file.meta_value ) );
			// Only ever delete inside the uploads directory, whatever the database says.
			if ( path.startsWith( resolve( uploadsDir ) + sep ) ) {
				await rm( path, { force: true } );
			}
		}
	}
	await deleteIn( connection, `${ prefix }postmeta`, 'post_id', postIds );
	await deleteIn( connection, `${ prefix }posts`, 'ID', postIds );
	return postIds.length;
}

/**
 * Throws when a row the seeder did not create sits in the id range it is about to fill.
 * @param connection
 * @param table
 * @param column
 * @param from
 * @param count
 */
export async function assertIdRangeFree(
	connection: Connection,
	table: string,
	column: string,
	from: number,
	count: number
): Promise< void > {
	if ( count === 0 ) {
		return;
	}
	const [ rows ] = await connection.query< RowDataPacket[] >(
		'SELECT COUNT(*) AS n FROM ?? WHERE ?? BETWEEN ? AND ?',
		[ table, column, from, from + count - 1 ]
	);
	if ( Number( rows[ 0 ].n ) > 0 ) {
		throw new Error(
			`${ table } already has rows with ${ column } ${ from }..${ from + count - 1 } that the seeder did not create; ` +
				'refusing to overwrite them. Seed an empty site or remove those rows first.'
		);
	}
}
