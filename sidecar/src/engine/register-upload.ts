/**
 * Turns a completed upload into an `uploaded` snapshot. The whole archive is verified first (ZIP structure,
 * every entry path, limits, manifest schema and version, every checksum, row data) by the same code as
 * `verify`; the first error is returned by its own named code and nothing is registered or extracted. Then
 * what a restore would refuse about the tables (names, schema text, rows headers) is refused here already.
 * The cross-site import gate (import-gate.ts) is applied to the manifest before and after that verification.
 */
import { randomBytes } from 'node:crypto';

import type { ManifestWithoutEntries } from '../archive/manifest';
import { verifyArchiveAndFile } from '../archive/verify';
import { ArchiveReader } from '../archive/zip-reader';
import { checkArchiveTables } from '../db/load';
import { ERRORS, SyteOpsError, type ErrorCode } from '../errors';
import { newId } from '../repository/jobs';
import type { SiteContext } from './context';
import { writeTarget } from './archive-store';
import { importGateDecision } from './import-gate';
import { manifestSummary } from './manifest-summary';
import { loadRegistry } from './registry';

/**
 * Applies the cross-site import gate to an archive's manifest: refused archives are never registered.
 * @param site
 * @param manifest
 */
async function applyImportGate(
	site: SiteContext,
	manifest: ManifestWithoutEntries
): Promise< void > {
	const settings = await site.settings.get();
	const decision = importGateDecision(
		settings.cross_site_gate,
		manifest.source.site_id,
		settings.site_id
	);
	if ( ! decision.allowed ) {
		throw new SyteOpsError( 'syteops_cross_site_not_allowed', {
			site_id: manifest.source.site_id,
			site_url: manifest.source.site_url,
		} );
	}
}

/**
 * The manifest when the archive's structure and manifest read cleanly (cheap: the central directory and
 * one entry), so the gate can refuse a big archive before it is verified in full; null otherwise (the full
 * verification then names the problem).
 * @param filePath
 */
async function quickManifest(
	filePath: string
): Promise< ManifestWithoutEntries | null > {
	try {
		return ( await ArchiveReader.open( filePath ) ).manifest;
	} catch {
		return null;
	}
}

export async function registerUpload(
	site: SiteContext,
	filePath: string,
	actorId: number
): Promise< { backup_id: string } > {
	const early = await quickManifest( filePath );
	if ( early ) {
		await applyImportGate( site, early );
	}
	// One read verifies the upload and hashes it: the catalog then records the hash of the very bytes whose
	// entries were proven, which is what lets a later verify trust it (archive/file-pass.ts).
	const { report, fileSha256: verifiedSha256 } = await verifyArchiveAndFile(
		filePath,
		{ fileSha256: true }
	);
	const firstError = report.findings.find( ( f ) => f.severity === 'error' );
	if ( ! report.ok || firstError ) {
		const code = ( firstError?.code ??
			'syteops_archive_manifest_invalid' ) as ErrorCode;
		// A finding's message is already the catalogue's rendered message: keep it as is, not as the
		// {reason} of the same message again.
		throw code in ERRORS
			? new SyteOpsError(
					code,
					{ path: firstError?.path ?? '' },
					firstError?.message
				)
			: new SyteOpsError( 'syteops_bad_request', {
					reason:
						firstError?.message ??
						'the archive failed verification',
				} );
	}
	const reader = await ArchiveReader.open( filePath );
	const manifest = reader.manifest;
	await checkArchiveTables(
		reader,
		await loadRegistry( site.pool, site.config.tablePrefix )
	);
	await applyImportGate( site, manifest );
	const id = newId();
	const name = `${ randomBytes( 16 ).toString( 'hex' ) }.zip`;
	const storage = await writeTarget( site );
	await site.catalog.insertCapturing( {
		id,
		type: 'uploaded',
		scope:
			manifest.scope.kind === 'full'
				? 'full'
				: `${ manifest.scope.kind }:${ manifest.scope.name ?? manifest.scope.user_login ?? '' }`,
		label: `uploaded ${ manifest.source.site_url } ${ manifest.created_at.slice( 0, 16 ) }`.slice(
			0,
			200
		),
		userId: actorId || null,
		retentionUntil: new Date(
			site.now().getTime() +
				( await site.settings.get() ).default_retention_days * 86400_000
		),
	} );
	try {
		await site.catalog.claimArchiveName( id, name );
		// A rename when the configured target shares the upload's filesystem, else a streamed copy.
		const { size } = await storage.adopt( name, filePath );
		await site.catalog.markAvailable( id, name, size, {
			...manifestSummary( manifest ),
			archive_sha256: verifiedSha256,
		} );
	} catch ( error ) {
		// The row first, as for a failed backup (failed-capture.ts): had it turned available after all, removing
		// the archive first would leave an available snapshot without its file.
		await site.catalog.markFailed(
			id,
			'syteops_internal',
			String( error )
		);
		await storage.delete( name ).catch( () => false );
		throw error;
	}
	return { backup_id: id };
}
