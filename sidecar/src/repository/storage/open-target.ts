/**
 * Turns the storage part of the schedule settings into a working target.
 */
import { SyteOpsError } from '../../errors';
import { LocalTarget } from './local-target';
import type { StorageTarget } from './target';

export type StorageTargetSettings =
	{ type: 'local'; path: string } | { type: 'pcloud' };

export async function openStorageTarget(
	settings: StorageTargetSettings
): Promise< StorageTarget > {
	if ( settings.type === 'pcloud' ) {
		throw new SyteOpsError( 'syteops_storage_coming_soon', {
			field: 'storage.type',
			target: 'pCloud',
		} );
	}
	return LocalTarget.open( settings.path );
}
