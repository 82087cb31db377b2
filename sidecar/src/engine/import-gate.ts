/**
 * The cross-site import gate: when enabled, restore-from-upload keeps only archives taken on this site or on
 * a site whose SyteOps site id (manifest `source.site_id`) is on the allowlist. Pure. The gate is a policy
 * guard for honest operators, not authentication: a manifest's site id is not signed.
 */
import { SyteOpsError } from '../errors';

export interface ImportGate {
	enabled: boolean;
	allowed_site_ids: string[];
}

export const SITE_ID = /^[0-9a-f]{32}$/;
export const MAX_ALLOWED_SITES = 100;

export type GateDecision =
	| { allowed: true; reason: 'gate_disabled' | 'same_site' | 'allowlisted' }
	| { allowed: false; reason: 'not_allowlisted' };

export function importGateDecision(
	gate: ImportGate,
	sourceSiteId: string,
	ownSiteId: string
): GateDecision {
	if ( ! gate.enabled ) {
		return { allowed: true, reason: 'gate_disabled' };
	}
	if ( sourceSiteId === ownSiteId ) {
		return { allowed: true, reason: 'same_site' };
	}
	return gate.allowed_site_ids.includes( sourceSiteId )
		? { allowed: true, reason: 'allowlisted' }
		: { allowed: false, reason: 'not_allowlisted' };
}

/**
 * The gate a PUT asks for, merged over the stored one; bad fields are refused by name. Pure.
 * @param body
 * @param current
 */
export function gateFromInput(
	body: Record< string, unknown >,
	current: ImportGate
): ImportGate {
	const next = { ...current };
	if ( body.enabled !== undefined ) {
		if ( typeof body.enabled !== 'boolean' ) {
			throw new SyteOpsError( 'syteops_invalid_param', {
				param: 'enabled',
				reason: 'must be true or false',
			} );
		}
		next.enabled = body.enabled;
	}
	const ids = body.allowed_source_site_ids;
	if ( ids !== undefined ) {
		if (
			! Array.isArray( ids ) ||
			ids.length > MAX_ALLOWED_SITES ||
			! ids.every(
				( id ) => typeof id === 'string' && SITE_ID.test( id )
			)
		) {
			throw new SyteOpsError( 'syteops_invalid_param', {
				param: 'allowed_source_site_ids',
				reason: `must be a list of at most ${ MAX_ALLOWED_SITES } site ids of 32 lowercase hex characters`,
			} );
		}
		next.allowed_site_ids = [ ...new Set( ids as string[] ) ];
	}
	return next;
}
