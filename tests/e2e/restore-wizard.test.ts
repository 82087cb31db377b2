/**
 * The restore wizard in the real wp-admin of site B, in Debian's Chromium, against the real sidecars and
 * MariaDB: a full backup of site A (made bigger than one 8 MB chunk with an incompressible upload) is
 * uploaded through the wizard while the browser loses one chunk on the way and cuts the answer to another
 * (the server stored that one); each time the upload asks the server what it holds and carries on. The
 * preview says the backup comes from another site and offers the URL rewrite from A to B; after confirming,
 * the restore runs, the login it ended is renewed, and the post-restore checklist and the audit entries
 * appear. Site B is put back from the restore's own safety snapshot afterwards. Also: the list's Restore
 * action opens the same wizard, a file that is not an archive is refused with the server’s message, and an
 * upload whose connection stays away through every retry offers Resume upload, which finishes it.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';

import { openBackupTab, row } from '../support/backup-tab-page';
import {
	fillLoginForm,
	launchBrowser,
	logInAs,
	screenshotPath,
} from '../support/browser';
import { waitForJob, waitForJobStateOnSiteB } from '../support/jobs';
import { dbConnection } from '../support/site-fingerprint';
import { loadStackEnv } from '../support/stack';
import { WpRest } from '../support/wp-rest';

const stack = loadStackEnv();
const MiB = 1024 * 1024;
let browser: Browser;
let work: string;
let archive: string;
let bigUpload: string;
let preRestoreSnapshot: string | null = null;
let sourceSnapshot: string;

/**
 * A full backup of site A, downloaded through REST to a local file (what an admin would save from site A).
 */
async function backupOfSiteA(): Promise< string > {
	const a = WpRest.forUser( stack, stack.WP_ADMIN_USER, 'a' );
	let started = await a.request< { job_id: string; code?: string } >(
		'POST',
		'/syteops/v1/backups',
		{ label: 'e2e wizard source' }
	);
	// Another test's backup may be running on this stack: wait for it, then try again.
	for ( let i = 0; started.status === 409 && i < 60; i++ ) {
		await new Promise( ( resolve ) => setTimeout( resolve, 2000 ) );
		started = await a.request( 'POST', '/syteops/v1/backups', {
			label: 'e2e wizard source',
		} );
	}
	expect( started.status ).toBe( 202 );
	const job = await waitForJob( a, started.body.job_id );
	expect( job.state ).toBe( 'succeeded' );
	sourceSnapshot = job.snapshot_id as string;
	const response = await fetch(
		`${ stack.WP_URL }/wp-json/syteops/v1/backups/${ job.snapshot_id }/download`,
		{ headers: { Authorization: a.auth } }
	);
	expect( response.status ).toBe( 200 );
	const file = path.join( work, 'site-a.zip' );
	await fs.writeFile( file, Buffer.from( await response.arrayBuffer() ) );
	return file;
}

async function openWizard( page: Page ): Promise< void > {
	await page.goto( `${ stack.WP2_URL }/wp-admin/admin.php?page=syteops` );
	await page.click( 'button.syteops-tab-restore' );
	await page.waitForSelector( '.syteops-restore-wizard' );
}

beforeAll( async () => {
	browser = await launchBrowser();
	work = await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-e2e-wizard-' ) );
	// 20 MB of random bytes: incompressible, so the archive needs three 8 MB chunks.
	bigUpload = path.join(
		stack.WP_DIR,
		'wp-content/uploads/e2e-wizard-incompressible.bin'
	);
	await fs.writeFile( bigUpload, randomBytes( 20 * MiB ) );
	try {
		archive = await backupOfSiteA();
	} finally {
		await fs.rm( bigUpload, { force: true } );
	}
} );

afterAll( async () => {
	await browser?.close();
	if ( preRestoreSnapshot ) {
		// Put site B back as it was before the wizard's restore (the same login works: A's admin password
		// is the stack's admin password too).
		const b = WpRest.forUser( stack, stack.WP_ADMIN_USER, 'b' );
		const started = await b.request< { job_id: string } >(
			'POST',
			`/syteops/v1/backups/${ preRestoreSnapshot }/restore`,
			{ confirm: true, url_rewrite: false }
		);
		expect( started.status ).toBe( 202 );
		// The restore replaces B's users (and this application password with them), so the job is read
		// from B's jobs table, which restores never touch.
		expect(
			await waitForJobStateOnSiteB( stack, started.body.job_id )
		).toBe( 'succeeded' );
	}
	await fs.rm( work, { recursive: true, force: true } );
} );

describe( 'restore wizard: site A into site B', () => {
	it( 'uploads in chunks, resumes after a lost chunk and after a cut answer, previews with URL rewrite A → B, restores and shows the checklist', async () => {
		const size = ( await fs.stat( archive ) ).size;
		expect( size ).toBeGreaterThan( 16 * MiB );
		const page = await browser.newPage();
		const scriptErrors: string[] = [];
		page.on( 'pageerror', ( error ) => scriptErrors.push( error.message ) );
		await logInAs( page, stack, 'admin', stack.WP2_URL );

		// Every chunk request the page sends (offset, bytes), and one cut: the second chunk reaches the
		// server and is stored, but its answer is replaced by a connection reset.
		const chunks: { offset: number; bytes: number }[] = [];
		const isChunk = ( url: URL ) =>
			/\/syteops\/v1\/uploads\/[a-f0-9]{32}/.test(
				decodeURIComponent( url.toString() )
			) && url.searchParams.has( 'offset' );
		page.on( 'request', ( request: Request ) => {
			const url = new URL( request.url() );
			if ( isChunk( url ) ) {
				chunks.push( {
					offset: Number( url.searchParams.get( 'offset' ) ),
					bytes: request.postDataBuffer()?.length ?? 0,
				} );
			}
		} );
		// Two faults, once each: the first chunk is cut before it reaches the server (it is lost and must be
		// sent again); the second reaches the server and is stored, but its answer is cut (it must not be sent
		// again).
		let lostFirst = false;
		let cut = false;
		await page.route( isChunk, async ( route ) => {
			const request = route.request();
			const offset = Number(
				new URL( request.url() ).searchParams.get( 'offset' )
			);
			const bytes = request.postDataBuffer()?.length ?? 0;
			if ( ! lostFirst && offset === 0 && bytes > 0 ) {
				lostFirst = true;
				await route.abort( 'connectionreset' );
				return;
			}
			if ( ! cut && offset > 0 && bytes > 0 ) {
				cut = true;
				const answer = await route.fetch();
				expect( answer.status() ).toBe( 200 );
				await route.abort( 'connectionreset' );
				return;
			}
			await route.continue();
		} );

		await openWizard( page );
		await page.screenshot( {
			path: screenshotPath( 'wizard-1-pick-file' ),
			fullPage: true,
		} );
		await page.setInputFiles( '#syteops-restore-file-input', archive );
		await page.click( 'text=Upload and preview' );
		await page.waitForSelector( '.syteops-upload-progress progress' );
		await page.screenshot( {
			path: screenshotPath( 'wizard-2-uploading' ),
			fullPage: true,
		} );

		await page.waitForSelector( '.syteops-restore-preview', {
			timeout: 120000,
		} );
		expect( cut ).toBe( true );
		// Each fault is followed by an empty probe that asks the server what it holds; only the lost chunk
		// is sent twice.
		const eight = 8 * MiB;
		expect( lostFirst ).toBe( true );
		expect( chunks ).toEqual( [
			{ offset: 0, bytes: eight }, // lost on the way
			{ offset: 0, bytes: 0 }, // probe: the server holds 0
			{ offset: 0, bytes: eight }, // sent again
			{ offset: eight, bytes: eight }, // stored, answer cut
			{ offset: eight, bytes: 0 }, // probe: 409, resume from 16 MiB
			{ offset: 2 * eight, bytes: size - 2 * eight },
		] );

		const preview = await page.textContent( '.syteops-restore-preview' );
		expect( preview ).toContain(
			`This backup comes from another site: ${ stack.WP_URL }`
		);
		expect( preview ).toContain( 'Full site' );
		const rewrite = page.locator( '.syteops-url-rewrite input' );
		expect( await rewrite.isChecked() ).toBe( true );
		expect( await page.textContent( '.syteops-url-rewrite' ) ).toContain(
			`${ stack.WP_URL } → ${ stack.WP2_URL }`
		);
		const apply = page.locator( 'button', { hasText: 'Apply restore' } );
		expect( await apply.isDisabled() ).toBe( true );
		await page.screenshot( {
			path: screenshotPath( 'wizard-3-preview' ),
			fullPage: true,
		} );

		await page.check( '.syteops-restore-confirm input' );
		expect( await apply.isDisabled() ).toBe( false );
		await apply.click();
		await page.waitForSelector(
			'.syteops-restore-progress, .syteops-restore-checklist'
		);
		await page.screenshot( {
			path: screenshotPath( 'wizard-4-restoring' ),
			fullPage: true,
		} );

		// Restoring A's users into B ends this browser's login to B (A's session tokens replace B's): the
		// wizard says so and sends the admin to log in again, then follows the job to its checklist.
		await page.waitForSelector(
			'.syteops-restore-checklist, .syteops-session-lost',
			{ timeout: 170000 }
		);
		if ( await page.locator( '.syteops-session-lost' ).count() ) {
			await page.screenshot( {
				path: screenshotPath( 'wizard-4b-login-ended' ),
				fullPage: true,
			} );
			await page.click( '.syteops-session-lost a' );
			await fillLoginForm(
				page,
				stack.WP_ADMIN_USER,
				stack.WP_ADMIN_PASSWORD
			);
			try {
				await Promise.all( [
					page.waitForURL( /page=syteops/ ),
					page.click( '#wp-submit' ),
				] );
			} catch ( error ) {
				// Keep what the page said, so a failure can be read rather than guessed (this screenshot showed
				// the password typed into the username field: see fillLoginForm).
				await page.screenshot( {
					path: screenshotPath( 'wizard-4c-login-failed' ),
					fullPage: true,
				} );
				throw error;
			}
		}
		await page.waitForSelector( '.syteops-restore-checklist', {
			timeout: 170000,
		} );
		const checklist = page.locator( '.syteops-restore-checklist li' );
		const ids = await checklist.evaluateAll( ( items ) =>
			items.map( ( item ) => item.getAttribute( 'data-item' ) )
		);
		expect( ids ).toContain( 'license' );
		// The seeded users' profile pictures live in A's media library.
		expect( ids ).toContain( 'pictures' );
		expect(
			await page.getAttribute(
				'.syteops-restore-checklist li[data-item="license"] a',
				'href'
			)
		).toBe( 'admin.php?page=syteops-admin' );
		expect( ids.some( ( id ) => id?.startsWith( 'integration:' ) ) ).toBe(
			true
		);
		// The success notice took focus.
		expect(
			await page
				.locator( '.syteops-restore-notice' )
				.evaluate( ( notice ) =>
					notice.contains( notice.ownerDocument.activeElement )
				)
		).toBe( true );
		await page.screenshot( {
			path: screenshotPath( 'wizard-5-checklist' ),
			fullPage: true,
		} );
		preRestoreSnapshot = await page.getAttribute(
			'.syteops-restore-safety',
			'data-snapshot'
		);
		expect( preRestoreSnapshot ).toMatch( /^[a-f0-9]{32}$/ );

		// The restore is in B's audit log under the Restores filter.
		await page.click( 'button.syteops-tab-audit' );
		await page.waitForSelector( '.syteops-audit-table' );
		await page.selectOption( '.syteops-audit-filter select', 'restores' );
		await page.waitForSelector( '.syteops-audit-row.audit-restores' );
		const audit = await page.textContent( '.syteops-audit-table tbody' );
		expect( audit ).toContain( 'Restore started' );
		expect( audit ).toContain( 'Restore finished' );
		await page.screenshot( {
			path: screenshotPath( 'wizard-7-audit-restores' ),
			fullPage: true,
		} );

		// Site B now holds A's content with B's URL.
		const db = await dbConnection( stack, stack.DB2_NAME );
		try {
			const [ rows ] = await db.query(
				`SELECT option_value FROM ${ stack.TABLE2_PREFIX }options WHERE option_name IN ('siteurl','syteops_general')`
			);
			const values = ( rows as { option_value: string }[] )
				.map( ( option ) => option.option_value )
				.join( '\n' );
			expect( values ).toContain( stack.WP2_URL );
			expect( values ).not.toContain( stack.WP_URL );
		} finally {
			await db.end();
		}
		expect( scriptErrors ).toEqual( [] );
		await page.close();
	} );

	it( 'opens the same wizard from a saved backup’s Restore action, with nothing to rewrite on the same site, and Cancel changes nothing', async () => {
		const { page, scriptErrors } = await openBackupTab( browser, stack );
		const listed = row( page, sourceSnapshot );
		await listed.waitFor();
		await listed.locator( '.syteops-action-restore' ).click();
		await page.waitForSelector( '.syteops-restore-preview' );
		const preview = await page.textContent( '.syteops-restore-preview' );
		expect( preview ).toContain( 'This backup was taken on this site.' );
		expect( await page.locator( '.syteops-url-rewrite' ).count() ).toBe(
			0
		);
		expect(
			await page
				.locator( 'button', { hasText: 'Apply restore' } )
				.isDisabled()
		).toBe( true );
		await page.screenshot( {
			path: screenshotPath( 'wizard-6-saved-backup-preview' ),
			fullPage: true,
		} );
		await page.click( '.syteops-restore-preview >> text=Cancel' );
		await page.waitForSelector( '.syteops-restore-notice' );
		expect( await page.textContent( '.syteops-restore-notice' ) ).toContain(
			'Nothing on this site was changed.'
		);
		expect( scriptErrors ).toEqual( [] );
		await page.close();
	} );

	it( 'shows the server’s refusal of a file that is not a SyteOps archive, with focus on it and no preview', async () => {
		const page = await browser.newPage();
		await logInAs( page, stack, 'admin', stack.WP2_URL );
		const notZip = path.join( work, 'holiday-photo.zip' );
		await fs.writeFile( notZip, randomBytes( 4096 ) );
		await openWizard( page );
		await page.setInputFiles( '#syteops-restore-file-input', notZip );
		await page.click( 'text=Upload and preview' );
		await page.waitForSelector( '.syteops-upload-refused' );
		const refusal = await page.textContent( '.syteops-upload-refused' );
		expect( refusal ).toMatch( /archive|ZIP/i );
		// The refusal took focus, and no preview was offered.
		expect(
			await page
				.locator( '.syteops-upload-refused' )
				.evaluate( ( notice ) =>
					notice.contains( notice.ownerDocument.activeElement )
				)
		).toBe( true );
		expect( await page.locator( '.syteops-restore-preview' ).count() ).toBe(
			0
		);
		await page.screenshot( {
			path: screenshotPath( 'wizard-8-refused-file' ),
			fullPage: true,
		} );
		await page.close();
	} );

	it( 'offers Resume upload when the connection stays away through every retry, and resuming finishes the upload', async () => {
		const page = await browser.newPage();
		await logInAs( page, stack, 'admin', stack.WP2_URL );
		// Every chunk request (probes included) fails while `away` holds: the connection is gone.
		let away = true;
		let refused = 0;
		await page.route(
			( url ) =>
				/\/syteops\/v1\/uploads\/[a-f0-9]{32}/.test(
					decodeURIComponent( url.toString() )
				) && url.searchParams.has( 'offset' ),
			async ( route ) => {
				if ( away ) {
					refused++;
					await route.abort( 'internetdisconnected' );
					return;
				}
				await route.continue();
			}
		);
		await openWizard( page );
		await page.setInputFiles( '#syteops-restore-file-input', archive );
		await page.click( 'text=Upload and preview' );
		const resume = page.locator( 'button', { hasText: 'Resume upload' } );
		await resume.waitFor( { timeout: 120000 } );
		// The first chunk, then five retries, each of which starts with an empty probe that fails too.
		expect( refused ).toBe( 6 );
		expect( await page.textContent( '.syteops-restore-file' ) ).toContain(
			'The upload stopped at 0 B of'
		);
		await page.screenshot( {
			path: screenshotPath( 'wizard-9-resume-offered' ),
			fullPage: true,
		} );
		away = false;
		await resume.click();
		await page.waitForSelector( '.syteops-restore-preview', {
			timeout: 120000,
		} );
		expect(
			await page.textContent( '.syteops-restore-preview' )
		).toContain( 'This backup comes from another site' );
		await page.close();
	} );
} );
