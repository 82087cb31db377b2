/**
 * The stored lock and the PHP-serialized license record (pure parts): an unreadable lock counts as locked;
 * the record round-trips through PHP's serialize() format.
 */
import {
	parseLock,
	restoreLockValue,
} from '../../../../sidecar/src/license/lock';
import {
	serializePlain,
	unserializePlain,
} from '../../../../sidecar/src/php/plain-value';

describe( 'parseLock', () => {
	it( 'reads a missing option as never locked', () => {
		expect( parseLock( null ).locked ).toBe( false );
	} );

	it( 'reads the value a restore writes as locked by that snapshot', () => {
		const lock = parseLock(
			restoreLockValue(
				'ab'.repeat( 16 ),
				new Date( '2026-11-23T12:00:00Z' )
			)
		);
		expect( lock ).toMatchObject( {
			locked: true,
			locked_at: '2026-11-23T12:00:00.000Z',
			locked_by_restore: 'ab'.repeat( 16 ),
		} );
	} );

	it.each( [ 'garbage', '[]', '{"locked":' ] )(
		'treats the unreadable value %s as locked, so damage never opens the gate',
		( raw ) => {
			expect( parseLock( raw ).locked ).toBe( true );
		}
	);
} );

describe( 'PHP-serialized plain values', () => {
	it( 'reads the license record the plugin writes and writes it back byte for byte', () => {
		const php =
			'a:6:{s:6:"status";s:8:"inactive";s:4:"plan";s:0:"";s:13:"licensed_site";s:21:"http://127.0.0.1:8081";s:15:"last_checked_at";N;s:10:"expires_at";N;s:16:"license_page_url";s:11:"http://x/é";}';
		const value = unserializePlain( php );
		expect( value ).toEqual( {
			status: 'inactive',
			plan: '',
			licensed_site: 'http://127.0.0.1:8081',
			last_checked_at: null,
			expires_at: null,
			license_page_url: 'http://x/é',
		} );
		expect( serializePlain( value ) ).toBe( php );
	} );

	it( 'reads lists with integer keys and never instantiates objects', () => {
		expect(
			unserializePlain( 'a:2:{i:0;s:1:"a";i:1;O:8:"stdClass":0:{}}' )
		).toEqual( { 0: 'a', 1: null } );
		expect( unserializePlain( 'not serialized' ) ).toBeNull();
	} );
} );
