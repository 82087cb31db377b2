/**
 * Formatters of the Backup tab: sizes, site-time dates, the UTC → local schedule hint, retention, pins and
 * live progress lines.
 */
import {
	formatBytes,
	formatDateTime,
	formatPin,
	formatProgress,
	formatRetention,
	phaseLabel,
	utcTimeToSiteTime,
} from '../../plugin/admin-src/lib/format';

const UTC = { timezone: 'UTC', gmtOffset: 0 };
const PARIS = { timezone: 'Europe/Paris', gmtOffset: 1 };
const OFFSET = { timezone: '+05:30', gmtOffset: 5.5 };

describe( 'formatBytes', () => {
	it.each( [
		[ 0, '0 B' ],
		[ 1023, '1023 B' ],
		[ 1024, '1.0 KB' ],
		[ 2445345, '2.3 MB' ],
		[ 412 * 1024 * 1024, '412.0 MB' ],
		[ 5 * 1024 ** 4, '5.0 TB' ],
	] )( '%d bytes reads %s', ( bytes, text ) => {
		expect( formatBytes( bytes ) ).toBe( text );
	} );

	it( 'shows a dash for an unknown size', () => {
		expect( formatBytes( null ) ).toBe( '—' );
		expect( formatBytes( Number.NaN ) ).toBe( '—' );
	} );
} );

describe( 'formatDateTime', () => {
	it( 'shows the moment in a named zone, across daylight saving', () => {
		expect( formatDateTime( '2026-07-01T10:00:00Z', PARIS ) ).toBe(
			'2026-07-01 12:00'
		);
		expect( formatDateTime( '2026-12-01T10:00:00Z', PARIS ) ).toBe(
			'2026-12-01 11:00'
		);
	} );

	it( 'shifts by the offset when the site has an offset instead of a zone, crossing midnight', () => {
		expect( formatDateTime( '2026-11-23T20:00:00Z', OFFSET ) ).toBe(
			'2026-11-24 01:30'
		);
	} );

	it( 'shows a dash for a missing or invalid date', () => {
		expect( formatDateTime( null, UTC ) ).toBe( '—' );
		expect( formatDateTime( 'yesterday', UTC ) ).toBe( '—' );
	} );
} );

describe( 'utcTimeToSiteTime', () => {
	it( 'converts a UTC time of day to the site time on the given day', () => {
		const summer = new Date( '2026-07-01T00:00:00Z' );
		expect( utcTimeToSiteTime( '03:00', PARIS, summer ) ).toBe( '05:00' );
		expect( utcTimeToSiteTime( '23:45', OFFSET, summer ) ).toBe( '05:15' );
		expect( utcTimeToSiteTime( '03:00', UTC, summer ) ).toBe( '03:00' );
	} );

	it( 'gives nothing for a malformed time, so no misleading hint is shown', () => {
		expect( utcTimeToSiteTime( '24:00', UTC ) ).toBeNull();
		expect( utcTimeToSiteTime( '3:00', UTC ) ).toBeNull();
	} );
} );

describe( 'retention and pin columns', () => {
	it( 'says a pinned snapshot is kept while pinned, others until their retention date', () => {
		expect(
			formatRetention(
				{ pinned: true, retention_until: '2026-12-01T00:00:00Z' },
				UTC
			)
		).toBe( 'Kept while pinned' );
		expect(
			formatRetention(
				{ pinned: false, retention_until: '2026-12-01T00:00:00Z' },
				UTC
			)
		).toBe( 'Until 2026-12-01 00:00' );
		expect(
			formatRetention( { pinned: false, retention_until: null }, UTC )
		).toBe( 'Kept indefinitely' );
	} );

	it( 'shows the pin label and its expiry, or a dash when not pinned', () => {
		const pin = {
			pinned: true,
			pin_label: 'pre-launch',
			pin_expires_at: '2027-01-31T00:00:00Z',
		};
		expect( formatPin( pin, UTC ) ).toBe(
			'pre-launch (until 2027-01-31 00:00)'
		);
		expect( formatPin( { ...pin, pin_expires_at: null }, UTC ) ).toBe(
			'pre-launch'
		);
		expect(
			formatPin( { ...pin, pin_label: null, pin_expires_at: null }, UTC )
		).toBe( 'Pinned' );
		expect( formatPin( { ...pin, pinned: false }, UTC ) ).toBe( '—' );
	} );
} );

describe( 'formatProgress', () => {
	it( 'shows bytes for the files phase', () => {
		expect(
			formatProgress( {
				phase: 'files',
				progress: {
					done: 1024 * 1024,
					total: 4 * 1024 * 1024,
					percent: 25,
				},
			} )
		).toBe( 'Capturing files: 25% (1.0 MB of 4.0 MB)' );
	} );

	it( 'shows counts for the database phase', () => {
		expect(
			formatProgress( {
				phase: 'database',
				progress: { done: 500, total: 2000, percent: 25 },
			} )
		).toBe( 'Capturing the database: 25% (500 of 2000)' );
	} );

	it( 'shows only the phase while nothing is counted yet, and unknown phases as they come', () => {
		expect(
			formatProgress( {
				phase: 'queued',
				progress: { done: 0, total: 0, percent: null },
			} )
		).toBe( 'Waiting to start' );
		expect( phaseLabel( 'checking entries' ) ).toBe( 'checking entries' );
	} );
} );
