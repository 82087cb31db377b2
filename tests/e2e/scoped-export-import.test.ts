/**
 * Scoped export and import through the real wp-admin of both stack sites, in Debian's Chromium: on site A an
 * admin exports one seeded user with the searchable user picker and downloads the archive; on site B the same
 * file goes through the restore wizard, which recognises a scoped export, previews the import plan and
 * imports it with POST /imports; B then has that user with their notes, and each site's audit log shows the
 * export (A, "Exports" filter) and the import (B, "Restores" filter). Site B is put back afterwards from a
 * backup taken first.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';

import { launchBrowser, logInAs, screenshotPath } from '../support/browser';
import { waitForJob, waitForJobStateOnSiteB } from '../support/jobs';
import { dbConnection } from '../support/site-fingerprint';
import { loadStackEnv } from '../support/stack';
import { WpRest } from '../support/wp-rest';

const stack = loadStackEnv();
let browser: Browser;
let work: string;
let safetyOfB: string | null = null;
// A seeded user of site A (seeded ids start at 1001) and how many notes they own.
let login: string;
let notesOnA: number;

async function query< T >(
	database: string,
	sql: string,
	params: unknown[] = []
): Promise< T[] > {
	const db = await dbConnection( stack, database );
	try {
		const [ rows ] = await db.query( sql, params );
		return rows as T[];
	} finally {
		await db.end();
	}
}

async function openSection( page: Page, wpUrl: string, name: string ) {
	await page.goto( `${ wpUrl }/wp-admin/admin.php?page=syteops` );
	await page.click( `button.syteops-tab-${ name }` );
}

async function auditActions( page: Page, filter: string ): Promise< string > {
	await page.click( 'button.syteops-tab-audit' );
	await page.waitForSelector( '.syteops-audit-table' );
	await page.selectOption( '.syteops-audit-filter select', filter );
	await page.waitForSelector( `.syteops-audit-row.audit-${ filter }` );
	return ( await page.textContent( '.syteops-audit-table tbody' ) ) ?? '';
}

beforeAll( async () => {
	browser = await launchBrowser();
	work = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-e2e-scoped-' ) );
	const [ seeded ] = await query< { user_login: string; notes: number } >(
		stack.DB_NAME,
		`SELECT u.user_login, COUNT(n.id) AS notes FROM ${ stack.TABLE_PREFIX }users u
		 JOIN ${ stack.TABLE_PREFIX }syteops_notes n ON n.owner_user_id = u.ID
		 WHERE u.ID > 1000 GROUP BY u.ID ORDER BY u.ID LIMIT 1`
	);
	login = seeded.user_login;
	notesOnA = Number( seeded.notes );
	// A backup of B to put it back afterwards (imports take none of their own).
	const b = WpRest.forUser( stack, stack.WP_ADMIN_USER, 'b' );
	const started = await b.request< { job_id: string } >(
		'POST',
		'/syteops/v1/backups',
		{ label: 'e2e before scoped import' }
	);
	expect( started.status ).toBe( 202 );
	const job = await waitForJob( b, started.body.job_id );
	expect( job.state ).toBe( 'succeeded' );
	safetyOfB = job.snapshot_id;
} );

afterAll( async () => {
	await browser?.close();
	if ( safetyOfB ) {
		const b = WpRest.forUser( stack, stack.WP_ADMIN_USER, 'b' );
		const started = await b.request< { job_id: string } >(
			'POST',
			`/syteops/v1/backups/${ safetyOfB }/restore`,
			{ confirm: true, url_rewrite: false }
		);
		expect( started.status ).toBe( 202 );
		expect(
			await waitForJobStateOnSiteB( stack, started.body.job_id )
		).toBe( 'succeeded' );
	}
	await fs.rm( work, { recursive: true, force: true } );
} );

describe( 'scoped export on A, import on B, through the Backup tab', () => {
	it( 'exports one user picked by search, imports the file on B with its notes, and both audit logs show it', async () => {
		// Site A: export the user.
		const a = await browser.newPage( { acceptDownloads: true } );
		const errors: string[] = [];
		a.on( 'pageerror', ( error ) => errors.push( error.message ) );
		await logInAs( a, stack, 'admin' );
		await openSection( a, stack.WP_URL, 'exports' );
		await a.selectOption( '.syteops-scoped-exports select', 'user' );
		await a.fill( '.syteops-user-picker input', login.slice( 0, 6 ) );
		const option = a.locator( '.components-form-token-field__suggestion', {
			hasText: `(${ login })`,
		} );
		await option.first().click();
		await a.screenshot( {
			path: screenshotPath( 'exports-1-user-picked' ),
			fullPage: true,
		} );
		await a.click( '.syteops-scoped-exports button.is-primary' );
		await a.waitForSelector( '.syteops-export-download a', {
			timeout: 120000,
		} );
		expect( await a.textContent( '.syteops-export-notice' ) ).toContain(
			'The export is ready.'
		);
		await a.screenshot( {
			path: screenshotPath( 'exports-2-ready' ),
			fullPage: true,
		} );
		const [ download ] = await Promise.all( [
			a.waitForEvent( 'download' ),
			a.click( '.syteops-export-download a' ),
		] );
		const file = path.join( work, 'user-export.zip' );
		await download.saveAs( file );
		expect( ( await fs.stat( file ) ).size ).toBeGreaterThan( 0 );

		const exportsShown = await auditActions( a, 'exports' );
		expect( exportsShown ).toContain( 'Export created' );
		await a.screenshot( {
			path: screenshotPath( 'exports-3-audit-exports' ),
			fullPage: true,
		} );

		// Site B: import the file through the wizard.
		const b = await browser.newPage();
		b.on( 'pageerror', ( error ) => errors.push( error.message ) );
		await logInAs( b, stack, 'admin', stack.WP2_URL );
		await openSection( b, stack.WP2_URL, 'restore' );
		await b.setInputFiles( '#syteops-restore-file-input', file );
		await b.click( 'text=Upload and preview' );
		await b.waitForSelector( '.syteops-restore-preview', {
			timeout: 60000,
		} );
		const preview =
			( await b.textContent( '.syteops-restore-preview' ) ) ?? '';
		expect( preview ).toContain( 'User: ' );
		expect( preview ).toContain( 'This backup comes from another site' );
		const plan = ( await b.textContent( '.syteops-preview-import' ) ) ?? '';
		expect( plan ).toContain( 'Users: 1 in the export' );
		expect( plan ).toContain( `notes: ${ notesOnA } rows added` );
		expect(
			await b.locator( '.syteops-url-rewrite input' ).isChecked()
		).toBe( true );
		const apply = b.locator( 'button', { hasText: 'Apply import' } );
		expect( await apply.isDisabled() ).toBe( true );
		await b.screenshot( {
			path: screenshotPath( 'import-1-preview' ),
			fullPage: true,
		} );
		await b.check( '.syteops-restore-confirm input' );
		await apply.click();
		await b.waitForSelector( '.syteops-import-outcome', {
			timeout: 120000,
		} );
		expect( await b.textContent( '.syteops-restore-notice' ) ).toContain(
			'The export was imported.'
		);
		expect( await b.textContent( '.syteops-import-outcome' ) ).toContain(
			'notes'
		);
		await b.screenshot( {
			path: screenshotPath( 'import-2-done' ),
			fullPage: true,
		} );

		// B has the user and their notes; the import shows in B's audit log under restores.
		const [ imported ] = await query< { notes: number } >(
			stack.DB2_NAME,
			`SELECT COUNT(n.id) AS notes FROM ${ stack.TABLE2_PREFIX }users u
			 JOIN ${ stack.TABLE2_PREFIX }syteops_notes n ON n.owner_user_id = u.ID
			 WHERE u.user_login = ?`,
			[ login ]
		);
		expect( Number( imported?.notes ) ).toBe( notesOnA );
		const restoresShown = await auditActions( b, 'restores' );
		expect( restoresShown ).toContain( 'Import finished' );
		await b.screenshot( {
			path: screenshotPath( 'import-3-audit-restores' ),
			fullPage: true,
		} );
		expect( errors ).toEqual( [] );
		await a.close();
		await b.close();
	} );
} );
