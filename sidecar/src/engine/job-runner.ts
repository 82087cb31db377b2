/**
 * Runs engine work as background jobs: creates the job row, answers the caller at once with its id, reports
 * phase and progress (throttled), and records the result or the catalogued error. Exclusive jobs (backups,
 * restores, imports) hold the site lock for their whole run; a second one gets a clear 409.
 */
import { randomBytes } from 'node:crypto';

import { SyteOpsError, isSyteOpsError, type RestErrorBody } from '../errors';
import type { Logger } from '../log';
import type { Jobs } from '../repository/jobs';
import type { SiteLock, Release } from './site-lock';

export interface JobContext {
	jobId: string;
	progress: ( phase: string, done: number, total: number ) => void;
	setSnapshot: ( snapshotId: string ) => Promise< void >;
}

export interface JobSpec {
	kind: string;
	capability: string;
	userId: number | null;
	exclusive: boolean;
	snapshotId?: string | null;
	params?: unknown;
}

const EXCLUSIVE_KINDS = [ 'backup', 'restore', 'import', 'export' ];
const PROGRESS_INTERVAL_MS = 400;

export class JobRunner {
	private readonly inFlight = new Set< Promise< void > >();

	constructor(
		private readonly jobs: Jobs,
		private readonly lock: SiteLock,
		private readonly logger: Logger
	) {}

	/**
	 * Starts the work in the background and resolves with the job id once it is recorded.
	 * @param spec
	 * @param work
	 */
	async start(
		spec: JobSpec,
		work: ( ctx: JobContext ) => Promise< unknown >
	): Promise< string > {
		const release = spec.exclusive ? await this.acquire() : null;
		let jobId: string;
		try {
			jobId = await this.jobs.create( spec );
		} catch ( error ) {
			await release?.();
			throw error;
		}
		const run = this.run( jobId, work, release ).finally( () =>
			this.inFlight.delete( run )
		);
		this.inFlight.add( run );
		return jobId;
	}

	/** Resolves when every job started by this runner has ended (tests, shutdown). */
	async idle(): Promise< void > {
		await Promise.all( [ ...this.inFlight ] );
	}

	private async acquire(): Promise< Release > {
		const release = await this.lock.tryAcquire();
		if ( release ) {
			return release;
		}
		const running = await this.jobs.running( EXCLUSIVE_KINDS );
		throw new SyteOpsError( 'syteops_busy', {
			running: running?.kind ?? 'backup or restore',
			job_id: running?.id ?? 'unknown',
		} );
	}

	private async run(
		jobId: string,
		work: ( ctx: JobContext ) => Promise< unknown >,
		release: Release | null
	): Promise< void > {
		let last = 0;
		let pending: Promise< void > = Promise.resolve();
		const ctx: JobContext = {
			jobId,
			progress: ( phase, done, total ) => {
				const now = Date.now();
				if ( now - last < PROGRESS_INTERVAL_MS && done < total ) {
					return;
				}
				last = now;
				pending = pending
					.then( () =>
						this.jobs.progress( jobId, phase, done, total )
					)
					.catch( () => undefined );
			},
			setSnapshot: ( snapshotId ) =>
				this.jobs.setSnapshot( jobId, snapshotId ),
		};
		try {
			const result = await work( ctx );
			await pending;
			await this.jobs.succeed( jobId, result ?? null );
		} catch ( error ) {
			await pending;
			await this.jobs
				.fail( jobId, this.toErrorBody( error, jobId ) )
				.catch( ( e: unknown ) =>
					this.logger.error( 'could not record job failure', {
						jobId,
						error: String( e ),
					} )
				);
		} finally {
			await release?.();
		}
	}

	private toErrorBody( error: unknown, jobId: string ): RestErrorBody {
		if ( isSyteOpsError( error ) ) {
			return error.toRestBody();
		}
		const ref = randomBytes( 4 ).toString( 'hex' );
		this.logger.error( 'job failed', {
			jobId,
			ref,
			error: String( ( error as Error )?.stack ?? error ),
		} );
		return new SyteOpsError( 'syteops_internal', { ref } ).toRestBody();
	}
}
