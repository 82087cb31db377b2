/**
 * The license state of this site and its re-check: reads the lock and the record, validates the site's own
 * Product License key (the secret `license.product_key`, read here and never returned, logged or audited),
 * and releases the lock when the license is valid for this site. One key read, one signature check, a few
 * row writes: it completes in well under a second.
 */
import type { RowDataPacket } from 'mysql2';

import type { SiteContext } from '../engine/context';
import { SyteOpsError } from '../errors';
import { readOption } from '../repository/options';
import { readLock, releaseLock, type LicenseLock } from './lock';
import { readRecord, recordView, updateRecord } from './record';
import { publicKeyFromBase64 } from './signed-token';
import { checkLicense, type LicenseCheck } from './verify-license';

export const PRODUCT_KEY_SECRET = 'license.product_key';
export const RECHECK_ROUTE = '/syteops/v1/license/recheck';

export interface LicenseState {
	locked: boolean;
	locked_at: string | null;
	locked_by_restore: string | null;
	reason: string | null;
	released_at: string | null;
	license: ReturnType< typeof recordView >;
	recheck_url: string;
	recheck_route: string;
}

/** Status words stored in the record after a failed check, by failure. */
const FAILED_STATUS: Record< string, string > = {
	syteops_license_missing: 'missing',
	syteops_license_invalid: 'invalid',
	syteops_license_expired: 'expired',
	syteops_license_site_mismatch: 'site_mismatch',
};

export function authorityKey( site: SiteContext ) {
	const configured = site.config.licenseAuthorityKey;
	const key = configured ? publicKeyFromBase64( configured ) : null;
	if ( ! key ) {
		throw new SyteOpsError( 'syteops_license_authority_unconfigured' );
	}
	return key;
}

async function siteUrls( site: SiteContext ): Promise< string[] > {
	const prefix = site.config.tablePrefix;
	const urls = [
		await readOption( site.pool, prefix, 'siteurl' ),
		await readOption( site.pool, prefix, 'home' ),
	];
	return urls.filter( ( u ): u is string => Boolean( u ) );
}

async function productKey( site: SiteContext ): Promise< string | null > {
	const [ rows ] = await site.pool.query< RowDataPacket[] >(
		`SELECT value FROM \`${ site.config.tablePrefix }syteops_secrets\` WHERE name = ?`,
		[ PRODUCT_KEY_SECRET ]
	);
	const value = rows[ 0 ]?.value as string | Buffer | undefined;
	return value === undefined ? null : String( value );
}

export async function licenseState(
	site: SiteContext
): Promise< LicenseState > {
	const prefix = site.config.tablePrefix;
	const lock = await readLock( site.pool, prefix );
	const record = recordView( await readRecord( site.pool, prefix ) );
	const [ siteUrl ] = await siteUrls( site );
	return {
		locked: lock.locked,
		locked_at: lock.locked_at,
		locked_by_restore: lock.locked_by_restore,
		reason: lock.locked ? lock.reason : null,
		released_at: lock.released_at,
		license: record,
		recheck_url: `${ ( siteUrl ?? '' ).replace( /\/+$/, '' ) }/wp-admin/admin.php?page=syteops-admin#syteops-product-license`,
		recheck_route: RECHECK_ROUTE,
	};
}

export interface RecheckOutcome {
	check: LicenseCheck;
	lockBefore: LicenseLock;
	state: LicenseState;
}

/**
 * Validates the license and records the outcome: on success the record is refreshed and the lock released;
 * on failure the lock stays and the record's status says why.
 * @param site
 * @param userId
 */
export async function recheckLicense(
	site: SiteContext,
	userId: number | null
): Promise< RecheckOutcome > {
	const prefix = site.config.tablePrefix;
	const publicKey = authorityKey( site );
	const now = site.now();
	const check = checkLicense( {
		key: await productKey( site ),
		publicKey,
		siteUrls: await siteUrls( site ),
		now,
	} );
	const lockBefore = await readLock( site.pool, prefix );
	if ( check.ok ) {
		await updateRecord( site.pool, prefix, {
			status: 'active',
			plan: check.claims.plan,
			licensed_site: check.claims.licensed_site,
			expires_at: check.claims.expires_at,
			last_checked_at: now.toISOString(),
		} );
		if ( lockBefore.locked ) {
			await releaseLock( site.pool, prefix, lockBefore, userId, now );
		}
	} else {
		await updateRecord( site.pool, prefix, {
			status: FAILED_STATUS[ check.code ],
			last_checked_at: now.toISOString(),
		} );
	}
	return { check, lockBefore, state: await licenseState( site ) };
}

/**
 * Refuses an encrypted-package operation while the post-restore lock holds.
 * @param site
 * @param action What is locked, for the message ("module updates").
 */
export async function requireUnlocked(
	site: SiteContext,
	action: string
): Promise< void > {
	const lock = await readLock( site.pool, site.config.tablePrefix );
	if ( lock.locked ) {
		throw new SyteOpsError( 'syteops_license_locked', {
			action,
			snapshot_id: lock.locked_by_restore ?? 'unknown',
		} );
	}
}
