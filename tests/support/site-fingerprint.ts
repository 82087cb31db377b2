/**
 * A fingerprint of a stack site's state: CHECKSUM TABLE of every site table except the backup's own
 * (internal) tables, the options table by content without the internal options (their ids are reassigned
 * by a restore), and the SHA-256 of every file under wp-content's uploads, themes and plugins (the
 * SyteOps Backup plugin's own files excluded). Two equal fingerprints mean the same site.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';

import registry from '../../plugin/data-model.json';
import type { StackEnv } from './stack';

export interface SiteFingerprint {
	tables: Record< string, string >;
	options: string;
	files: Record< string, string >;
}

export async function dbConnection(
	env: StackEnv,
	database = env.DB_NAME
): Promise< mysql.Connection > {
	return mysql.createConnection( {
		host: env.DB_HOST,
		port: Number( env.DB_PORT ),
		user: env.DB_USER,
		password: env.DB_PASSWORD,
		database,
	} );
}

async function hashFile( file: string ): Promise< string > {
	const hash = createHash( 'sha256' );
	for await ( const chunk of createReadStream( file ) ) {
		hash.update( chunk as Buffer );
	}
	return hash.digest( 'hex' );
}

async function walk(
	root: string,
	rel: string,
	out: Record< string, string >
): Promise< void > {
	const entries = await fs
		.readdir( path.join( root, rel ), { withFileTypes: true } )
		.catch( () => [] );
	for ( const entry of entries.sort( ( a, b ) =>
		a.name.localeCompare( b.name )
	) ) {
		const child = path.posix.join( rel, entry.name );
		if ( child === 'plugins/syteops-backup' ) {
			continue;
		}
		if ( entry.isDirectory() ) {
			await walk( root, child, out );
		} else if ( entry.isSymbolicLink() ) {
			out[ child ] =
				`link:${ await fs.readlink( path.join( root, child ) ) }`;
		} else if ( entry.isFile() ) {
			out[ child ] = await hashFile( path.join( root, child ) );
		}
	}
}

export async function fingerprint(
	env: StackEnv,
	site: 'a' | 'b' = 'a'
): Promise< SiteFingerprint > {
	const prefix = site === 'a' ? env.TABLE_PREFIX : env.TABLE2_PREFIX;
	const conn = await dbConnection(
		env,
		site === 'a' ? env.DB_NAME : env.DB2_NAME
	);
	try {
		const internal = new Set(
			registry.internal.tables.map( ( t ) => prefix + t )
		);
		const [ rows ] =
			await conn.query< mysql.RowDataPacket[] >( 'SHOW TABLES' );
		const names = rows
			.map( ( r ) => String( Object.values( r )[ 0 ] ) )
			.filter(
				( t ) =>
					t.startsWith( prefix ) &&
					! internal.has( t ) &&
					! t.includes( 'syteops_stg_' ) &&
					! t.includes( 'syteops_old_' ) &&
					t !== `${ prefix }options`
			);
		const tables: Record< string, string > = {};
		for ( const name of names.sort() ) {
			const [ sums ] = await conn.query< mysql.RowDataPacket[] >(
				`CHECKSUM TABLE \`${ name }\``
			);
			tables[ name ] = String( sums[ 0 ].Checksum );
		}
		const [ options ] = await conn.query< mysql.RowDataPacket[] >(
			`SELECT option_name, option_value, autoload FROM \`${ prefix }options\` WHERE option_name NOT IN (?) ORDER BY option_name`,
			[ registry.internal.options ]
		);
		const files: Record< string, string > = {};
		for ( const top of [ 'uploads', 'themes', 'plugins' ] ) {
			await walk(
				path.join(
					site === 'a' ? env.WP_DIR : env.WP2_DIR,
					'wp-content'
				),
				top,
				files
			);
		}
		return {
			tables,
			options: createHash( 'sha256' )
				.update( JSON.stringify( options ) )
				.digest( 'hex' ),
			files,
		};
	} finally {
		await conn.end();
	}
}

/**
 * Changes rows in several tables and files in uploads, repeatably, so a restore has real work to undo.
 * @param stack
 */
export async function damageSite( stack: StackEnv ): Promise< void > {
	const conn = await dbConnection( stack );
	const p = stack.TABLE_PREFIX;
	try {
		await conn.query(
			`DELETE FROM ${ p }syteops_notes ORDER BY id DESC LIMIT 10`
		);
		await conn.query(
			`UPDATE ${ p }options SET option_value = 'damaged' WHERE option_name = 'blogname'`
		);
		await conn.query( `DELETE FROM ${ p }posts WHERE post_type = 'page'` );
		await conn.query(
			`INSERT INTO ${ p }syteops_estimates (owner_user_id, client_name, currency, status, line_items, notes, created_at, updated_at) SELECT owner_user_id, 'intruder', currency, status, line_items, notes, created_at, updated_at FROM ${ p }syteops_estimates LIMIT 1`
		);
	} finally {
		await conn.end();
	}
	const uploads = path.join( stack.WP_DIR, 'wp-content', 'uploads' );
	const files: Record< string, string > = {};
	await walk( path.join( stack.WP_DIR, 'wp-content' ), 'uploads', files );
	const victim = Object.keys( files ).find( ( rel ) =>
		/^uploads\/\d{4}\//.test( rel )
	);
	if ( ! victim ) {
		throw new Error( 'the seeded site has no media file to damage' );
	}
	await fs.rm( path.join( stack.WP_DIR, 'wp-content', victim ) );
	await fs.writeFile(
		path.join( uploads, 'added-after-backup.txt' ),
		'not in the backup'
	);
}
