/**
 * Background jobs (table `<prefix>syteops_jobs`): state, phase and progress of backups, restores, imports and
 * verifies, persisted so `GET /jobs/{id}` survives a restart and an interrupted job is seen as failed.
 */
import { randomBytes } from 'node:crypto';
import type { RowDataPacket } from 'mysql2';

import type { Pool } from '../db/pool';
import type { RestErrorBody } from '../errors';
import { fromSqlTime, toSqlTime } from './sql-time';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobRow {
	id: string;
	kind: string;
	state: JobState;
	phase: string;
	progress_done: string;
	progress_total: string;
	snapshot_id: string | null;
	user_id: string | null;
	capability: string;
	result: string | null;
	error: string | null;
	owner_pid: number | null;
	created_at: string;
	started_at: string | null;
	updated_at: string;
	finished_at: string | null;
}

export interface PublicJob {
	id: string;
	kind: string;
	state: JobState;
	phase: string;
	progress: { done: number; total: number; percent: number | null };
	snapshot_id: string | null;
	result: unknown;
	error: RestErrorBody | null;
	created_at: string;
	started_at: string | null;
	updated_at: string;
	finished_at: string | null;
}

export function newId(): string {
	return randomBytes( 16 ).toString( 'hex' );
}

export function jobToPublic( row: JobRow ): PublicJob {
	const done = Number( row.progress_done );
	const total = Number( row.progress_total );
	return {
		id: row.id,
		kind: row.kind,
		state: row.state,
		phase: row.phase,
		progress: {
			done,
			total,
			percent:
				total > 0
					? Math.min( 100, Math.round( ( done / total ) * 100 ) )
					: null,
		},
		snapshot_id: row.snapshot_id,
		result: row.result ? JSON.parse( row.result ) : null,
		error: row.error ? JSON.parse( row.error ) : null,
		created_at: fromSqlTime( row.created_at ) as string,
		started_at: fromSqlTime( row.started_at ),
		updated_at: fromSqlTime( row.updated_at ) as string,
		finished_at: fromSqlTime( row.finished_at ),
	};
}

export class Jobs {
	private readonly table: string;

	constructor(
		private readonly pool: Pool,
		prefix: string,
		private readonly now: () => Date = () => new Date()
	) {
		this.table = `\`${ prefix }syteops_jobs\``;
	}

	async create( job: {
		kind: string;
		capability: string;
		userId: number | null;
		snapshotId?: string | null;
		params?: unknown;
	} ): Promise< string > {
		const id = newId();
		const now = toSqlTime( this.now() );
		await this.pool.query(
			`INSERT INTO ${ this.table } (id, kind, state, capability, user_id, snapshot_id, params, owner_pid, created_at, started_at, updated_at)
			 VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)`,
			[
				id,
				job.kind,
				job.capability,
				job.userId,
				job.snapshotId ?? null,
				JSON.stringify( job.params ?? {} ),
				process.pid,
				now,
				now,
				now,
			]
		);
		return id;
	}

	async progress(
		id: string,
		phase: string,
		done: number,
		total: number
	): Promise< void > {
		await this.pool.query(
			`UPDATE ${ this.table } SET phase = ?, progress_done = ?, progress_total = ?, updated_at = ?, heartbeat_at = ? WHERE id = ?`,
			[
				phase,
				Math.max( 0, Math.round( done ) ),
				Math.max( 0, Math.round( total ) ),
				toSqlTime( this.now() ),
				toSqlTime( this.now() ),
				id,
			]
		);
	}

	async setSnapshot( id: string, snapshotId: string ): Promise< void > {
		await this.pool.query(
			`UPDATE ${ this.table } SET snapshot_id = ? WHERE id = ?`,
			[ snapshotId, id ]
		);
	}

	async succeed( id: string, result: unknown ): Promise< void > {
		const now = toSqlTime( this.now() );
		await this.pool.query(
			`UPDATE ${ this.table } SET state = 'succeeded', phase = 'done', result = ?, updated_at = ?, finished_at = ? WHERE id = ?`,
			[ JSON.stringify( result ), now, now, id ]
		);
	}

	async fail( id: string, error: RestErrorBody ): Promise< void > {
		const now = toSqlTime( this.now() );
		await this.pool.query(
			`UPDATE ${ this.table } SET state = 'failed', error = ?, updated_at = ?, finished_at = ? WHERE id = ?`,
			[ JSON.stringify( error ), now, now, id ]
		);
	}

	async get( id: string ): Promise< JobRow | null > {
		const [ rows ] = await this.pool.query< ( JobRow & RowDataPacket )[] >(
			`SELECT * FROM ${ this.table } WHERE id = ?`,
			[ id ]
		);
		return rows[ 0 ] ?? null;
	}

	/**
	 * The running job of one of these kinds, if any (for the 409 message).
	 * @param kinds
	 */
	async running( kinds: string[] ): Promise< JobRow | null > {
		const [ rows ] = await this.pool.query< ( JobRow & RowDataPacket )[] >(
			`SELECT * FROM ${ this.table } WHERE state = 'running' AND kind IN (?) ORDER BY created_at DESC LIMIT 1`,
			[ kinds ]
		);
		return rows[ 0 ] ?? null;
	}

	/**
	 * At start: jobs left running by a process that is gone are failed, with a message saying so.
	 * @param isAlive
	 */
	async failInterrupted(
		isAlive: ( pid: number ) => boolean
	): Promise< number > {
		const [ rows ] = await this.pool.query< ( JobRow & RowDataPacket )[] >(
			`SELECT * FROM ${ this.table } WHERE state IN ('running','queued')`
		);
		let failed = 0;
		for ( const row of rows ) {
			if (
				row.owner_pid !== null &&
				row.owner_pid !== process.pid &&
				isAlive( row.owner_pid )
			) {
				continue;
			}
			await this.fail( row.id, {
				code: 'syteops_job_interrupted',
				message:
					'The sidecar stopped before this job finished. Nothing was changed on the site; start it again.',
				data: { status: 500 },
			} );
			failed++;
		}
		return failed;
	}
}
