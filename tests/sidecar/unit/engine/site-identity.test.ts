/**
 * The two decisions restore, import and preview share: whether an archive comes from another site, and which
 * URL rewrite applies.
 */
import {
	isCrossSite,
	urlRewriteFor,
} from '../../../../sidecar/src/engine/site-info';

const a = { site_id: 'a'.repeat( 32 ), site_url: 'https://a.example' };

describe( 'site identity', () => {
	it( 'counts an archive as cross-site when either its site id or its URL differs', () => {
		expect( isCrossSite( a, { ...a } ) ).toBe( false );
		expect( isCrossSite( a, { ...a, site_id: 'b'.repeat( 32 ) } ) ).toBe(
			true
		);
		expect(
			isCrossSite( a, { ...a, site_url: 'https://b.example' } )
		).toBe( true );
	} );

	it( 'rewrites the source URL to the target URL only when wanted and the URLs differ', () => {
		const b = { site_id: 'b'.repeat( 32 ), site_url: 'https://b.example' };
		expect( urlRewriteFor( a, b, true ) ).toEqual( {
			from: 'https://a.example',
			to: 'https://b.example',
		} );
		expect( urlRewriteFor( a, b, false ) ).toBeNull();
		// Another site id at the same URL (a clone moved back): nothing to rewrite.
		expect(
			urlRewriteFor( a, { ...a, site_id: 'b'.repeat( 32 ) }, true )
		).toBeNull();
	} );
} );
