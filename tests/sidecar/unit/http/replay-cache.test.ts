/**
 * The replay cache remembers signed request ids for as long as their timestamps could pass the skew check.
 */
import { ReplayCache } from '../../../../sidecar/src/http/replay-cache';

const TTL_MS = 600_000;
const T0 = 1_767_225_600_000;

describe( 'ReplayCache', () => {
	it( 'accepts an id the first time and rejects the same id again within the ttl', () => {
		const cache = new ReplayCache( TTL_MS );
		expect( cache.remember( 'a', T0 ) ).toBe( true );
		expect( cache.remember( 'a', T0 + 1 ) ).toBe( false );
		expect( cache.remember( 'a', T0 + TTL_MS - 1 ) ).toBe( false );
	} );

	it( 'keeps different ids apart', () => {
		const cache = new ReplayCache( TTL_MS );
		expect( cache.remember( 'a', T0 ) ).toBe( true );
		expect( cache.remember( 'b', T0 ) ).toBe( true );
	} );

	it( 'accepts an id again once its ttl has expired', () => {
		const cache = new ReplayCache( TTL_MS );
		cache.remember( 'a', T0 );
		expect( cache.remember( 'a', T0 + TTL_MS ) ).toBe( true );
		// ...and it is remembered afresh from then on.
		expect( cache.remember( 'a', T0 + TTL_MS + 1 ) ).toBe( false );
	} );

	it( 'expires old ids while keeping younger ones', () => {
		const cache = new ReplayCache( TTL_MS );
		cache.remember( 'old', T0 );
		cache.remember( 'young', T0 + TTL_MS / 2 );
		const later = T0 + TTL_MS + 1;
		expect( cache.remember( 'old', later ) ).toBe( true );
		expect( cache.remember( 'young', later ) ).toBe( false );
	} );

	it( 'is bounded: when full it evicts the oldest id first and keeps the rest', () => {
		const cache = new ReplayCache( TTL_MS, 3 );
		for ( const id of [ 'a', 'b', 'c' ] ) {
			expect( cache.remember( id, T0 ) ).toBe( true );
		}
		expect( cache.remember( 'd', T0 ) ).toBe( true );
		// 'a' was evicted to make room, so it is no longer recognised; 'b', 'c' and 'd' still are.
		expect( cache.remember( 'c', T0 ) ).toBe( false );
		expect( cache.remember( 'd', T0 ) ).toBe( false );
		expect( cache.remember( 'b', T0 ) ).toBe( false );
		expect( cache.remember( 'a', T0 ) ).toBe( true );
	} );

	it( 'never holds more than its bound however many ids arrive: only the most recent ones stay', () => {
		const cache = new ReplayCache( TTL_MS, 50 );
		for ( let i = 0; i < 1000; i++ ) {
			cache.remember( `id-${ i }`, T0 );
		}
		// Probing a remembered id does not change the cache, so the 50 newest can all be checked.
		for ( let i = 950; i < 1000; i++ ) {
			expect( cache.remember( `id-${ i }`, T0 ) ).toBe( false );
		}
		expect( cache.remember( 'id-949', T0 ) ).toBe( true );
	} );
} );
