import { SyteOpsError } from '../../../../sidecar/src/errors';
import {
	buildUrlMap,
	rewriteText,
	rewriteValue,
} from '../../../../sidecar/src/rewrite';

describe( 'buildUrlMap', () => {
	it( 'orders needles longest first so the sub-path needle wins over the host needle', () => {
		const map = buildUrlMap(
			'https://source.example/blog',
			'https://target.example'
		);
		const lengths = map.entries.map( ( entry ) => entry.from.length );
		expect( lengths ).toEqual( [ ...lengths ].sort( ( a, b ) => b - a ) );
		expect( map.entries.map( ( entry ) => entry.from ) ).toEqual(
			expect.arrayContaining( [
				'https://source.example/blog',
				'http://www.source.example/blog',
				'//source.example/blog',
				'https:\\/\\/source.example\\/blog',
				'https%3A%2F%2Fsource.example%2Fblog',
				'https://source.example',
			] )
		);
	} );

	it( 'maps every scheme variant to the target scheme and keeps protocol-relative ones relative', () => {
		const map = buildUrlMap(
			'http://www.source.example',
			'https://target.example/'
		);
		const targets = new Map(
			map.entries.map( ( entry ) => [ entry.from, entry.to ] )
		);
		expect( targets.get( 'http://source.example' ) ).toBe(
			'https://target.example'
		);
		expect( targets.get( 'https://www.source.example' ) ).toBe(
			'https://target.example'
		);
		expect( targets.get( '//source.example' ) ).toBe( '//target.example' );
		expect( targets.get( 'http%3A%2F%2Fwww.source.example' ) ).toBe(
			'https%3A%2F%2Ftarget.example'
		);
	} );

	it( 'leaves out mappings that would change nothing, so they are never counted', () => {
		const map = buildUrlMap( 'http://example.com', 'https://example.com' );
		expect(
			map.entries.every( ( entry ) => entry.from !== entry.to )
		).toBe( true );
		expect(
			rewriteText( 'https://example.com //example.com', map ).count
		).toBe( 0 );
		expect( rewriteText( 'http://example.com/x', map ).value ).toBe(
			'https://example.com/x'
		);
	} );

	it( 'rewrites nothing when source and target are the same site', () => {
		const map = buildUrlMap(
			'https://example.com/',
			'https://example.com'
		);
		expect( map.entries ).toEqual( [] );
		expect( rewriteValue( 's:19:"https://example.com";', map ) ).toEqual( {
			value: 's:19:"https://example.com";',
			changed: false,
			count: 0,
		} );
	} );

	it( 'has no www twin for IP addresses and single-label hosts, and keeps ports', () => {
		const map = buildUrlMap(
			'http://127.0.0.1:8080',
			'http://localhost:8081'
		);
		expect(
			map.entries.some( ( entry ) => entry.from.includes( 'www.' ) )
		).toBe( false );
		expect(
			rewriteText( 'http://127.0.0.1:8080/x http://127.0.0.1/y', map )
				.value
		).toBe( 'http://localhost:8081/x http://127.0.0.1/y' );
	} );

	it.each( [
		[ 'not a url', 'it is not an absolute URL' ],
		[
			'ftp://source.example',
			'only http and https site URLs can be rewritten',
		],
	] )(
		'refuses %s as a site URL with syteops_invalid_param',
		( url, reason ) => {
			expect( () =>
				buildUrlMap( url, 'https://target.example' )
			).toThrow(
				new SyteOpsError( 'syteops_invalid_param', {
					param: 'source_url',
					reason,
				} )
			);
		}
	);
} );

describe( 'rewriteValue on column values', () => {
	const map = buildUrlMap(
		'https://source.example',
		'https://target.example'
	);

	it( 'passes numbers, booleans and NULL through', () => {
		expect( rewriteValue( 42, map ) ).toEqual( {
			value: 42,
			changed: false,
			count: 0,
		} );
		expect( rewriteValue( null, map ) ).toEqual( {
			value: null,
			changed: false,
			count: 0,
		} );
		expect( rewriteValue( true, map ) ).toEqual( {
			value: true,
			changed: false,
			count: 0,
		} );
	} );

	it( 'rewrites the URL-encoded spelling of a source with a port (its colon is %3A, not the host:port the probe once looked for)', () => {
		const withPort = buildUrlMap(
			'http://source.example:8080/wp',
			'https://target.example'
		);
		const value = `a:1:{s:4:"next";s:39:"${ encodeURIComponent(
			'http://source.example:8080/wp'
		) }";}`;
		expect( rewriteValue( value, withPort ) ).toEqual( {
			value: `a:1:{s:4:"next";s:28:"${ encodeURIComponent(
				'https://target.example'
			) }";}`,
			changed: true,
			count: 1,
		} );
	} );

	it( 'rewrites the URL-encoded spelling of an IPv6 source, whose brackets and colons are escaped too', () => {
		const ipv6 = buildUrlMap(
			'http://[::1]:8080',
			'https://target.example'
		);
		const encoded = encodeURIComponent( 'http://[::1]:8080/x' );
		const target = encodeURIComponent( 'https://target.example/x' );
		const serialized = `a:2:{s:4:"next";s:${ encoded.length }:"${ encoded }";s:4:"json";s:${
			encoded.length + 8
		}:"{"u":"${ encoded }"}";}`;
		expect( rewriteValue( `go=${ encoded }`, ipv6 ) ).toEqual( {
			value: `go=${ target }`,
			changed: true,
			count: 1,
		} );
		expect( rewriteValue( serialized, ipv6 ) ).toEqual( {
			value: `a:2:{s:4:"next";s:${ target.length }:"${ target }";s:4:"json";s:${
				target.length + 8
			}:"{"u":"${ target }"}";}`,
			changed: true,
			count: 2,
		} );
		expect(
			rewriteValue( `go=${ encoded.toLowerCase() }`, ipv6 ).value
		).toBe( `go=${ target.toLowerCase() }` );
	} );

	it( 'rewrites plain text in a Buffer holding invalid UTF-8 and keeps every other byte', () => {
		const bytes = Buffer.concat( [
			Buffer.from( [ 0xff, 0xc3 ] ),
			Buffer.from( ' https://source.example/x ' ),
			Buffer.from( [ 0x80 ] ),
		] );
		const result = rewriteValue( bytes, map );
		expect( result.count ).toBe( 1 );
		expect( result.value ).toEqual(
			Buffer.concat( [
				Buffer.from( [ 0xff, 0xc3 ] ),
				Buffer.from( ' https://target.example/x ' ),
				Buffer.from( [ 0x80 ] ),
			] )
		);
	} );

	it( 'reports a string with a lone surrogate as invalid_unicode instead of guessing byte lengths', () => {
		const text = 's:26:"https://source.example/\uD800";';
		expect( rewriteValue( text, map ) ).toEqual( {
			value: text,
			changed: false,
			count: 0,
			unsafe: 'invalid_unicode',
		} );
	} );

	it( 'rewrites a URL inside a serialized string inside a JSON string inside a serialized string', () => {
		const inner = 'a:1:{i:0;s:22:"https://source.example";}';
		const json = JSON.stringify( { v: inner } );
		const outer = `s:${ Buffer.byteLength( json ) }:"${ json }";`;
		const result = rewriteValue( outer, map );
		const rewrittenJson = JSON.stringify( {
			v: 'a:1:{i:0;s:22:"https://target.example";}',
		} );
		expect( result.value ).toBe(
			`s:${ rewrittenJson.length }:"${ rewrittenJson }";`
		);
		expect( result.count ).toBe( 1 );
	} );

	it( 'reports a URL nested deeper than the rewriter follows as too_deep', () => {
		let value = 'https://source.example';
		for ( let level = 0; level < 40; level++ ) {
			value = `s:${ Buffer.byteLength( value ) }:"${ value }";`;
		}
		const result = rewriteValue( value, map );
		expect( result.unsafe ).toBe( 'too_deep' );
		expect( result.value ).toBe( value );
	} );
} );
