/**
 * The Saved Backups list in the real wp-admin, against the real sidecar and database: an administrator
 * creates a backup and sees it listed with its size, verifies it (the report and its findings), pins it and is
 * refused its deletion with the server's message; an Editor sees the list without Restore, Download, Pin or
 * Delete.
 */
import type { Browser } from 'playwright-core';

import { formatBytes } from '../../plugin/admin-src/lib/format';
import {
	focusedNoticeText,
	openBackupTab,
	row,
} from '../support/backup-tab-page';
import { launchBrowser, screenshotPath } from '../support/browser';
import { waitForJob } from '../support/jobs';
import { loadStackEnv } from '../support/stack';
import { WpRest } from '../support/wp-rest';

const stack = loadStackEnv();
let browser: Browser;
let rest: WpRest;
let snapshotId = '';
let otherId = '';
const LABEL = `e2e-created-${ Date.now() }`;

interface SnapshotView {
	id: string;
	created_at: string;
	size_bytes: number;
	status: string;
	pinned: boolean;
	pin_label: string | null;
}

beforeAll( async () => {
	browser = await launchBrowser();
	rest = WpRest.forUser( stack, stack.WP_ADMIN_USER );
} );

afterAll( async () => {
	if ( snapshotId !== '' ) {
		// Leave no pin behind; the backup itself may stay (deleting the newest one can be refused).
		await rest.request(
			'DELETE',
			`/syteops/v1/backups/${ snapshotId }/pin`
		);
		await rest.request( 'DELETE', `/syteops/v1/backups/${ snapshotId }` );
	}
	if ( otherId !== '' ) {
		await rest.request( 'DELETE', `/syteops/v1/backups/${ otherId }` );
	}
	await browser?.close();
} );

describe( 'Saved Backups in wp-admin', () => {
	it( 'creates a backup with Create backup now and lists it with the size the catalog recorded', async () => {
		const { page, scriptErrors } = await openBackupTab( browser, stack );
		const before = await rest.request< SnapshotView[] >(
			'GET',
			'/syteops/v1/backups?per_page=100'
		);
		const known = new Set( before.body.map( ( s ) => s.id ) );

		await page.fill( '.syteops-new-label input', LABEL );
		await page.click( '.syteops-create-backup' );
		// The capturing row with its progress line, when the capture lasts long enough to be seen.
		const progress = await page
			.waitForSelector( '.syteops-row-progress', { timeout: 15000 } )
			.catch( () => null );
		if ( progress ) {
			await page.screenshot( {
				path: screenshotPath( 'saved-backups-capturing' ),
				fullPage: true,
			} );
		}
		const notice = page.locator( '.syteops-backup-job-notice' );
		await notice.waitFor( { timeout: 120000 } );
		expect( await notice.textContent() ).toContain( 'Backup created (' );
		expect( await focusedNoticeText( page ) ).toContain(
			'Backup created ('
		);

		const after = await rest.request< SnapshotView[] >(
			'GET',
			'/syteops/v1/backups?per_page=100'
		);
		const created = after.body.filter( ( s ) => ! known.has( s.id ) );
		expect( created ).toHaveLength( 1 );
		snapshotId = created[ 0 ].id;
		expect( created[ 0 ].status ).toBe( 'available' );
		expect( created[ 0 ].size_bytes ).toBeGreaterThan( 0 );
		expect(
			( created[ 0 ] as SnapshotView & { label: string } ).label
		).toBe( LABEL );

		const listed = row( page, snapshotId );
		await listed.waitFor();
		expect( await listed.locator( '.column-size' ).textContent() ).toBe(
			formatBytes( created[ 0 ].size_bytes )
		);
		expect( await listed.locator( '.column-status' ).textContent() ).toBe(
			'Available'
		);
		expect( await listed.locator( '.column-type' ).textContent() ).toBe(
			'Manual'
		);
		// The notice names the same size as the row.
		expect( await notice.textContent() ).toContain(
			formatBytes( created[ 0 ].size_bytes )
		);
		expect( await listed.locator( '.column-label' ).textContent() ).toBe(
			LABEL
		);
		// Download is a link to the capability-checked REST route, carrying the REST nonce for the cookie session.
		const href =
			( await listed
				.locator( '.syteops-action-download' )
				.getAttribute( 'href' ) ) ?? '';
		expect( href ).toContain(
			`/syteops/v1/backups/${ snapshotId }/download`
		);
		const download = await page.request.get( href );
		expect( download.status() ).toBe( 200 );
		expect( download.headers()[ 'content-type' ] ).toBe(
			'application/zip'
		);
		expect( ( await download.body() ).length ).toBe(
			created[ 0 ].size_bytes
		);
		await page.screenshot( {
			path: screenshotPath( 'saved-backups-created' ),
			fullPage: true,
		} );
		expect( scriptErrors ).toEqual( [] );
		await page.close();
	} );

	it( 'verifies the backup and shows the passing report with what was checked', async () => {
		expect( snapshotId ).not.toBe( '' );
		const { page } = await openBackupTab( browser, stack );
		await row( page, snapshotId )
			.locator( '.syteops-action-verify' )
			.click();
		const report = page.locator( '.syteops-verify-report' );
		await report.waitFor( { timeout: 120000 } );
		const text = ( await report.textContent() ) ?? '';
		expect( text ).toContain( 'Passed: the archive is intact.' );
		expect( text ).toMatch(
			/Checked \d+ entries \(.+\), \d+ tables and \d+ rows\./
		);
		// Findings, if any, are warnings with their catalogue code; a passing archive has no errors.
		const severities = await page
			.locator( '.syteops-findings tbody tr td:first-child' )
			.allTextContents();
		expect( severities.filter( ( s ) => s === 'Error' ) ).toEqual( [] );
		await page.screenshot( {
			path: screenshotPath( 'saved-backups-verify-report' ),
			fullPage: true,
		} );
		await page.click(
			'.syteops-verify-modal .syteops-modal-actions button'
		);
		await page.close();
	} );

	it( 'pins the backup with a label, then the delete is refused with the server message at a focused notice', async () => {
		expect( snapshotId ).not.toBe( '' );
		const { page } = await openBackupTab( browser, stack );
		const listed = row( page, snapshotId );
		await listed.locator( '.syteops-action-pin' ).click();
		await page.fill(
			'.syteops-pin-modal input[type="text"]',
			'pre-launch-e2e'
		);
		await page.click( '.syteops-pin-modal button[type="submit"]' );
		await page.waitForSelector( '.syteops-action-notice' );
		expect( await focusedNoticeText( page ) ).toContain(
			'The backup is pinned.'
		);
		await listed.locator( '.syteops-action-unpin' ).waitFor();
		expect( await listed.locator( '.column-pinned' ).textContent() ).toBe(
			'pre-launch-e2e'
		);
		expect(
			await listed.locator( '.column-retention' ).textContent()
		).toBe( 'Kept while pinned' );
		const stored = await rest.request< SnapshotView >(
			'GET',
			`/syteops/v1/backups/${ snapshotId }`
		);
		expect( stored.body.pinned ).toBe( true );
		expect( stored.body.pin_label ).toBe( 'pre-launch-e2e' );

		await listed.locator( '.syteops-action-delete' ).click();
		await page.click(
			'.syteops-confirm-modal .syteops-modal-actions button.is-destructive'
		);
		await page.waitForFunction( () =>
			document
				.querySelector( '.syteops-action-notice' )
				?.textContent?.includes( 'was not deleted' )
		);
		const message = await focusedNoticeText( page );
		expect( message ).toContain(
			`The backup was not deleted: Snapshot ${ snapshotId } is pinned. Unpin it first, then delete it.`
		);
		await page.screenshot( {
			path: screenshotPath( 'saved-backups-pinned-delete-refused' ),
			fullPage: true,
		} );
		const still = await rest.request< SnapshotView >(
			'GET',
			`/syteops/v1/backups/${ snapshotId }`
		);
		expect( still.body.status ).toBe( 'available' );
		expect( await listed.count() ).toBe( 1 );
		await page.close();
	} );

	it( 'filters the list by label and by date range, and sorts it by size', async () => {
		expect( snapshotId ).not.toBe( '' );
		// A second backup with another label, so each filter has something to leave out.
		const started = await rest.request< { job_id: string } >(
			'POST',
			'/syteops/v1/backups',
			{ label: `e2e-other-${ Date.now() }` }
		);
		const job = await waitForJob( rest, started.body.job_id );
		expect( job.state ).toBe( 'succeeded' );
		otherId = job.snapshot_id ?? '';

		const { page } = await openBackupTab( browser, stack );
		const ids = () =>
			page
				.locator( 'tr.syteops-backup-row' )
				.evaluateAll( ( rows ) =>
					rows.map( ( r ) => r.getAttribute( 'data-snapshot-id' ) )
				);
		await row( page, otherId ).waitFor();
		expect( await ids() ).toEqual(
			expect.arrayContaining( [ snapshotId, otherId ] )
		);

		await page.fill( '.syteops-filter-label input', LABEL );
		await page.click( '.syteops-filters button[type="submit"]' );
		await row( page, otherId ).waitFor( { state: 'detached' } );
		expect( await ids() ).toEqual( [ snapshotId ] );
		await page.screenshot( {
			path: screenshotPath( 'saved-backups-label-filter' ),
			fullPage: true,
		} );

		// A range that ended the day before both were made holds neither; one from the first's day to the
		// second's holds both. Their own days, not the clock's: a run crossing midnight (UTC, as the filter's
		// dates are) made them on different days, and earlier layers' backups on the day before.
		const days: string[] = [];
		for ( const id of [ snapshotId, otherId ] ) {
			const view = await rest.request< SnapshotView >(
				'GET',
				`/syteops/v1/backups/${ id }`
			);
			days.push( view.body.created_at.slice( 0, 10 ) );
		}
		days.sort();
		const [ firstDay, lastDay ] = [ days[ 0 ], days[ days.length - 1 ] ];
		const dayBefore = new Date(
			Date.parse( `${ firstDay }T00:00:00Z` ) - 86400000
		)
			.toISOString()
			.slice( 0, 10 );
		await page.fill( '.syteops-filter-label input', '' );
		await page.fill( '.syteops-filter-to input', dayBefore );
		await page.click( '.syteops-filters button[type="submit"]' );
		// The label filter left only the first one listed: the list has answered once it is gone.
		await row( page, snapshotId ).waitFor( { state: 'detached' } );
		expect( await ids() ).not.toContain( otherId );
		await page.fill( '.syteops-filter-from input', firstDay );
		await page.fill( '.syteops-filter-to input', lastDay );
		await page.click( '.syteops-filters button[type="submit"]' );
		await row( page, otherId ).waitFor();
		expect( await ids() ).toEqual(
			expect.arrayContaining( [ snapshotId, otherId ] )
		);

		// Sorting by size asks the server and shows its order.
		await page.click( 'th button.syteops-sort:has-text("Size")' );
		await page.waitForSelector( 'th[aria-sort="descending"] >> text=Size' );
		const expected = await rest.request< SnapshotView[] >(
			'GET',
			`/syteops/v1/backups?orderby=size_bytes&order=desc&per_page=20&after=${ firstDay }T00:00:00Z&before=${ lastDay }T23:59:59Z`
		);
		await page.waitForFunction(
			( first ) =>
				document
					.querySelector( 'tr.syteops-backup-row' )
					?.getAttribute( 'data-snapshot-id' ) === first,
			expected.body[ 0 ].id
		);
		expect( await ids() ).toEqual( expected.body.map( ( s ) => s.id ) );
		await page.close();
	} );

	it( 'is operable from the keyboard: tabs move with the arrow keys, a row action opens its dialog with focus inside, Escape closes it', async () => {
		expect( snapshotId ).not.toBe( '' );
		const { page } = await openBackupTab( browser, stack );
		await page.focus( '.syteops-tab-backups' );
		await page.keyboard.press( 'ArrowRight' );
		await page.keyboard.press( 'Enter' );
		await page.waitForSelector( '.syteops-automatic-backups' );
		expect(
			await page.getAttribute( '.syteops-tab-automatic', 'aria-selected' )
		).toBe( 'true' );
		await page.keyboard.press( 'ArrowLeft' );
		await page.keyboard.press( 'Enter' );
		await page.waitForSelector( '.syteops-backups-table' );

		await row( page, snapshotId )
			.locator( '.syteops-action-delete' )
			.focus();
		await page.keyboard.press( 'Enter' );
		await page.waitForSelector( '.syteops-confirm-modal' );
		expect(
			await page.evaluate(
				() =>
					!! document
						.querySelector( ':focus' )
						?.closest( '.syteops-confirm-modal' )
			)
		).toBe( true );
		await page.keyboard.press( 'Escape' );
		await page.waitForSelector( '.syteops-confirm-modal', {
			state: 'detached',
		} );
		const still = await rest.request< SnapshotView >(
			'GET',
			`/syteops/v1/backups/${ snapshotId }`
		);
		expect( still.body.status ).toBe( 'available' );
		await page.close();
	} );

	it( 'shows an Editor the list with Verify but without Restore, Download, Pin, Delete or the schedule', async () => {
		expect( snapshotId ).not.toBe( '' );
		const { page, scriptErrors } = await openBackupTab(
			browser,
			stack,
			'editor'
		);
		const listed = row( page, snapshotId );
		await listed.waitFor();
		const actions = await listed
			.locator( '.syteops-row-actions > *' )
			.allTextContents();
		expect( actions ).toEqual( [ 'Verify' ] );
		expect(
			await page
				.locator(
					'.syteops-action-restore, .syteops-action-delete, .syteops-action-download, .syteops-action-pin, .syteops-action-unpin'
				)
				.count()
		).toBe( 0 );
		// The default map lets an Editor take backups, but not configure the schedule.
		expect( await page.locator( '.syteops-create-backup' ).count() ).toBe(
			1
		);
		expect( await page.locator( '.syteops-tab-automatic' ).count() ).toBe(
			0
		);
		expect( await page.locator( '.syteops-tab-audit' ).count() ).toBe( 1 );
		// No restore wizard without the restore capability; scoped exports come with create.
		expect( await page.locator( '.syteops-tab-restore' ).count() ).toBe(
			0
		);
		expect( await page.locator( '.syteops-tab-exports' ).count() ).toBe(
			1
		);
		await page.screenshot( {
			path: screenshotPath( 'saved-backups-editor' ),
			fullPage: true,
		} );
		expect( scriptErrors ).toEqual( [] );
		await page.close();
	} );
} );
