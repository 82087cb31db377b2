/**
 * Debian's Chromium driven by playwright-core (no browser download), with the flags this closed network
 * needs, and a wp-admin login helper. Screenshots go to test-artifacts/e2e/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

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

export async function logIn(
	page: Page,
	wpUrl: string,
	user: string,
	password: string
): Promise< void > {
	await page.goto( `${ wpUrl }/wp-login.php` );
	await page.fill( '#user_login', user );
	await page.fill( '#user_pass', password );
	await Promise.all( [
		page.waitForURL( /wp-admin/ ),
		page.click( '#wp-submit' ),
	] );
}

export function screenshotPath( name: string ): string {
	return path.join( ARTIFACTS, `${ name }.png` );
}
