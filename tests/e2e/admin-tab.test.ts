/**
 * In the real wp-admin of the test stack, in Debian's Chromium: while the post-restore license lock holds,
 * the SyteOps Admin tab shows the banner linking to Product License → Recheck; clicking Recheck with a
 * license issued for another site keeps the lock and shows the sidecar's reason; with this site's own license
 * it releases the lock and the banner is gone. The Editor gets no Admin tab. The site's key and lock are put
 * back afterwards.
 */
import { readFileSync } from 'node:fs';
import type mysql from 'mysql2/promise';
import type { Browser, Page } from 'playwright-core';

import { issueLicense } from '../../tools/license/issue';
import { launchBrowser, logInAs, screenshotPath } from '../support/browser';
import { dbConnection } from '../support/site-fingerprint';
import { loadStackEnv } from '../support/stack';

const stack = loadStackEnv();
const authority = readFileSync( stack.LICENSE_AUTHORITY_KEY_FILE, 'utf8' );
const p = stack.TABLE_PREFIX;
let browser: Browser;
let saved: { key: string | null; lock: string | null };

async function query< T extends mysql.RowDataPacket[] >(
	sql: string,
	values: unknown[] = []
): Promise< T > {
	const conn = await dbConnection( stack );
	try {
		return ( await conn.query< T >( sql, values ) )[ 0 ];
	} finally {
		await conn.end();
	}
}

async function setKey( key: string | null ): Promise< void > {
	await ( key === null
		? query(
				`DELETE FROM ${ p }syteops_secrets WHERE name = 'license.product_key'`
			)
		: query(
				`REPLACE INTO ${ p }syteops_secrets (name, value, updated_by_user_id, updated_at) VALUES ('license.product_key', ?, 0, UTC_TIMESTAMP())`,
				[ key ]
			) );
}

async function setLock( value: string | null ): Promise< void > {
	await ( value === null
		? query(
				`DELETE FROM ${ p }options WHERE option_name = 'syteops_license_lock'`
			)
		: query(
				`REPLACE INTO ${ p }options (option_name, option_value, autoload) VALUES ('syteops_license_lock', ?, 'no')`,
				[ value ]
			) );
}

async function clickRecheck( page: Page ): Promise< void > {
	await Promise.all( [
		page.waitForURL( /page=syteops-admin/ ),
		page.click( 'button.syteops-license-recheck' ),
	] );
}

beforeAll( async () => {
	browser = await launchBrowser();
	saved = {
		key:
			(
				await query(
					`SELECT value FROM ${ p }syteops_secrets WHERE name = 'license.product_key'`
				)
			)[ 0 ]?.value ?? null,
		lock:
			(
				await query(
					`SELECT option_value FROM ${ p }options WHERE option_name = 'syteops_license_lock'`
				)
			)[ 0 ]?.option_value ?? null,
	};
} );

afterAll( async () => {
	await browser?.close();
	await setKey( saved.key );
	await setLock( saved.lock );
} );

describe( 'SyteOps Admin tab', () => {
	it( 'shows the lock banner, keeps the lock for another site’s license and releases it with this site’s', async () => {
		await setLock(
			JSON.stringify( {
				locked: true,
				locked_at: new Date().toISOString(),
				locked_by_restore: 'a'.repeat( 32 ),
			} )
		);
		await setKey( issueLicense( authority, { site: stack.WP2_URL } ) );
		const page = await browser.newPage();
		await logInAs( page, stack, 'admin' );
		await page.goto( `${ stack.WP_URL }/wp-admin/admin.php?page=syteops` );
		await page.click( '#adminmenu a[href="admin.php?page=syteops-admin"]' );
		await page.waitForSelector( '.syteops-license-lock-banner' );
		expect(
			await page.textContent( '.syteops-license-lock-banner' )
		).toContain(
			'Module updates and workflow-template imports are locked.'
		);
		const link = page.locator( '.syteops-license-lock-banner a' );
		expect( await link.getAttribute( 'href' ) ).toContain(
			'admin.php?page=syteops-admin#syteops-product-license'
		);
		await page.screenshot( {
			path: screenshotPath( 'admin-tab-locked' ),
			fullPage: true,
		} );

		await clickRecheck( page );
		const refused = await page.textContent(
			'.syteops-license-recheck-result'
		);
		expect( refused ).toContain(
			`is for ${ stack.WP2_URL }, not for this site`
		);
		expect(
			await page.locator( '.syteops-license-lock-banner' ).count()
		).toBe( 1 );

		await setKey(
			issueLicense( authority, { site: stack.WP_URL, plan: 'agency' } )
		);
		await clickRecheck( page );
		expect(
			await page.textContent( '.syteops-license-recheck-result' )
		).toContain( 'The Product License is valid for this site.' );
		expect(
			await page.locator( '.syteops-license-lock-banner' ).count()
		).toBe( 0 );
		expect( await page.textContent( '.syteops-license-record' ) ).toContain(
			'active'
		);
		await page.screenshot( {
			path: screenshotPath( 'admin-tab-released' ),
			fullPage: true,
		} );
		await page.close();
	} );

	it( 'gives the Editor no Admin tab', async () => {
		const page = await browser.newPage();
		await logInAs( page, stack, 'editor' );
		await page.goto( `${ stack.WP_URL }/wp-admin/admin.php?page=syteops` );
		expect(
			await page
				.locator( '#adminmenu a[href="admin.php?page=syteops-admin"]' )
				.count()
		).toBe( 0 );
		const response = await page.goto(
			`${ stack.WP_URL }/wp-admin/admin.php?page=syteops-admin`
		);
		expect( response?.status() ).toBe( 403 );
		await page.close();
	} );
} );
