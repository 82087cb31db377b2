/**
 * The Host check against DNS rebinding: the sidecar only answers requests addressed to a loopback host.
 */
import { isLoopbackHost } from '../../../../sidecar/src/http/auth';

describe( 'isLoopbackHost', () => {
	it.each( [
		'127.0.0.1',
		'127.0.0.1:8091',
		'127.1.2.3:80',
		'localhost',
		'localhost:8091',
		'LOCALHOST:8091',
		'[::1]',
		'[::1]:8091',
	] )( 'accepts %s', ( host ) => {
		expect( isLoopbackHost( host ) ).toBe( true );
	} );

	it.each( [
		[ 'a foreign name', 'evil.example' ],
		[ 'a foreign name with a port', 'evil.example:8091' ],
		[
			'a name that starts like a loopback address',
			'127.0.0.1.evil.example',
		],
		[ 'a name that starts with localhost', 'localhost.evil.example' ],
		[ 'a subdomain named localhost', 'evil.localhost.example' ],
		[ 'a public address', '93.184.216.34:8091' ],
		[ 'the any address', '0.0.0.0:8091' ],
		[ 'an IPv6 address without brackets', '::1' ],
		[ 'a port that is not a number', 'localhost:http' ],
		[ 'a trailing slash', 'localhost/' ],
		[ 'credentials before the host', 'user@127.0.0.1' ],
		[ 'an empty Host header', '' ],
		[ 'a missing Host header', undefined ],
	] )( 'rejects %s', ( _name, host ) => {
		expect( isLoopbackHost( host ) ).toBe( false );
	} );
} );
