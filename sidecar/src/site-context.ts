/**
 * The site context every engine operation works on: catalog, jobs, runner (with the site lock) and settings
 * over one database pool. Its own module so the command line can build one without loading the service's
 * HTTP handlers and scheduler (services.ts), which cost every command start-up time.
 */
import packageJson from '../../package.json';
import type { Config } from './config';
import type { Pool } from './db/pool';
import type { SiteContext } from './engine/context';
import { JobRunner } from './engine/job-runner';
import { SiteLock } from './engine/site-lock';
import type { Logger } from './log';
import { Catalog } from './repository/catalog';
import { Jobs } from './repository/jobs';
import { SettingsStore } from './repository/settings-store';

export function createSiteContext(
	config: Config,
	pool: Pool,
	logger: Logger,
	now: () => Date = () => new Date()
): SiteContext {
	const jobs = new Jobs( pool, config.tablePrefix, now );
	return {
		config,
		pool,
		logger,
		catalog: new Catalog( pool, config.tablePrefix, now ),
		jobs,
		runner: new JobRunner(
			jobs,
			new SiteLock( pool, config.db.database, config.tablePrefix ),
			logger
		),
		settings: new SettingsStore( pool, config.tablePrefix ),
		version: packageJson.version,
		now,
	};
}
