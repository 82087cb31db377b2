/**
 * Everything an engine operation needs about the site it serves, built once at start-up.
 */
import type { Config } from '../config';
import type { Pool } from '../db/pool';
import type { Logger } from '../log';
import type { Catalog } from '../repository/catalog';
import type { Jobs } from '../repository/jobs';
import type { SettingsStore } from '../repository/settings-store';
import type { JobRunner } from './job-runner';

export interface SiteContext {
	config: Config;
	pool: Pool;
	logger: Logger;
	catalog: Catalog;
	jobs: Jobs;
	runner: JobRunner;
	settings: SettingsStore;
	version: string;
	now: () => Date;
}
