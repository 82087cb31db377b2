/**
 * Debian's Chromium driven by playwright-core (no browser download), with the flags this closed network
 * needs, and a wp-admin login helper. Screenshots go to test-artifacts/e2e/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

import type { StackEnv } from './stack';

export const ARTIFACTS = path.join( __dirname, '../../test-artifacts/e2e' );

export async function launchBrowser(): Promise< Browser > {
	mkdirSync( ARTIFACTS, { recursive: true } );
	return chromium.launch( {
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	} );
}

/**
 * Types a login into wp-login.php's form. The page focuses and selects the username field 200 ms after it
 * is parsed (wp_attempt_focus, printed unless the page shows an error). Playwright's fill focuses a field,
 * selects it and then inserts the text into whatever has focus: when that timer fires in between, the
 * password replaces the selected username and the password field stays empty ("The password field is
 * empty.", seen in fresh-clone runs of 2026-12-07). So the form is filled only once that focus has happened.
 * @param page     a page showing wp-login.php (or navigating to it)
 * @param user
 * @param password
 */
export async function fillLoginForm(
	page: Page,
	user: string,
	password: string
): Promise< void > {
	await page.waitForSelector( '#user_pass' );
	await page.waitForLoadState( 'load' );
	const autofocus = await page.evaluate( () =>
		Array.from( document.scripts ).some( ( script ) =>
			script.text.includes( 'wp_attempt_focus();' )
		)
	);
	if ( autofocus ) {
		await page.waitForFunction( () => {
			const form = document.getElementById( 'loginform' );
			const focused = form?.ownerDocument.activeElement?.id ?? '';
			return [ 'user_login', 'user_pass' ].includes( focused );
		} );
	}
	await page.fill( '#user_login', user );
	await page.fill( '#user_pass', password );
}

export async function logIn(
	page: Page,
	wpUrl: string,
	user: string,
	password: string
): Promise< void > {
	await page.goto( `${ wpUrl }/wp-login.php` );
	await fillLoginForm( page, user, password );
	try {
		await Promise.all( [
			page.waitForURL( /wp-admin/ ),
			page.click( '#wp-submit' ),
		] );
	} catch ( error ) {
		// A login that stays on wp-login.php has failed twice in fresh-clone runs and passed on the rerun:
		// say what WordPress answered, so the next one can be told apart from a slow server.
		const said = await page
			.locator( '#login_error' )
			.textContent( { timeout: 1000 } )
			.catch( () => null );
		throw new Error(
			`Logging in as ${ user } stayed at ${ page.url() }; WordPress said: ${
				said?.trim() || 'nothing (no #login_error)'
			}. ${ ( error as Error ).message }`
		);
	}
}

/**
 * Logs in as the stack's administrator or editor, on site A unless another site's URL is given.
 * @param page
 * @param stack
 * @param role
 * @param wpUrl
 */
export async function logInAs(
	page: Page,
	stack: StackEnv,
	role: 'admin' | 'editor',
	wpUrl: string = stack.WP_URL
): Promise< void > {
	await logIn(
		page,
		wpUrl,
		role === 'admin' ? stack.WP_ADMIN_USER : stack.WP_EDITOR_USER,
		role === 'admin' ? stack.WP_ADMIN_PASSWORD : stack.WP_EDITOR_PASSWORD
	);
}

export function screenshotPath( name: string ): string {
	return path.join( ARTIFACTS, `${ name }.png` );
}
