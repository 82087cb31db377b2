/**
 * Settings routes: the cross-site import gate (stored with the sidecar's other settings in the internal
 * option syteops_backup_settings). Writes are audited with their before/after shape.
 */
import type { Handlers } from '../../app';
import { recordAudit } from '../../audit/record';
import type { SiteContext } from '../../engine/context';
import { gateFromInput, type ImportGate } from '../../engine/import-gate';
import { input } from '../params';

function view( gate: ImportGate, siteId: string ) {
	return {
		enabled: gate.enabled,
		allowed_source_site_ids: gate.allowed_site_ids,
		site_id: siteId,
	};
}

export function settingsHandlers( site: SiteContext ): Handlers {
	return {
		'settings.import_gate.get': async ( _req, res ) => {
			const settings = await site.settings.get();
			res.json( view( settings.cross_site_gate, settings.site_id ) );
		},

		'settings.import_gate.put': async ( req, res ) => {
			const settings = await site.settings.get();
			const before = settings.cross_site_gate;
			const after = gateFromInput( input( req ), before );
			await site.settings.update( { cross_site_gate: after } );
			await recordAudit( site, req.actor, 'settings.import_gate', {
				change: { before, after },
			} );
			res.json( view( after, settings.site_id ) );
		},
	};
}
