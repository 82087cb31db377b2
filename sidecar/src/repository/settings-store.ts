/**
 * The sidecar's own settings (site id, default retention, schedule, cross-site gate) in the internal option
 * `syteops_backup_settings`, stored as JSON. The option is internal: never in a snapshot, never overwritten by
 * a restore, so a site keeps its identity and schedule when another site's backup is restored onto it.
 */
import { randomBytes } from 'node:crypto';
import type { RowDataPacket } from 'mysql2';

import type { Pool } from '../db/pool';

export interface BackupSettings {
	site_id: string;
	default_retention_days: number;
	schedule: Record< string, unknown > | null;
	schedule_last_run_at: string | null;
	/** Storage directories configured before the current one: older archives are still read from them. */
	storage_history: string[];
	cross_site_gate: { enabled: boolean; allowed_site_ids: string[] };
}

export const OPTION = 'syteops_backup_settings';

export function defaultSettings(): BackupSettings {
	return {
		site_id: randomBytes( 16 ).toString( 'hex' ),
		default_retention_days: 30,
		schedule: null,
		schedule_last_run_at: null,
		storage_history: [],
		cross_site_gate: { enabled: false, allowed_site_ids: [] },
	};
}

/**
 * Parses the stored JSON, keeping known fields; anything else (e.g. the PHP default array) means defaults.
 * @param raw
 */
export function parseSettings( raw: string | null ): BackupSettings | null {
	if ( ! raw || ! raw.trim().startsWith( '{' ) ) {
		return null;
	}
	try {
		const value = JSON.parse( raw ) as Partial< BackupSettings >;
		if (
			typeof value.site_id !== 'string' ||
			! /^[0-9a-f]{32}$/.test( value.site_id )
		) {
			return null;
		}
		return { ...defaultSettings(), ...value, site_id: value.site_id };
	} catch {
		return null;
	}
}

export class SettingsStore {
	private readonly table: string;

	constructor(
		private readonly pool: Pool,
		prefix: string
	) {
		this.table = `\`${ prefix }options\``;
	}

	async get(): Promise< BackupSettings > {
		const [ rows ] = await this.pool.query< RowDataPacket[] >(
			`SELECT option_value FROM ${ this.table } WHERE option_name = ?`,
			[ OPTION ]
		);
		const parsed = parseSettings( rows[ 0 ]?.option_value ?? null );
		if ( parsed ) {
			return parsed;
		}
		const fresh = defaultSettings();
		await this.save( fresh );
		return fresh;
	}

	async update(
		change: Partial< BackupSettings >
	): Promise< BackupSettings > {
		const next = { ...( await this.get() ), ...change };
		await this.save( next );
		return next;
	}

	private async save( settings: BackupSettings ): Promise< void > {
		await this.pool.query(
			`INSERT INTO ${ this.table } (option_name, option_value, autoload) VALUES (?, ?, 'no')
			 ON DUPLICATE KEY UPDATE option_value = VALUES(option_value)`,
			[ OPTION, JSON.stringify( settings ) ]
		);
	}
}
