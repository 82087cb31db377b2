/**
 * Verify in the real wp-admin shows the named findings of a damaged archive: one byte of a real backup's
 * archive is flipped on disk, Verify in the Saved Backups list reports the failure with each finding's
 * severity, catalogue code and message. The archive's original bytes are put back afterwards.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';

import { openBackupTab, row } from '../support/backup-tab-page';
import { launchBrowser, screenshotPath } from '../support/browser';
import { waitForJob } from '../support/jobs';
import { loadStackEnv } from '../support/stack';
import { WpRest } from '../support/wp-rest';

const stack = loadStackEnv();
let browser: Browser;
let rest: WpRest;

beforeAll( async () => {
	browser = await launchBrowser();
	rest = WpRest.forUser( stack, stack.WP_ADMIN_USER );
} );

afterAll( async () => {
	await browser?.close();
} );

async function zips(): Promise< Set< string > > {
	return new Set(
		( await fs.readdir( stack.STORAGE_DIR ) ).filter( ( name ) =>
			name.endsWith( '.zip' )
		)
	);
}

describe( 'Verify findings in wp-admin', () => {
	it( 'reports a damaged archive as failed and lists its named findings', async () => {
		const before = await zips();
		const started = await rest.request< { job_id: string } >(
			'POST',
			'/syteops/v1/backups',
			{ label: 'e2e-damaged' }
		);
		const job = await waitForJob( rest, started.body.job_id );
		expect( job.state ).toBe( 'succeeded' );
		const snapshotId = job.snapshot_id ?? '';
		const added = [ ...( await zips() ) ].filter(
			( n ) => ! before.has( n )
		);
		expect( added ).toHaveLength( 1 );
		const file = path.join( stack.STORAGE_DIR, added[ 0 ] );
		const original = await fs.readFile( file );
		const damaged = Buffer.from( original );
		const at = Math.floor( damaged.length / 2 );
		// 255 - b never equals b, so the byte always changes.
		damaged[ at ] = 255 - damaged[ at ];
		await fs.writeFile( file, damaged );
		try {
			const { page } = await openBackupTab( browser, stack );
			await row( page, snapshotId )
				.locator( '.syteops-action-verify' )
				.click();
			const report = page.locator( '.syteops-verify-report' );
			await report.waitFor( { timeout: 120000 } );
			expect( await report.textContent() ).toContain(
				'Failed: the archive is damaged.'
			);
			const findings = await page
				.locator( '.syteops-findings tbody tr' )
				.evaluateAll( ( rows ) =>
					rows.map( ( r ) => ( {
						severity: r.children[ 0 ].textContent,
						code: r.children[ 1 ].textContent ?? '',
						message: r.children[ 2 ].textContent ?? '',
					} ) )
				);
			const errors = findings.filter( ( f ) => f.severity === 'Error' );
			expect( errors.length ).toBeGreaterThan( 0 );
			for ( const finding of errors ) {
				expect( finding.code ).toMatch( /^syteops_archive_[a-z_]+$/ );
				expect( finding.message.length ).toBeGreaterThan( 0 );
			}
			await page.screenshot( {
				path: screenshotPath( 'saved-backups-verify-findings' ),
				fullPage: true,
			} );
			await page.close();
		} finally {
			await fs.writeFile( file, original );
			await rest.request(
				'DELETE',
				`/syteops/v1/backups/${ snapshotId }`
			);
		}
	} );
} );
