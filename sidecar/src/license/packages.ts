/**
 * Encrypted-package operations, reduced to what this product can do for real: a package is a token signed
 * by the license authority (see signed-token.ts, type SYTEPKG1) whose content says what it is. Reading and
 * checking one is pure; applying it records the result in an option:
 *
 *   module update       { kind: "module_update", module, version }          → syteops_module_versions
 *   workflow template   { kind: "workflow_template", id, name, version, template } → syteops_workflow_templates
 *
 * Both refuse while the post-restore license lock holds (service.ts requireUnlocked), before the package is
 * looked at.
 */
import type { KeyObject } from 'node:crypto';

import { SyteOpsError } from '../errors';
import { PACKAGE_TOKEN, verifyToken } from './signed-token';

export const MODULE_VERSIONS_OPTION = 'syteops_module_versions';
export const WORKFLOW_TEMPLATES_OPTION = 'syteops_workflow_templates';

const VERSION = /^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/;
const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface ModulePackage {
	module: string;
	version: string;
}

export interface TemplatePackage {
	id: string;
	name: string;
	version: string;
	template: Record< string, unknown >;
}

function refuse( reason: string ): SyteOpsError {
	return new SyteOpsError( 'syteops_package_invalid', { reason } );
}

function payloadOf(
	token: unknown,
	kind: string,
	publicKey: KeyObject
): Record< string, unknown > {
	if ( typeof token !== 'string' || token.trim() === '' ) {
		throw refuse( 'the package parameter is missing' );
	}
	const check = verifyToken( token, PACKAGE_TOKEN, publicKey );
	if ( ! check.ok ) {
		throw refuse( check.reason );
	}
	if ( check.payload.kind !== kind ) {
		throw refuse( `it is not a ${ kind.replace( '_', ' ' ) } package` );
	}
	if (
		typeof check.payload.version !== 'string' ||
		! VERSION.test( check.payload.version )
	) {
		throw refuse( 'its version is not of the form 1.2.3' );
	}
	return check.payload;
}

/**
 * Compares dotted versions numerically: negative when a < b.
 * @param a
 * @param b
 */
export function compareVersions( a: string, b: string ): number {
	const x = a.split( '.' ).map( Number );
	const y = b.split( '.' ).map( Number );
	for ( let i = 0; i < 3; i++ ) {
		if ( ( x[ i ] ?? 0 ) !== ( y[ i ] ?? 0 ) ) {
			return ( x[ i ] ?? 0 ) - ( y[ i ] ?? 0 );
		}
	}
	return 0;
}

/**
 * A module update package for `module`, checked. Pure.
 * @param token
 * @param module
 * @param publicKey
 */
export function readModulePackage(
	token: unknown,
	module: string,
	publicKey: KeyObject
): ModulePackage {
	const payload = payloadOf( token, 'module_update', publicKey );
	if ( payload.module !== module ) {
		throw refuse(
			`it updates module ${ String( payload.module ).slice( 0, 64 ) }, not ${ module }`
		);
	}
	return { module, version: payload.version as string };
}

/**
 * A workflow template package, checked. Pure.
 * @param token
 * @param publicKey
 */
export function readTemplatePackage(
	token: unknown,
	publicKey: KeyObject
): TemplatePackage {
	const payload = payloadOf( token, 'workflow_template', publicKey );
	const { id, name, template } = payload;
	if ( typeof id !== 'string' || ! TEMPLATE_ID.test( id ) ) {
		throw refuse(
			'its template id must be 1 to 64 lowercase letters, digits and dashes'
		);
	}
	if ( typeof name !== 'string' || name.trim() === '' || name.length > 200 ) {
		throw refuse( 'its template name must be 1 to 200 characters' );
	}
	if (
		typeof template !== 'object' ||
		template === null ||
		Array.isArray( template )
	) {
		throw refuse( 'it holds no template object' );
	}
	return {
		id,
		name: name.trim(),
		version: payload.version as string,
		template: template as Record< string, unknown >,
	};
}
