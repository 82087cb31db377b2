/**
 * Issues what the SyteOps license authority signs, for the test stacks and the demo: Product Licenses and
 * packages. Pure apart from the clock: the caller gives the authority's private key (PEM).
 */
import { randomBytes } from 'node:crypto';

import {
	LICENSE_TOKEN,
	PACKAGE_TOKEN,
	signToken,
} from '../../sidecar/src/license/signed-token';

export interface LicenseRequest {
	site: string;
	plan?: string;
	/** Days from now; null for a license that never expires. Negative days issue an expired one (tests). */
	days?: number | null;
	now?: Date;
}

export function issueLicense(
	privatePem: string,
	request: LicenseRequest
): string {
	const now = request.now ?? new Date();
	const days = request.days === undefined ? 365 : request.days;
	return signToken(
		LICENSE_TOKEN,
		{
			license_id: `lic_${ randomBytes( 6 ).toString( 'hex' ) }`,
			licensed_site: request.site,
			plan: request.plan ?? 'agency',
			issued_at: now.toISOString(),
			expires_at:
				days === null
					? null
					: new Date(
							now.getTime() + days * 86400_000
						).toISOString(),
		},
		privatePem
	);
}

export function modulePackage(
	privatePem: string,
	module: string,
	version: string
): string {
	return signToken(
		PACKAGE_TOKEN,
		{ kind: 'module_update', module, version },
		privatePem
	);
}

export function templatePackage(
	privatePem: string,
	template: {
		id: string;
		name: string;
		version: string;
		template: Record< string, unknown >;
	}
): string {
	return signToken(
		PACKAGE_TOKEN,
		{ kind: 'workflow_template', ...template },
		privatePem
	);
}
