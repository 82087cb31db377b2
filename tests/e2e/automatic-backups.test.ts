/**
 * Automatic Backups and the audit log in the real wp-admin, against the real sidecar and database: a value
 * the sidecar refuses is shown at its field, a valid form is saved (read back through REST), pCloud is shown
 * but cannot be chosen, Run automatic backup now takes a scheduled backup, and the audit log lists it under
 * the Automatic filter while the user's own entries are filtered out.
 */
import type { Browser } from 'playwright-core';

import {
	focusedNoticeText,
	openBackupTab,
	openSection,
} from '../support/backup-tab-page';
import { launchBrowser, screenshotPath } from '../support/browser';
import { loadStackEnv } from '../support/stack';
import { WpRest } from '../support/wp-rest';

const stack = loadStackEnv();
let browser: Browser;
let rest: WpRest;
let savedBefore: Record< string, unknown > | null = null;

interface ScheduleView {
	configured: boolean;
	schedule: Record< string, unknown > | null;
}

beforeAll( async () => {
	browser = await launchBrowser();
	rest = WpRest.forUser( stack, stack.WP_ADMIN_USER );
	const { body } = await rest.request< ScheduleView >(
		'GET',
		'/syteops/v1/schedule'
	);
	savedBefore = body.schedule;
} );

afterAll( async () => {
	// Put back the schedule found at the start; a stack that had none keeps ours, paused.
	if ( savedBefore ) {
		const {
			saved_at: _savedAt,
			storage,
			...fields
		} = savedBefore as {
			saved_at?: string;
			storage: { type: string; path: string };
		} & Record< string, unknown >;
		await rest.request( 'PUT', '/syteops/v1/schedule', {
			...fields,
			storage: { target: storage.type, path: storage.path },
		} );
	} else {
		await rest.request( 'POST', '/syteops/v1/schedule/disable', {} );
	}
	await browser?.close();
} );

describe( 'Automatic Backups in wp-admin', () => {
	it( 'shows the sidecar refusal of a retention value at that field and saves nothing', async () => {
		const { page, scriptErrors } = await openBackupTab( browser, stack );
		await openSection( page, 'automatic' );
		const keepLast = page.locator( '.syteops-field-keep_last input' );
		await keepLast.fill( '0' );
		await page.click( '.syteops-save-schedule' );
		const field = page.locator( '.syteops-field-keep_last.has-error' );
		await field.waitFor();
		expect(
			await field
				.locator( '.components-base-control__help' )
				.textContent()
		).toBe(
			"The schedule setting 'Keep last' is invalid: it must be a whole number from 1 to 1000."
		);
		// The input is described by the message, so a screen reader reads it with the field.
		const describedBy = await keepLast.getAttribute( 'aria-describedby' );
		expect(
			await page.locator( `[id="${ describedBy }"]` ).textContent()
		).toContain( "'Keep last' is invalid" );
		expect( await focusedNoticeText( page ) ).toContain(
			'The settings were not saved.'
		);
		// Only that field is marked.
		expect( await page.locator( '.has-error' ).count() ).toBe( 1 );
		await page.screenshot( {
			path: screenshotPath( 'automatic-backups-field-error' ),
			fullPage: true,
		} );
		const { body } = await rest.request< ScheduleView >(
			'GET',
			'/syteops/v1/schedule'
		);
		expect( body.schedule?.keep_last ?? null ).not.toBe( 0 );
		expect( scriptErrors ).toEqual( [] );
		await page.close();
	} );

	it( 'saves a weekly schedule with its day, time and retention, and offers pCloud only as coming soon', async () => {
		const { page } = await openBackupTab( browser, stack );
		await openSection( page, 'automatic' );
		await page.waitForSelector( '.syteops-save-schedule' );

		const pcloud = page.locator(
			'.syteops-field-storage-type option[value="pcloud"]'
		);
		expect( await pcloud.textContent() ).toBe( 'pCloud (coming soon)' );
		expect( await pcloud.getAttribute( 'disabled' ) ).not.toBeNull();

		const toggle = page.locator( '.syteops-field-enabled input' );
		if ( await toggle.isChecked() ) {
			await toggle.click();
		}
		await page.selectOption( '.syteops-field-frequency select', 'weekly' );
		await page.selectOption( '.syteops-field-day_of_week select', '2' );
		await page.fill( '.syteops-field-time_of_day input', '04:15' );
		await page.fill( '.syteops-field-keep_last input', '5' );
		await page.fill( '.syteops-field-retention_days input', '21' );
		await page.fill( '.syteops-field-max_snapshots input', '12' );
		// The site runs in UTC on the stack, so the local time beside the field equals the UTC time.
		expect(
			await page
				.locator(
					'.syteops-field-time_of_day .components-base-control__help'
				)
				.textContent()
		).toMatch( /^04:15 site time \(/ );

		await page.click( '.syteops-save-schedule' );
		await page.waitForFunction( () =>
			document
				.querySelector( '.syteops-schedule-notice' )
				?.textContent?.includes( 'Automatic backup settings saved.' )
		);
		expect( await focusedNoticeText( page ) ).toContain(
			'Automatic backup settings saved.'
		);
		await page.screenshot( {
			path: screenshotPath( 'automatic-backups-saved' ),
			fullPage: true,
		} );

		const { body } = await rest.request< ScheduleView >(
			'GET',
			'/syteops/v1/schedule'
		);
		expect( body.schedule ).toMatchObject( {
			enabled: false,
			frequency: 'weekly',
			day_of_week: 2,
			time_of_day: '04:15',
			keep_last: 5,
			retention_days: 21,
			max_snapshots: 12,
			storage: { type: 'local' },
		} );
		await page.close();
	} );

	it( 'runs an automatic backup now and shows it under the Automatic filter of the audit log, apart from the user entries', async () => {
		// Caps wide enough that the run's retention sweep removes nothing other tests left on the stack: with
		// tight caps the sweep's own entries (one per removed snapshot) would be the newest in the log.
		await rest.request( 'PUT', '/syteops/v1/schedule', {
			enabled: false,
			keep_last: 200,
			retention_days: 3650,
			max_snapshots: 200,
		} );
		const { page } = await openBackupTab( browser, stack );
		await openSection( page, 'automatic' );
		await page.click( '.syteops-run-schedule' );
		const notice = page.locator( '.syteops-backup-job-notice' );
		await notice.waitFor( { timeout: 120000 } );
		expect( await notice.textContent() ).toContain( 'Backup created (' );

		await openSection( page, 'audit' );
		await page.waitForSelector( '.syteops-audit-row' );
		const all = await page
			.locator( '.syteops-audit-row' )
			.evaluateAll( ( rows ) =>
				rows.map( ( r ) => ( {
					action: r.getAttribute( 'data-action' ),
					type: r.getAttribute( 'data-type' ),
				} ) )
			);
		expect( all.length ).toBeLessThanOrEqual( 50 );
		// Newest first: the scheduler's backup, after the user's request to run it.
		expect( all[ 0 ] ).toEqual( {
			action: 'snapshot.create',
			type: 'automatic',
		} );
		expect( all ).toContainEqual( {
			action: 'schedule.run',
			type: 'other',
		} );
		await page.screenshot( {
			path: screenshotPath( 'audit-log-all' ),
			fullPage: true,
		} );

		await page.selectOption( '.syteops-audit-filter select', 'automatic' );
		await page.waitForFunction(
			() =>
				document.querySelectorAll( '.syteops-audit-row' ).length > 0 &&
				! document.querySelector(
					'.syteops-audit-row:not([data-type="automatic"])'
				)
		);
		const automatic = await page
			.locator( '.syteops-audit-row' )
			.evaluateAll( ( rows ) =>
				rows.map( ( r ) => r.getAttribute( 'data-action' ) )
			);
		expect( automatic ).toContain( 'snapshot.create' );
		expect( automatic ).not.toContain( 'schedule.run' );
		expect(
			await page.locator( '.syteops-audit-row' ).first().textContent()
		).toContain( 'Scheduler' );
		await page.screenshot( {
			path: screenshotPath( 'audit-log-automatic' ),
			fullPage: true,
		} );

		await page.selectOption( '.syteops-audit-filter select', 'restores' );
		await page.waitForFunction(
			() =>
				! document.querySelector(
					'.syteops-audit-row:not([data-type="restores"])'
				) && document.querySelector( '.syteops-audit-table tbody tr' )
		);
		expect(
			await page
				.locator( '.syteops-audit-row[data-action="schedule.run"]' )
				.count()
		).toBe( 0 );
		await page.close();
	} );
} );
