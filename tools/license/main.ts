/**
 * The license tool of the test stacks and the demo (the stand-in for the SyteOps license authority):
 *
 *   node build/node/tools/license/main.js issue --key AUTHORITY.pem --site URL [--plan P] [--days N | --no-expiry]
 *   node build/node/tools/license/main.js install --key AUTHORITY.pem --site URL --wp-config PATH [--plan P] [--days N]
 *   node build/node/tools/license/main.js module-package --key AUTHORITY.pem --module NAME --version 1.2.3
 *   node build/node/tools/license/main.js template-package --key AUTHORITY.pem --id ID --name NAME --version 1.0.0
 *   node build/node/tools/license/main.js public-key --key AUTHORITY.pem
 *
 * `issue` and the package commands print the token; `install` issues a license and saves it as the site's
 * Product License key without printing it; `public-key` prints the value for SYTEOPS_LICENSE_AUTHORITY_KEY.
 */
import { readFileSync } from 'node:fs';

import { publicKeyBase64Of } from '../../sidecar/src/license/signed-token';
import { installLicense } from './install';
import { issueLicense, modulePackage, templatePackage } from './issue';

function flag( args: string[], name: string ): string | undefined {
	const at = args.indexOf( `--${ name }` );
	return at >= 0 ? args[ at + 1 ] : undefined;
}

function required( args: string[], name: string ): string {
	const value = flag( args, name );
	if ( ! value ) {
		throw new Error( `--${ name } is required` );
	}
	return value;
}

function days( args: string[] ): number | null {
	if ( args.includes( '--no-expiry' ) ) {
		return null;
	}
	return Number( flag( args, 'days' ) ?? 365 );
}

async function main( args: string[] ): Promise< void > {
	const [ command ] = args;
	const pem = readFileSync( required( args, 'key' ), 'utf8' );
	const print = ( text: string ) => process.stdout.write( `${ text }\n` );
	switch ( command ) {
		case 'issue':
			print(
				issueLicense( pem, {
					site: required( args, 'site' ),
					plan: flag( args, 'plan' ),
					days: days( args ),
				} )
			);
			return;
		case 'install':
			await installLicense(
				required( args, 'wp-config' ),
				issueLicense( pem, {
					site: required( args, 'site' ),
					plan: flag( args, 'plan' ),
					days: days( args ),
				} )
			);
			print( `Product License for ${ required( args, 'site' ) } saved.` );
			return;
		case 'module-package':
			print(
				modulePackage(
					pem,
					required( args, 'module' ),
					required( args, 'version' )
				)
			);
			return;
		case 'template-package':
			print(
				templatePackage( pem, {
					id: required( args, 'id' ),
					name: required( args, 'name' ),
					version: required( args, 'version' ),
					template: { steps: [] },
				} )
			);
			return;
		case 'public-key':
			print( publicKeyBase64Of( pem ) );
			return;
		default:
			throw new Error(
				'usage: license issue|install|module-package|template-package|public-key --key AUTHORITY.pem …'
			);
	}
}

main( process.argv.slice( 2 ) ).catch( ( error: unknown ) => {
	process.stderr.write(
		`license: ${ error instanceof Error ? error.message : String( error ) }\n`
	);
	process.exitCode = 1;
} );
