/**
 * Two InnoDB rows whose sum is always 1000 at every commit, and a writer that keeps moving random amounts
 * between them in transactions (with a pause between the two updates, so a reader that does not use a
 * consistent snapshot would catch the sum off by the amount in flight).
 */
import type mysql from 'mysql2/promise';

import { dbConnection } from '../../support/site-fingerprint';
import type { StackEnv } from '../../support/stack';

export const PAIR_SUM = 1000;
export const PAIR_SUFFIX = 'hardening_pair';
export const MYISAM_SUFFIX = 'hardening_myisam';

export async function createPairTables( stack: StackEnv ): Promise< void > {
	const conn = await dbConnection( stack );
	const p = stack.TABLE_PREFIX;
	try {
		await dropPairTables( stack );
		await conn.query(
			`CREATE TABLE ${ p }${ PAIR_SUFFIX } ( name CHAR(1) NOT NULL PRIMARY KEY, amount INT NOT NULL ) ENGINE=InnoDB`
		);
		await conn.query(
			`INSERT INTO ${ p }${ PAIR_SUFFIX } VALUES ('a', ?), ('b', ?)`,
			[ PAIR_SUM / 2, PAIR_SUM / 2 ]
		);
		await conn.query(
			`CREATE TABLE ${ p }${ MYISAM_SUFFIX } ( id INT NOT NULL PRIMARY KEY, note VARCHAR(20) ) ENGINE=MyISAM`
		);
		await conn.query(
			`INSERT INTO ${ p }${ MYISAM_SUFFIX } VALUES (1, 'not transactional')`
		);
	} finally {
		await conn.end();
	}
}

export async function dropPairTables( stack: StackEnv ): Promise< void > {
	const conn = await dbConnection( stack );
	const p = stack.TABLE_PREFIX;
	try {
		await conn.query(
			`DROP TABLE IF EXISTS ${ p }${ PAIR_SUFFIX }, ${ p }${ MYISAM_SUFFIX }`
		);
	} finally {
		await conn.end();
	}
}

export interface PairWriter {
	/** Stops the loop, closes its connection and says how many transfers committed. */
	stop: () => Promise< number >;
}

async function transfer(
	conn: mysql.Connection,
	table: string,
	amount: number
): Promise< void > {
	await conn.beginTransaction();
	try {
		await conn.query(
			`UPDATE ${ table } SET amount = amount - ? WHERE name = 'a'`,
			[ amount ]
		);
		await new Promise( ( resolve ) => setTimeout( resolve, 2 ) );
		await conn.query(
			`UPDATE ${ table } SET amount = amount + ? WHERE name = 'b'`,
			[ amount ]
		);
		await conn.commit();
	} catch ( error ) {
		await conn.rollback();
		throw error;
	}
}

/**
 * Starts the writer on its own connection; amounts are between -50 and 50.
 * @param stack
 * @param random
 */
export async function startPairWriter(
	stack: StackEnv,
	random: () => number
): Promise< PairWriter > {
	const conn = await dbConnection( stack );
	const table = `${ stack.TABLE_PREFIX }${ PAIR_SUFFIX }`;
	let running = true;
	let committed = 0;
	const loop = ( async () => {
		while ( running ) {
			await transfer( conn, table, Math.floor( random() * 101 ) - 50 );
			committed++;
		}
	} )();
	return {
		stop: async () => {
			running = false;
			try {
				await loop;
			} finally {
				await conn.end();
			}
			return committed;
		},
	};
}

/**
 * The control: how many of `samples` dirty reads (READ UNCOMMITTED) see the sum off while the writer runs.
 * Zero would mean the writer never opens an inconsistent window and the test above proves nothing.
 * @param stack
 * @param samples
 */
export async function countDirtyOffSums(
	stack: StackEnv,
	samples: number
): Promise< number > {
	const conn = await dbConnection( stack );
	let off = 0;
	try {
		await conn.query(
			'SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED'
		);
		for ( let i = 0; i < samples; i++ ) {
			const [ rows ] = await conn.query(
				`SELECT SUM(amount) AS total FROM ${ stack.TABLE_PREFIX }${ PAIR_SUFFIX }`
			);
			off +=
				Number( ( rows as { total: string }[] )[ 0 ].total ) ===
				PAIR_SUM
					? 0
					: 1;
			await new Promise( ( resolve ) => setTimeout( resolve, 1 ) );
		}
	} finally {
		await conn.end();
	}
	return off;
}
