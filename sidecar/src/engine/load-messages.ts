/**
 * What crosses the thread boundary between a restore and its load worker (load-on-worker.ts, load-worker.ts).
 * Everything is plain data: the worker opens its own database pool, reads the entries the restore's reader
 * located, and builds the row transform and the checklist's row facts itself.
 */
import type { EntrySubsetData } from '../archive/zip-reader';
import type { DbConfig } from '../config';
import type { LoadedTable, LoadProgress } from '../db/load';
import type { DbRegistry } from '../db/registry';
import type { ErrorMessage } from '../worker-errors';
import type { SentRowFacts } from './checklist/row-facts';
import type { RowTransformOptions, TransformStats } from './row-transform';

export interface LoadJob {
	/** The tables' schema and rows entries (ArchiveReader.subset). */
	entries: EntrySubsetData;
	/** Credentials stay inside this process: a worker thread is not a child process. */
	db: DbConfig;
	prefix: string;
	tables: string[];
	registry: DbRegistry;
	transform: RowTransformOptions;
	/** The manifest's source site URL, for the checklist's row facts. */
	sourceSiteUrl: string;
	/** Tables not to start before their verdict (engine/kept-tables.ts). */
	waiting?: string[];
}

/** Sent to the worker while it loads: a table's verdict (see LoadOptions.verdicts). */
export type TableVerdict = { keep: string } | { load: string };

export interface LoadDone {
	tables: LoadedTable[];
	/** The tables kept before they were loaded. */
	kept: string[];
	stats: TransformStats;
	facts: SentRowFacts;
}

export type LoadReply =
	{ progress: LoadProgress } | { done: LoadDone } | { failure: ErrorMessage };
