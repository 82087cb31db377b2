/**
 * Helpers of the scoped export/import tests: export on site A through REST, carry the archive to site B
 * (download from A, chunked upload to B, both through the real PHP shims), import it on B, and fingerprint the
 * rows of B an import must leave alone.
 */
import { createHash } from 'node:crypto';

import type mysql from 'mysql2/promise';

import { waitForJob, type JobView } from '../../../support/jobs';
import { dbConnection } from '../../../support/site-fingerprint';
import type { StackEnv } from '../../../support/stack';
import type { WpRest } from '../../../support/wp-rest';

export const api = '/syteops/v1';

export async function exportScope(
	rest: WpRest,
	body: Record< string, unknown >
): Promise< { snapshotId: string; job: JobView } > {
	const started = await rest.request< { job_id: string } >(
		'POST',
		`${ api }/exports`,
		body
	);
	expect( started.status ).toBe( 202 );
	const job = await waitForJob( rest, started.body.job_id );
	expect( job.error ).toBeNull();
	return { snapshotId: job.snapshot_id as string, job };
}

/**
 * Downloads a snapshot from one site and uploads it to the other; returns its id there.
 * @param from
 * @param to
 * @param snapshotId
 */
export async function carry(
	from: WpRest,
	to: WpRest,
	snapshotId: string
): Promise< string > {
	const response = await fetch(
		`${ from.baseUrl }/wp-json${ api }/backups/${ snapshotId }/download`,
		{ headers: { authorization: from.auth } }
	);
	expect( response.status ).toBe( 200 );
	const bytes = Buffer.from( await response.arrayBuffer() );
	const opened = await to.request< { upload_id: string } >(
		'POST',
		`${ api }/uploads`,
		{ filename: 'export.zip', size: bytes.length }
	);
	expect( opened.status ).toBe( 201 );
	const id = opened.body.upload_id;
	const sent = await to.request(
		'PUT',
		`${ api }/uploads/${ id }?offset=0`,
		bytes
	);
	expect( sent.status ).toBe( 200 );
	const done = await to.request< { backup_id: string } >(
		'POST',
		`${ api }/uploads/${ id }/complete`
	);
	expect( done.status ).toBe( 200 );
	return done.body.backup_id;
}

export async function importOn(
	rest: WpRest,
	backupId: string,
	extra: Record< string, unknown > = {}
): Promise< JobView > {
	const started = await rest.request< { job_id: string } >(
		'POST',
		`${ api }/imports`,
		{ backup_id: backupId, confirm: true, ...extra }
	);
	expect( started.status ).toBe( 202 );
	return waitForJob( rest, started.body.job_id );
}

export async function withDb< T >(
	stack: StackEnv,
	site: 'a' | 'b',
	work: ( conn: mysql.Connection, prefix: string ) => Promise< T >
): Promise< T > {
	const conn = await dbConnection(
		stack,
		site === 'a' ? stack.DB_NAME : stack.DB2_NAME
	);
	try {
		return await work(
			conn,
			site === 'a' ? stack.TABLE_PREFIX : stack.TABLE2_PREFIX
		);
	} finally {
		await conn.end();
	}
}

export async function rows< T = Record< string, unknown > >(
	conn: mysql.Connection,
	sql: string,
	values: unknown[] = []
): Promise< T[] > {
	const [ result ] = await conn.query( sql, values );
	return result as T[];
}

/**
 * WordPress writes these on any request (cron schedule, transients, the credentials of the application
 * password the test logs in with); no import writes them, so a neighbour check leaves them out.
 */
const NOISY_OPTIONS = /^(cron|_transient_.*|_site_transient_.*)$/;
const NOISY_META = [ 'session_tokens', '_application_passwords' ];

export interface Outside {
	/** Option names in the imported scope. */
	options?: string[];
	/** Target user ids in the imported scope (their row and meta). */
	userIds?: number[];
	/** Module tables (suffix) and the owner ids whose rows are in scope. */
	owned?: Record< string, { column: string; owners: number[] } >;
	/** Tables (suffix) wholly in scope. */
	tables?: string[];
}

function digest( value: unknown ): string {
	return createHash( 'sha256' )
		.update( JSON.stringify( value ) )
		.digest( 'hex' );
}

/**
 * SHA-256 of every row of every site table of B that lies outside the scope, table by table: equal before
 * and after an import proves the import left them byte for byte as they were.
 * @param stack
 * @param outside
 */
export async function neighbours(
	stack: StackEnv,
	outside: Outside
): Promise< Record< string, string > > {
	return withDb( stack, 'b', async ( conn, prefix ) => {
		const names = (
			await rows< Record< string, string > >( conn, 'SHOW TABLES' )
		)
			.map( ( r ) => Object.values( r )[ 0 ] )
			.filter(
				( t ) =>
					t.startsWith( prefix ) &&
					! /syteops_(backups|jobs|audit|staging_state|stg_|old_)/.test(
						t
					)
			)
			.sort();
		const out: Record< string, string > = {};
		const users = outside.userIds?.length ? outside.userIds : [ -1 ];
		for ( const name of names ) {
			const suffix = name.slice( prefix.length );
			if ( outside.tables?.includes( suffix ) ) {
				continue;
			}
			let where = '';
			const values: unknown[] = [];
			if ( suffix === 'options' ) {
				where = 'WHERE option_name NOT IN (?)';
				values.push( [ ...( outside.options ?? [] ), '' ] );
			} else if ( suffix === 'users' ) {
				where = 'WHERE ID NOT IN (?)';
				values.push( users );
			} else if ( suffix === 'usermeta' ) {
				where = 'WHERE user_id NOT IN (?) AND meta_key NOT IN (?)';
				values.push( users, NOISY_META );
			} else if ( outside.owned?.[ suffix ] ) {
				const { column, owners } = outside.owned[ suffix ];
				where = `WHERE \`${ column }\` NOT IN (?)`;
				values.push( owners.length ? owners : [ -1 ] );
			}
			const all = await rows(
				conn,
				`SELECT * FROM \`${ name }\` ${ where } ORDER BY 1`,
				values
			);
			out[ suffix ] = digest(
				suffix === 'options'
					? all.filter(
							( r ) =>
								! NOISY_OPTIONS.test( String( r.option_name ) )
						)
					: all
			);
		}
		return out;
	} );
}
