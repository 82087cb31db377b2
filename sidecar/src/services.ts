/**
 * Wires the sidecar's long-lived parts (database pool, engine, scheduler) and exposes their route handlers.
 * The HTTP app knows nothing of them beyond the handlers map.
 */
import type { Config } from './config';
import { checkDatabase, createPool, type Pool } from './db/pool';
import type { Handlers } from './app';
import type { Logger } from './log';
import packageJson from '../../package.json';

export interface Services {
	version: string;
	pool: Pool;
	handlers: Handlers;
	close: () => Promise< void >;
}

export async function createServices(
	config: Config,
	logger: Logger
): Promise< Services > {
	const pool = createPool( config.db );
	try {
		await checkDatabase( pool );
	} catch ( error ) {
		// Start anyway: the health route reports the database state, and the site may come back.
		logger.warn( 'database not reachable at start', {
			error: ( error as Error ).message,
		} );
	}
	const handlers: Handlers = {
		health: async ( _req, res ) => {
			await checkDatabase( pool );
			res.json( {
				ok: true,
				version: packageJson.version,
				database: 'ok',
				uptime_seconds: Math.round( process.uptime() ),
			} );
		},
	};
	return {
		version: packageJson.version,
		pool,
		handlers,
		close: () => pool.end(),
	};
}
