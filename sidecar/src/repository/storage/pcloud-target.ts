/**
 * pCloud is declared so settings and the admin can name it, but it is not available yet: every operation throws
 * the catalogued "coming soon" error, and validation rejects it before a schedule could ever select it.
 */
import type { Readable } from 'stream';

import { SyteOpsError } from '../../errors';
import type { StorageTarget, StoredArchive } from './target';

// Methods take no parameters: TypeScript accepts fewer parameters than the interface declares, and none are used.
export class PCloudTarget implements StorageTarget {
	readonly kind = 'pcloud' as const;

	put(): Promise< StoredArchive > {
		return comingSoon();
	}

	adopt(): Promise< StoredArchive > {
		return comingSoon();
	}

	getStream(): Promise< Readable > {
		return comingSoon();
	}

	list(): Promise< StoredArchive[] > {
		return comingSoon();
	}

	delete(): Promise< boolean > {
		return comingSoon();
	}

	stat(): Promise< StoredArchive | null > {
		return comingSoon();
	}

	localPath(): null {
		return null;
	}

	freeSpace(): Promise< number > {
		return comingSoon();
	}
}

function comingSoon(): Promise< never > {
	return Promise.reject(
		new SyteOpsError( 'syteops_storage_coming_soon', {
			field: 'storage.type',
			target: 'pCloud',
		} )
	);
}
