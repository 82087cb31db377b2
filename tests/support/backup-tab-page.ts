/**
 * Helpers for browser tests of the Backup tab: open it as a user, switch sections, read a row.
 */
import type { Browser, Page } from 'playwright-core';

import { logInAs } from './browser';
import type { StackEnv } from './stack';

export async function openBackupTab(
	browser: Browser,
	stack: StackEnv,
	as: 'admin' | 'editor' = 'admin'
): Promise< { page: Page; scriptErrors: string[] } > {
	const page = await browser.newPage( {
		viewport: { width: 1400, height: 900 },
	} );
	const scriptErrors: string[] = [];
	page.on( 'pageerror', ( error ) => scriptErrors.push( error.message ) );
	await logInAs( page, stack, as );
	await page.goto( `${ stack.WP_URL }/wp-admin/admin.php?page=syteops` );
	await page.waitForSelector( '.syteops-backups-table' );
	return { page, scriptErrors };
}

export async function openSection(
	page: Page,
	name: 'backups' | 'restore' | 'exports' | 'automatic' | 'audit'
): Promise< void > {
	await page.click( `.syteops-tab-${ name }` );
}

export function row( page: Page, snapshotId: string ) {
	return page.locator( `tr[data-snapshot-id="${ snapshotId }"]` );
}

/**
 * The id of the element that has keyboard focus's closest notice wrapper, or null.
 * @param page
 */
export async function focusedNoticeText(
	page: Page
): Promise< string | null > {
	return page.evaluate(
		() =>
			document.querySelector( ':focus' )?.closest( '.syteops-notice' )
				?.textContent ?? null
	);
}
