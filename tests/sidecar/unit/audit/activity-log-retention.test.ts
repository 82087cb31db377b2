import {
	activityLogCutoff,
	activityLogRetentionDays,
	DEFAULT_ACTIVITY_LOG_RETENTION_DAYS,
} from '../../../../sidecar/src/audit/retention';

/**
 * A PHP-serialized array of string keys, as update_option() stores one.
 * @param entries key => already-serialized value
 */
function serializedArray( entries: Record< string, string > ): string {
	const body = Object.entries( entries )
		.map(
			( [ key, value ] ) =>
				`s:${ Buffer.byteLength( key ) }:"${ key }";${ value }`
		)
		.join( '' );
	return `a:${ Object.keys( entries ).length }:{${ body }}`;
}

const KEY = 'activity_log_retention_days';

describe( 'activityLogRetentionDays', () => {
	it( 'reads an integer setting among the other General values', () => {
		const stored = serializedArray( {
			company_name: 's:11:"Café Monde";',
			[ KEY ]: 'i:30;',
			timezone: 's:3:"UTC";',
		} );
		// "Café Monde" is 11 bytes in UTF-8: the parser counts bytes, as PHP does.
		expect( activityLogRetentionDays( stored ) ).toBe( 30 );
	} );

	it( 'reads a numeric string, as a settings form saves it', () => {
		expect(
			activityLogRetentionDays(
				serializedArray( { [ KEY ]: 's:3:"365";' } )
			)
		).toBe( 365 );
	} );

	it( 'falls back to the default when the option, the key or a usable number is missing', () => {
		const fallbacks = [
			null,
			'',
			'not serialized',
			'b:0;',
			serializedArray( { timezone: 's:3:"UTC";' } ),
			serializedArray( { [ KEY ]: 'i:0;' } ),
			serializedArray( { [ KEY ]: 'i:-5;' } ),
			serializedArray( { [ KEY ]: 'i:3651;' } ),
			serializedArray( { [ KEY ]: 'd:1.5;' } ),
			serializedArray( { [ KEY ]: 's:4:"soon";' } ),
			serializedArray( { [ KEY ]: 'b:1;' } ),
			// A truncated value: broken serialization never empties the log.
			serializedArray( { [ KEY ]: 'i:30;' } ).slice( 0, -2 ),
		];
		for ( const stored of fallbacks ) {
			expect( [ stored, activityLogRetentionDays( stored ) ] ).toEqual( [
				stored,
				DEFAULT_ACTIVITY_LOG_RETENTION_DAYS,
			] );
		}
		expect( DEFAULT_ACTIVITY_LOG_RETENTION_DAYS ).toBe( 90 );
	} );

	it( 'accepts the limits themselves', () => {
		expect(
			activityLogRetentionDays( serializedArray( { [ KEY ]: 'i:1;' } ) )
		).toBe( 1 );
		expect(
			activityLogRetentionDays(
				serializedArray( { [ KEY ]: 'i:3650;' } )
			)
		).toBe( 3650 );
	} );
} );

describe( 'activityLogCutoff', () => {
	it( 'is exactly the given number of days before now, in UTC', () => {
		expect(
			activityLogCutoff(
				new Date( '2026-03-30T01:30:00Z' ),
				30
			).toISOString()
		).toBe( '2026-02-28T01:30:00.000Z' );
	} );
} );
