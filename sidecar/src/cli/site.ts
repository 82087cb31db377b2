/**
 * The site a local command works on, configured exactly as the service is (SYTEOPS_WP_CONFIG, or
 * `--wp-config PATH`, or DB_* / SYTEOPS_* variables) but without the service's port and shared secret.
 * Opened lazily: `sql` and `verify <file>` never touch a database.
 */
import { promises as fs } from 'node:fs';

import { loadConfig, type Config } from '../config';
import { checkDatabase, createPool } from '../db/pool';
import type { SiteContext } from '../engine/context';
import type { Actor } from '../http/signing';
import { createLogger } from '../log';
import { createSiteContext } from '../site-context';

/** Audit entries written by the command line: no WordPress user, so user id 0 and login `cli`. */
export const CLI_ACTOR: Actor = { user_id: 0, login: 'cli', capabilities: [] };

export function cliConfig(
	env: NodeJS.ProcessEnv,
	wpConfig: string | null
): Config {
	return loadConfig(
		wpConfig ? { ...env, SYTEOPS_WP_CONFIG: wpConfig } : env,
		{ service: false }
	);
}

export interface SiteHandle {
	/** Opens the database pool on first use and returns the same context afterwards. */
	get: () => Promise< SiteContext >;
	close: () => Promise< void >;
}

export function lazySite( load: () => Config ): SiteHandle {
	let opened: Promise< SiteContext > | null = null;
	return {
		get: () => {
			opened ??= ( async () => {
				const config = load();
				await fs.mkdir( config.storageDir, {
					recursive: true,
					mode: 0o700,
				} );
				const pool = createPool( config.db );
				// The engine's own log lines are not for a terminal: failures reach the user as the thrown error.
				const site = createSiteContext(
					config,
					pool,
					createLogger( () => undefined )
				);
				try {
					await checkDatabase( pool );
				} catch ( error ) {
					await pool.end();
					throw error;
				}
				return site;
			} )();
			return opened;
		},
		close: async () => {
			if ( ! opened ) {
				return;
			}
			const site = await opened.catch( () => null );
			if ( site ) {
				await site.runner.idle();
				await site.pool.end();
			}
		},
	};
}
