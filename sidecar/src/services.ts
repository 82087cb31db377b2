/**
 * Wires the sidecar's long-lived parts (database pool, catalog, jobs, engine, scheduler) and exposes their
 * route handlers. The HTTP app knows nothing of them beyond the handlers map.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import type { Config } from './config';
import { checkDatabase, createPool, type Pool } from './db/pool';
import type { Handlers } from './app';
import type { Logger } from './log';
import type { SiteContext } from './engine/context';
import { failJobsOfDeadProcesses, recoverIfSiteIdle } from './engine/recovery';
import { recoverInterruptedRestore } from './engine/restore-recovery';
import { registerUpload } from './engine/register-upload';
import { ScheduleService } from './engine/schedule-service';
import { auditHandlers } from './http/handlers/audit';
import { backupHandlers } from './http/handlers/backups';
import { engineHandlers } from './http/handlers/engine-actions';
import { jobHandlers } from './http/handlers/jobs';
import { licenseHandlers } from './http/handlers/license';
import { scheduleHandlers } from './http/handlers/schedule';
import { transferHandlers } from './http/handlers/transfers';
import { settingsHandlers } from './http/handlers/settings';
import { uploadHandlers } from './http/handlers/uploads';
import { Uploads } from './repository/uploads';
import { nodeScheduleClock } from './schedule/clock';
import { createSiteContext } from './site-context';
import packageJson from '../../package.json';

/** How long start-up recovery waits for the site lock: a killed predecessor's lock is freed within moments. */
const STARTUP_LOCK_WAIT_SECONDS = 5;

export interface Services {
	version: string;
	pool: Pool;
	site: SiteContext;
	handlers: Handlers;
	close: () => Promise< void >;
}

export async function createServices(
	config: Config,
	logger: Logger
): Promise< Services > {
	await fs.mkdir( config.storageDir, { recursive: true, mode: 0o700 } );
	// The storage layout: archives at the top, resumable uploads in their own directory.
	await fs.mkdir( path.join( config.storageDir, 'uploads' ), {
		recursive: true,
		mode: 0o700,
	} );
	const pool = createPool( config.db );
	const site = createSiteContext( config, pool, logger );
	const uploads = new Uploads( config.storageDir );
	const schedule = new ScheduleService( site, nodeScheduleClock );
	try {
		await checkDatabase( pool );
		// Under the site lock: a CLI backup or restore running now is not a leftover of a dead process.
		const recovered = await recoverIfSiteIdle(
			site,
			uploads,
			[ recoverInterruptedRestore ],
			STARTUP_LOCK_WAIT_SECONDS
		);
		logger.info(
			'start-up recovery',
			recovered ?? {
				skipped:
					'another process holds the site lock (it recovered before it took it)',
				jobs_failed: await failJobsOfDeadProcesses( site ),
			}
		);
		// After recovery, so a catch-up run never meets a half-finished restore.
		await schedule.start();
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
		...backupHandlers( site ),
		...engineHandlers( site ),
		...jobHandlers( site ),
		...uploadHandlers( site, uploads, registerUpload ),
		...scheduleHandlers( site, schedule ),
		...auditHandlers( site ),
		...transferHandlers( site ),
		...licenseHandlers( site ),
		...settingsHandlers( site ),
	};
	return {
		version: packageJson.version,
		pool,
		site,
		handlers,
		close: async () => {
			schedule.stop();
			await site.runner.idle();
			await pool.end();
		},
	};
}
