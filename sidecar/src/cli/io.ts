/**
 * What a command sees of the process: two output streams and the environment. Tests pass buffers; main.ts
 * passes the real process. Commands return a CommandOutput and never print it themselves, so `--json`
 * and human output are decided in one place (run.ts).
 */
import type { Writable } from 'node:stream';

import type { ProgressReporter } from './progress';
import type { SiteHandle } from './site';

export interface CliIo {
	stdout: Writable;
	stderr: Writable & { isTTY?: boolean; columns?: number };
	env: NodeJS.ProcessEnv;
}

export interface CommandOutput {
	/** The one JSON document printed on stdout with `--json`. */
	json: unknown;
	/** What a person reads on stdout otherwise (may be empty). */
	human: string;
	/** 0 unless the command succeeded in running but the answer is "no" (verify: not ok). */
	exitCode?: number;
}

export interface CommandContext {
	io: CliIo;
	site: SiteHandle;
	progress: ProgressReporter;
}
