/**
 * Package checks (pure): only packages signed by the authority, of the right kind, for the right module, with
 * a proper version are read; versions compare numerically.
 */
import { generateKeyPairSync } from 'node:crypto';

import { SyteOpsError } from '../../../../sidecar/src/errors';
import {
	compareVersions,
	readModulePackage,
	readTemplatePackage,
} from '../../../../sidecar/src/license/packages';
import {
	LICENSE_TOKEN,
	PACKAGE_TOKEN,
	publicKeyBase64Of,
	publicKeyFromBase64,
	signToken,
} from '../../../../sidecar/src/license/signed-token';

const { privateKey } = generateKeyPairSync( 'ed25519' );
const pem = privateKey.export( { format: 'pem', type: 'pkcs8' } ).toString();
const publicKey = publicKeyFromBase64( publicKeyBase64Of( pem ) )!;

function refusal( fn: () => unknown ): string {
	try {
		fn();
	} catch ( error ) {
		expect( error ).toBeInstanceOf( SyteOpsError );
		expect( ( error as SyteOpsError ).code ).toBe(
			'syteops_package_invalid'
		);
		return String( ( error as SyteOpsError ).details.reason );
	}
	throw new Error( 'the package was accepted' );
}

describe( 'readModulePackage', () => {
	const module = { kind: 'module_update', module: 'notes', version: '1.4.0' };

	it( 'reads a signed module update for the named module', () => {
		expect(
			readModulePackage(
				signToken( PACKAGE_TOKEN, module, pem ),
				'notes',
				publicKey
			)
		).toEqual( { module: 'notes', version: '1.4.0' } );
	} );

	it( 'refuses a package for another module, naming it', () => {
		expect(
			refusal( () =>
				readModulePackage(
					signToken( PACKAGE_TOKEN, module, pem ),
					'estimates',
					publicKey
				)
			)
		).toBe( 'it updates module notes, not estimates' );
	} );

	it( 'refuses a workflow template offered as a module update', () => {
		const token = signToken(
			PACKAGE_TOKEN,
			{ ...module, kind: 'workflow_template' },
			pem
		);
		expect(
			refusal( () => readModulePackage( token, 'notes', publicKey ) )
		).toBe( 'it is not a module update package' );
	} );

	it( 'refuses a license token and a package signed by another key', () => {
		const other = generateKeyPairSync( 'ed25519' )
			.privateKey.export( { format: 'pem', type: 'pkcs8' } )
			.toString();
		expect(
			refusal( () =>
				readModulePackage(
					signToken( LICENSE_TOKEN, module, pem ),
					'notes',
					publicKey
				)
			)
		).toBe( 'it is not a SyteOps package' );
		expect(
			refusal( () =>
				readModulePackage(
					signToken( PACKAGE_TOKEN, module, other ),
					'notes',
					publicKey
				)
			)
		).toBe( 'its signature is not from the SyteOps license authority' );
	} );

	it.each( [ '1.4', 'v1.4.0', '01.4.0', '1.4.0-beta' ] )(
		'refuses the version %s',
		( version ) => {
			expect(
				refusal( () =>
					readModulePackage(
						signToken( PACKAGE_TOKEN, { ...module, version }, pem ),
						'notes',
						publicKey
					)
				)
			).toBe( 'its version is not of the form 1.2.3' );
		}
	);

	it( 'refuses a missing package parameter', () => {
		expect(
			refusal( () => readModulePackage( undefined, 'notes', publicKey ) )
		).toBe( 'the package parameter is missing' );
	} );
} );

describe( 'readTemplatePackage', () => {
	const template = {
		kind: 'workflow_template',
		id: 'lead-follow-up',
		name: ' Lead follow-up ',
		version: '1.0.0',
		template: { steps: [ { action: 'email' } ] },
	};

	it( 'reads a signed workflow template', () => {
		expect(
			readTemplatePackage(
				signToken( PACKAGE_TOKEN, template, pem ),
				publicKey
			)
		).toEqual( {
			id: 'lead-follow-up',
			name: 'Lead follow-up',
			version: '1.0.0',
			template: { steps: [ { action: 'email' } ] },
		} );
	} );

	it.each( [
		[ 'an id with capitals', { id: 'Lead' } ],
		[ 'no template object', { template: [ 1, 2 ] } ],
		[ 'an empty name', { name: '  ' } ],
	] )( 'refuses a template with %s', ( _name, change ) => {
		expect( () =>
			readTemplatePackage(
				signToken( PACKAGE_TOKEN, { ...template, ...change }, pem ),
				publicKey
			)
		).toThrow( SyteOpsError );
	} );
} );

describe( 'compareVersions', () => {
	it( 'compares numerically, not as text', () => {
		expect( compareVersions( '1.10.0', '1.9.9' ) ).toBeGreaterThan( 0 );
		expect( compareVersions( '1.2.3', '1.2.3' ) ).toBe( 0 );
		expect( compareVersions( '0.9.0', '1.0.0' ) ).toBeLessThan( 0 );
	} );
} );
