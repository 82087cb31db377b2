import mysql from 'mysql2/promise';

import { formatQuery } from '../../../../sidecar/src/db/pool';

describe( 'formatQuery', () => {
	it( 'sends a query without values exactly as written (question marks inside literals included)', () => {
		const sql = "INSERT INTO t VALUES ('a?b', \"?\", `c?`), ('d')";
		expect( formatQuery( sql, undefined ) ).toBe( sql );
		expect( formatQuery( sql, [] ) ).toBe( sql );
	} );

	it( 'formats a query with values exactly as mysql2 does by default (UTC dates, escaped strings, ?? identifiers)', () => {
		const sql = 'SELECT ?, ?, ? FROM ?? WHERE x IN (?)';
		const values = [ "it's", 5, new Date( 0 ), 'wp_options', [ 1, 2 ] ];
		expect( formatQuery( sql, values ) ).toBe(
			mysql.format( sql, values, false, 'Z' )
		);
		expect( formatQuery( sql, values ) ).toBe(
			"SELECT 'it\\'s', 5, '1970-01-01 00:00:00.000' FROM `wp_options` WHERE x IN (1, 2)"
		);
	} );
} );
