import { dbFailure } from '../../../../sidecar/src/db/session';

describe( 'dbFailure', () => {
	it( 'turns mysql2’s fatal closed-connection error (which has no code) into the catalogued database error', () => {
		const closed = Object.assign(
			new Error(
				"Can't add new command when connection is in closed state"
			),
			{ fatal: true }
		);
		expect( dbFailure( 'reading the database', closed ) ).toMatchObject( {
			code: 'syteops_db_query_failed',
			details: {
				operation: 'reading the database',
				reason: 'CONNECTION_CLOSED',
			},
		} );
	} );

	it( 'names the server’s error code and number, never its message', () => {
		const duplicate = Object.assign(
			new Error( "Duplicate entry 'secret row data' for key 'PRIMARY'" ),
			{ code: 'ER_DUP_ENTRY', errno: 1062 }
		);
		const mapped = dbFailure( 'loading', duplicate ) as Error;
		expect( mapped ).toMatchObject( {
			code: 'syteops_db_query_failed',
			details: { reason: 'ER_DUP_ENTRY (1062)' },
		} );
		expect( mapped.message ).not.toContain( 'secret row data' );
	} );

	it( 'passes an error that is not from the database through unchanged', () => {
		const other = new TypeError( 'not a database error' );
		expect( dbFailure( 'loading', other ) ).toBe( other );
	} );
} );
