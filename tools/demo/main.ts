/**
 * The demo's main job, through the real REST APIs of both stack sites as their administrator: back up site A,
 * verify it, download it, upload it into site B in chunks, preview (cross-site, URL rewrite offered), restore
 * it onto B with URL rewrite, and check that B serves its pages from its own URL with no A URL left.
 */
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

import { installLicense } from '../license/install';
import { issueLicense, modulePackage } from '../license/issue';
import {
	call,
	download,
	expectOk,
	siteFor,
	upload,
	waitForJob,
	type Site,
} from './rest';

function readEnv( file: string ): Record< string, string > {
	const lines = readFileSync( file, 'utf8' )
		.split( '\n' )
		.filter( ( line ) => line.includes( '=' ) );
	return Object.fromEntries(
		lines.map( ( line ) => [
			line.slice( 0, line.indexOf( '=' ) ),
			line.slice( line.indexOf( '=' ) + 1 ),
		] )
	);
}

const say = ( text: string ) => process.stdout.write( `[demo] ${ text }\n` );

async function sourceUrlsLeft(
	env: Record< string, string >,
	from: string
): Promise< number > {
	const conn = await mysql.createConnection( {
		host: env.DB_HOST,
		port: Number( env.DB_PORT ),
		user: env.DB_USER,
		password: env.DB_PASSWORD,
		database: env.DB2_NAME,
	} );
	try {
		const p = env.TABLE2_PREFIX;
		const host = new URL( from ).host;
		let total = 0;
		for ( const [ table, column ] of [
			[ 'options', 'option_value' ],
			[ 'posts', 'post_content' ],
			[ 'posts', 'guid' ],
			[ 'postmeta', 'meta_value' ],
			[ 'usermeta', 'meta_value' ],
		] ) {
			const [ rows ] = await conn.query< mysql.RowDataPacket[] >(
				`SELECT COUNT(*) AS n FROM \`${ p }${ table }\` WHERE \`${ column }\` LIKE ?`,
				[ `%${ host }%` ]
			);
			total += Number( rows[ 0 ].n );
		}
		return total;
	} finally {
		await conn.end();
	}
}

interface LicenseView {
	locked: boolean;
	locked_by_restore: string | null;
	license: { status: string; licensed_site: string | null };
}

/**
 * After the cross-site restore: B is locked (a module update answers 423), a re-check without B's own license
 * keeps the lock, and once B's Product License is saved the re-check releases it.
 * @param env
 * @param b
 * @param bAsA                                      B with A's credentials (the restore brought A's users to B).
 * @param restored
 * @param restored.checklist
 * @param restored.checklist.count
 * @param restored.checklist.integrations
 * @param restored.checklist.profile_pictures
 * @param restored.checklist.profile_pictures.total
 */
async function showLicenseLock(
	env: Record< string, string >,
	b: Site,
	bAsA: Site,
	restored: {
		checklist?: {
			count: number;
			integrations: unknown[];
			profile_pictures: { total: number };
		};
	}
): Promise< void > {
	const authority = env.LICENSE_AUTHORITY_KEY_FILE;
	if ( ! authority ) {
		return;
	}
	const pem = readFileSync( authority, 'utf8' );
	const site =
		( await call< LicenseView >( b, 'GET', '/license' ) ).status === 200
			? b
			: bAsA;
	const state = expectOk(
		'reading the license state',
		await call< LicenseView >( site, 'GET', '/license' )
	);
	const update = await call< { code: string } >(
		site,
		'POST',
		'/modules/notes/update',
		{
			package: modulePackage( pem, 'notes', '1.1.0' ),
		}
	);
	say(
		`license on B: ${ state.locked ? 'LOCKED' : 'not locked' } by the restore of ${ state.locked_by_restore }; a module update answers ${ update.status } ${ update.body.code ?? '' }; checklist: ${ restored.checklist?.integrations.length ?? 0 } integration cards to re-enter credentials for, ${ restored.checklist?.profile_pictures.total ?? 0 } profile pictures to re-upload`
	);
	await installLicense(
		path.join( env.WP2_DIR, 'wp-config.php' ),
		issueLicense( pem, { site: env.WP_URL } )
	);
	const wrong = await call< { code: string } >(
		site,
		'POST',
		'/license/recheck'
	);
	say(
		`re-check with site A's license saved on B: ${ wrong.status } ${ wrong.body.code } (lock kept)`
	);
	await installLicense(
		path.join( env.WP2_DIR, 'wp-config.php' ),
		issueLicense( pem, { site: env.WP2_URL } )
	);
	const right = expectOk(
		're-checking the license',
		await call< LicenseView >( site, 'POST', '/license/recheck' )
	);
	const after = await call< { version?: string } >(
		site,
		'POST',
		'/modules/notes/update',
		{
			package: modulePackage( pem, 'notes', '1.1.0' ),
		}
	);
	say(
		`re-check with B's own license: ${ right.locked ? 'still LOCKED' : 'lock released' } (license ${ right.license.status } for ${ right.license.licensed_site }); the module update now answers ${ after.status }${ after.body.version ? ` (notes ${ after.body.version })` : '' }`
	);
}

async function main(): Promise< void > {
	const env = readEnv( process.argv[ process.argv.indexOf( '--env' ) + 1 ] );
	const root = path.resolve( __dirname, '../../../..' );
	const a = siteFor( root, env.WP_URL, env.WP_DIR, env.WP_ADMIN_USER );
	const b = siteFor( root, env.WP2_URL, env.WP2_DIR, env.WP_ADMIN_USER );

	const started = expectOk(
		'starting the backup',
		await call< { job_id: string } >( a, 'POST', '/backups', {
			label: 'demo',
		} )
	);
	const backup = await waitForJob( a, started.job_id );
	if ( backup.state !== 'succeeded' ) {
		throw new Error( `backup failed: ${ backup.error?.message }` );
	}
	const taken = backup.result as {
		snapshot_id: string;
		size_bytes: number;
		tables: number;
		rows: number;
		files: number;
	};
	say(
		`backup taken on site A: ${ taken.snapshot_id } — ${ ( taken.size_bytes / 1048576 ).toFixed( 1 ) } MB, ${ taken.tables } tables, ${ taken.rows } rows, ${ taken.files } files`
	);

	const verifyJob = expectOk(
		'starting verify',
		await call< { job_id: string } >(
			a,
			'POST',
			`/backups/${ taken.snapshot_id }/verify`
		)
	);
	const report = ( await waitForJob( a, verifyJob.job_id ) ).result as {
		ok: boolean;
		summary: { entries: number; errors: number };
	};
	say(
		`verified: ${ report.ok ? 'pass' : 'FAIL' } — ${ report.summary.entries } entries checked, ${ report.summary.errors } errors`
	);

	const file = path.join(
		await fs.mkdtemp( path.join( os.tmpdir(), 'syteops-demo-' ) ),
		'site-a.zip'
	);
	const size = await download( a, taken.snapshot_id, file );
	const uploadedId = await upload( b, file );
	await fs.rm( path.dirname( file ), { recursive: true, force: true } );
	say(
		`downloaded from A and uploaded into B in chunks: ${ ( size / 1048576 ).toFixed( 1 ) } MB → snapshot ${ uploadedId } on B`
	);

	const preview = expectOk(
		'preview',
		await call< {
			cross_site: boolean;
			url_rewrite: { from: string; to: string };
		} >( b, 'GET', `/backups/${ uploadedId }/preview` )
	);
	say(
		`preview on B: ${ preview.cross_site ? 'from another site' : 'same site' }; URL rewrite ${ preview.url_rewrite.from } → ${ preview.url_rewrite.to }`
	);

	const restoreJob = expectOk(
		'starting the restore',
		await call< { job_id: string } >(
			b,
			'POST',
			`/backups/${ uploadedId }/restore`,
			{ confirm: true, url_rewrite: true }
		)
	);
	// A full restore brings A's users (and their application passwords) to B; keep polling with A's.
	const restored = await waitForJob( b, restoreJob.job_id, {
		...b,
		auth: a.auth,
	} );
	if ( restored.state !== 'succeeded' ) {
		throw new Error( `restore failed: ${ restored.error?.message }` );
	}
	const result = restored.result as {
		checklist?: {
			count: number;
			integrations: unknown[];
			profile_pictures: { total: number };
		};
		verification: { ok: boolean; tables_checked: number };
		transform: {
			values_rewritten: number;
			unsafe: Record< string, number >;
		};
		pre_restore_snapshot_id: string;
	};
	const unsafe = Object.values( result.transform.unsafe ).reduce(
		( s, n ) => s + n,
		0
	);
	say(
		`restored onto B with URL rewrite: ${ result.transform.values_rewritten } URLs rewritten, ${ unsafe } values left as they were (not safely rewritable), verification ${ result.verification.ok ? 'pass' : 'FAIL' } on ${ result.verification.tables_checked } tables; pre-restore snapshot ${ result.pre_restore_snapshot_id }`
	);

	await showLicenseLock( env, b, { ...b, auth: a.auth }, result );

	const page = await fetch( `${ env.WP2_URL }/` );
	const html = await page.text();
	say(
		`site B front page: HTTP ${ page.status }, links to B's URL: ${ html.includes( env.WP2_URL ) ? 'yes' : 'NO' }, links to A's URL: ${ html.includes( env.WP_URL ) ? 'YES' : 'no' }; rows in B still naming A's host: ${ await sourceUrlsLeft( env, env.WP_URL ) }`
	);
}

main().catch( ( error: unknown ) => {
	process.stderr.write(
		`[demo] failed: ${ ( error as Error ).message ?? String( error ) }\n`
	);
	process.exit( 1 );
} );
