/**
 * How a backup or export that failed ends: its catalog row is marked failed and what it wrote is removed.
 * The order matters once the archive is published. Had the row turned available after all (the database's
 * answer lost on the way back), removing the archive first would leave an available snapshot without its
 * file; so the archive goes only after the row says failed. If even that write fails, the archive stays with
 * the capturing row that names it, and start-up recovery removes both halves (recovery.ts).
 */
import type { ArchiveWriter } from '../archive/zip-writer';
import { isSyteOpsError } from '../errors';
import type { SiteContext } from './context';

export async function failCapture(
	site: SiteContext,
	id: string,
	writer: ArchiveWriter | null,
	error: unknown,
	fallbackMessage: string
): Promise< void > {
	const published = writer?.published ?? false;
	if ( ! published ) {
		await writer?.abort().catch( () => undefined ); // the temp file
	}
	await site.catalog.markFailed(
		id,
		isSyteOpsError( error ) ? error.code : 'syteops_internal',
		isSyteOpsError( error ) ? error.message : fallbackMessage
	);
	if ( published ) {
		await writer?.abort().catch( () => undefined ); // the published archive
	}
}
