/**
 * The Product License record, the internal option `syteops_license` (PHP-serialized array, created by the
 * plugin): status, plan, licensed_site, expires_at, last_checked_at, license_page_url. A restore never moves
 * it between sites; the re-check updates it from what the site's own license key says.
 */
import type { Pool } from '../db/pool';
import {
	asRecord,
	serializePlain,
	unserializePlain,
	type PlainValue,
} from '../php/plain-value';
import { readOption, writeOption } from '../repository/options';

export const RECORD_OPTION = 'syteops_license';

export interface LicenseRecordView {
	status: string;
	plan: string | null;
	licensed_site: string | null;
	expires_at: string | null;
	last_checked_at: string | null;
}

const text = ( value: PlainValue | undefined ): string | null =>
	typeof value === 'string' && value !== '' ? value : null;

export function recordView(
	record: Record< string, PlainValue >
): LicenseRecordView {
	return {
		status: text( record.status ) ?? 'unknown',
		plan: text( record.plan ),
		licensed_site: text( record.licensed_site ),
		expires_at: text( record.expires_at ),
		last_checked_at: text( record.last_checked_at ),
	};
}

export async function readRecord(
	pool: Pool,
	prefix: string
): Promise< Record< string, PlainValue > > {
	return asRecord(
		unserializePlain( await readOption( pool, prefix, RECORD_OPTION ) )
	);
}

/**
 * Merges the change into the stored record (keeping fields the plugin owns, such as license_page_url).
 * @param pool
 * @param prefix
 * @param change
 */
export async function updateRecord(
	pool: Pool,
	prefix: string,
	change: Record< string, PlainValue >
): Promise< Record< string, PlainValue > > {
	const next = { ...( await readRecord( pool, prefix ) ), ...change };
	await writeOption( pool, prefix, RECORD_OPTION, serializePlain( next ) );
	return next;
}
