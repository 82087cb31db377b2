/**
 * In the real wp-admin of the test stack, in Debian's Chromium: the SyteOps menu and its Backup tab render,
 * with the bundle mounted (so the script loaded on WordPress 6.1, including the JSX runtime shim), its sections
 * as tabs, and the sidecar-down notice in place of every panel.
 */
import type { Browser } from 'playwright-core';

import { launchBrowser, logInAs, screenshotPath } from '../support/browser';
import { loadStackEnv, startSidecar, stopSidecar } from '../support/stack';

const stack = loadStackEnv();
let browser: Browser;

beforeAll( async () => {
	browser = await launchBrowser();
} );
afterAll( async () => {
	await browser?.close();
} );

describe( 'Backup tab in wp-admin', () => {
	it( 'shows the SyteOps menu and renders the Backup tab bundle for the administrator', async () => {
		const page = await browser.newPage();
		const scriptErrors: string[] = [];
		page.on( 'pageerror', ( error ) => scriptErrors.push( error.message ) );
		await logInAs( page, stack, 'admin' );

		await page.goto( `${ stack.WP_URL }/wp-admin/` );
		const menu = page.locator( '#adminmenu a.menu-top', {
			hasText: 'SyteOps',
		} );
		await expect( menu.count() ).resolves.toBe( 1 );

		await menu.click();
		await page.waitForSelector( '.syteops-backups-table' );
		expect( await page.textContent( '.syteops-backup-tab h2' ) ).toBe(
			'Backup'
		);
		expect(
			await page
				.locator( '.syteops-backup-sections [role="tab"]' )
				.allTextContents()
		).toEqual( [
			'Backups',
			'Automatic Backups',
			'Restore or import',
			'Scoped exports',
			'Audit log',
		] );
		await page.screenshot( {
			path: screenshotPath( 'backup-tab-admin' ),
			fullPage: true,
		} );
		expect( scriptErrors ).toEqual( [] );
		await page.close();
	} );

	it( 'opens the Backup tab for an editor, who may list snapshots under the default map', async () => {
		const page = await browser.newPage();
		await logInAs( page, stack, 'editor' );
		await page.goto( `${ stack.WP_URL }/wp-admin/admin.php?page=syteops` );
		await page.waitForSelector( '.syteops-backup-tab h2' );
		await page.close();
	} );

	it( 'replaces the panels with a clear notice when the sidecar is down, and recovers once it is back', async () => {
		const page = await browser.newPage();
		await logInAs( page, stack, 'admin' );
		await stopSidecar( stack, 'a' );
		try {
			await page.goto(
				`${ stack.WP_URL }/wp-admin/admin.php?page=syteops`
			);
			await page.waitForSelector( '.syteops-sidecar-notice' );
			const text = await page.textContent( '.syteops-sidecar-notice' );
			expect( text ).toContain( 'SyteOps Backup is not running.' );
			expect( text ).toContain( 'syteops-backup serve' );
			expect( await page.locator( '.syteops-backup-tab' ).count() ).toBe(
				0
			);
			await page.screenshot( {
				path: screenshotPath( 'backup-tab-sidecar-down' ),
				fullPage: true,
			} );
		} finally {
			await startSidecar( stack, 'a' );
		}
		await page.reload();
		await page.waitForSelector( '.syteops-backups-table' );
		await page.close();
	} );

	it( 'swaps the open panels for the notice when the sidecar goes away mid-session, with focus on the notice', async () => {
		const page = await browser.newPage();
		await logInAs( page, stack, 'admin' );
		await page.goto( `${ stack.WP_URL }/wp-admin/admin.php?page=syteops` );
		await page.waitForSelector( '.syteops-backups-table' );
		await stopSidecar( stack, 'a' );
		try {
			// Any call now answers 503 syteops_sidecar_unavailable; the list's refetch is one.
			await page.click( '.syteops-filters button[type="submit"]' );
			await page.waitForSelector( '.syteops-sidecar-notice' );
			expect( await page.locator( '.syteops-backup-tab' ).count() ).toBe(
				0
			);
			expect(
				await page.evaluate(
					() =>
						!! document
							.querySelector( ':focus' )
							?.closest( '.syteops-sidecar-notice' )
				)
			).toBe( true );
			await page.screenshot( {
				path: screenshotPath( 'backup-tab-sidecar-lost' ),
				fullPage: true,
			} );
		} finally {
			await startSidecar( stack, 'a' );
		}
		await page.close();
	} );
} );
