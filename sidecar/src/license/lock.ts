/**
 * The post-restore license lock, in the internal option `syteops_license_lock` (JSON). A full restore sets it
 * inside its own commit (the lock row is written into the staged options table before the one RENAME, see
 * restore.ts), so a restored site is never unlocked, and a restore that is rolled back leaves no lock.
 * A successful license re-check releases it. No option means never locked.
 */
import type { Pool } from '../db/pool';
import {
	parseJsonObject,
	readOption,
	writeOption,
} from '../repository/options';

export const LOCK_OPTION = 'syteops_license_lock';

export interface LicenseLock {
	locked: boolean;
	locked_at: string | null;
	/** The snapshot whose restore set the lock. */
	locked_by_restore: string | null;
	reason: string | null;
	released_at: string | null;
	released_by_user_id: number | null;
}

export const UNLOCKED: LicenseLock = {
	locked: false,
	locked_at: null,
	locked_by_restore: null,
	reason: null,
	released_at: null,
	released_by_user_id: null,
};

const str = ( value: unknown ): string | null =>
	typeof value === 'string' ? value : null;

/**
 * Reads a stored lock; anything unreadable counts as locked, so a damaged row never opens the gate.
 * @param raw
 */
export function parseLock( raw: string | null ): LicenseLock {
	if ( raw === null ) {
		return UNLOCKED;
	}
	const value = parseJsonObject( raw );
	if ( ! value ) {
		return {
			...UNLOCKED,
			locked: true,
			reason: 'the stored lock could not be read',
		};
	}
	return {
		locked: value.locked !== false,
		locked_at: str( value.locked_at ),
		locked_by_restore: str( value.locked_by_restore ),
		reason: str( value.reason ),
		released_at: str( value.released_at ),
		released_by_user_id:
			typeof value.released_by_user_id === 'number'
				? value.released_by_user_id
				: null,
	};
}

/**
 * The lock a full restore of `snapshotId` leaves, as the option value.
 * @param snapshotId
 * @param now
 */
export function restoreLockValue( snapshotId: string, now: Date ): string {
	const lock: LicenseLock = {
		...UNLOCKED,
		locked: true,
		locked_at: now.toISOString(),
		locked_by_restore: snapshotId,
		reason: 'A backup was restored onto this site; re-check the Product License to release the lock.',
	};
	return JSON.stringify( lock );
}

export async function readLock(
	pool: Pool,
	prefix: string
): Promise< LicenseLock > {
	return parseLock( await readOption( pool, prefix, LOCK_OPTION ) );
}

export async function releaseLock(
	pool: Pool,
	prefix: string,
	before: LicenseLock,
	userId: number | null,
	now: Date
): Promise< LicenseLock > {
	const after: LicenseLock = {
		...before,
		locked: false,
		released_at: now.toISOString(),
		released_by_user_id: userId,
	};
	await writeOption( pool, prefix, LOCK_OPTION, JSON.stringify( after ) );
	return after;
}
