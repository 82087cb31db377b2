/**
 * License routes: the license state, its re-check (which releases the post-restore lock), and the two
 * encrypted-package operations the lock blocks: module updates and workflow-template imports.
 */
import type { Handlers } from '../../app';
import { recordAudit } from '../../audit/record';
import type { SiteContext } from '../../engine/context';
import { loadRegistry } from '../../engine/registry';
import { SyteOpsError } from '../../errors';
import {
	compareVersions,
	readModulePackage,
	readTemplatePackage,
} from '../../license/packages';
import {
	moduleVersions,
	recordModuleVersion,
	storeTemplate,
} from '../../license/package-store';
import {
	authorityKey,
	licenseState,
	recheckLicense,
	requireUnlocked,
} from '../../license/service';
import { input } from '../params';

const MODULE_NAME = /^[a-z0-9_]{1,64}$/;

export function licenseHandlers( site: SiteContext ): Handlers {
	const prefix = site.config.tablePrefix;
	return {
		'license.get': async ( _req, res ) => {
			res.json( await licenseState( site ) );
		},

		'license.recheck': async ( req, res ) => {
			const { check, lockBefore, state } = await recheckLicense(
				site,
				req.actor?.user_id ?? null
			);
			await recordAudit( site, req.actor, 'license.recheck', {
				snapshotId: lockBefore.locked
					? lockBefore.locked_by_restore
					: null,
				change: {
					result: check.ok ? 'valid' : check.code,
					locked_before: lockBefore.locked,
					locked_after: state.locked,
					licensed_site: check.ok
						? check.claims.licensed_site
						: ( check.claims?.licensed_site ?? null ),
					plan: check.ok ? check.claims.plan : null,
				},
			} );
			if ( ! check.ok ) {
				throw new SyteOpsError( check.code, check.details );
			}
			res.json( state );
		},

		'modules.update': async ( req, res ) => {
			const name = String( req.params.name ?? '' );
			await requireUnlocked( site, 'Module updates' );
			const registry = await loadRegistry( site.pool, prefix );
			if (
				! MODULE_NAME.test( name ) ||
				! Object.hasOwn( registry.modules, name )
			) {
				throw new SyteOpsError( 'syteops_module_not_found', {
					name: name.slice( 0, 64 ),
				} );
			}
			const pkg = readModulePackage(
				input( req ).package,
				name,
				authorityKey( site )
			);
			const current =
				( await moduleVersions( site.pool, prefix ) )[ name ]
					?.version ?? null;
			if ( current && compareVersions( pkg.version, current ) <= 0 ) {
				throw new SyteOpsError( 'syteops_package_not_newer', {
					name,
					current,
					version: pkg.version,
				} );
			}
			const record = await recordModuleVersion(
				site.pool,
				prefix,
				pkg,
				req.actor?.user_id ?? null,
				site.now()
			);
			await recordAudit( site, req.actor, 'module.update', {
				change: { module: name, before: current, after: pkg.version },
			} );
			res.json( {
				module: name,
				version: pkg.version,
				previous_version: current,
				updated_at: record.updated_at,
			} );
		},

		'workflow_templates.import': async ( req, res ) => {
			await requireUnlocked( site, 'Workflow-template imports' );
			const pkg = readTemplatePackage(
				input( req ).package,
				authorityKey( site )
			);
			const { replaced, stored } = await storeTemplate(
				site.pool,
				prefix,
				pkg,
				req.actor?.user_id ?? null,
				site.now()
			);
			await recordAudit( site, req.actor, 'workflow_template.import', {
				change: { id: pkg.id, version: pkg.version, replaced },
			} );
			res.status( replaced ? 200 : 201 ).json( {
				id: pkg.id,
				name: stored.name,
				version: stored.version,
				imported_at: stored.imported_at,
				replaced,
			} );
		},
	};
}
