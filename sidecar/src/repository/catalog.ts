/**
 * The snapshot catalog (table `<prefix>syteops_backups`): one row per snapshot, the shape of the second seed
 * document. The archive's file name stays inside the sidecar; `toPublic` is the only way a row leaves it.
 */
import type { RowDataPacket } from 'mysql2';

import type { Pool } from '../db/pool';
import type { SnapshotStatus, SnapshotType } from '../schedule/retention-types';
import { fromSqlTime, toSqlTime } from './sql-time';

// One definition of a snapshot's type and status, shared with the (pure) retention policy.
export type { SnapshotStatus, SnapshotType };

export interface SnapshotRow {
	id: string;
	site_id: string;
	taken_at: string;
	taken_by_user_id: string | null;
	type: SnapshotType;
	scope: string;
	status: SnapshotStatus;
	size_bytes: string;
	retention_until: string | null;
	pinned: number;
	pin_label: string | null;
	pin_expires_at: string | null;
	label: string;
	archive_name: string;
	manifest_summary: string | null;
	error_code: string | null;
	error_message: string | null;
	created_at: string;
	updated_at: string;
}

export interface PublicSnapshot {
	id: string;
	site_id: number;
	taken_at: string;
	taken_by_user_id: number | null;
	type: SnapshotType;
	scope: string;
	status: SnapshotStatus;
	size_bytes: number;
	retention_until: string | null;
	pinned: boolean;
	pin_label: string | null;
	pin_expires_at: string | null;
	label: string;
	manifest: unknown;
	error: { code: string; message: string } | null;
	created_at: string;
	updated_at: string;
}

export interface ListQuery {
	page: number;
	perPage: number;
	orderby: 'taken_at' | 'size_bytes' | 'type' | 'status' | 'label';
	order: 'asc' | 'desc';
	search?: string;
	after?: Date;
	before?: Date;
	includeDeleted?: boolean;
}

export function toPublic( row: SnapshotRow ): PublicSnapshot {
	return {
		id: row.id,
		site_id: Number( row.site_id ),
		taken_at: fromSqlTime( row.taken_at ) as string,
		taken_by_user_id:
			row.taken_by_user_id === null
				? null
				: Number( row.taken_by_user_id ),
		type: row.type,
		scope: row.scope,
		status: row.status,
		size_bytes: Number( row.size_bytes ),
		retention_until: fromSqlTime( row.retention_until ),
		pinned: row.pinned === 1,
		pin_label: row.pin_label,
		pin_expires_at: fromSqlTime( row.pin_expires_at ),
		label: row.label,
		manifest: row.manifest_summary
			? JSON.parse( row.manifest_summary )
			: null,
		error: row.error_code
			? { code: row.error_code, message: row.error_message ?? '' }
			: null,
		created_at: fromSqlTime( row.created_at ) as string,
		updated_at: fromSqlTime( row.updated_at ) as string,
	};
}

export class Catalog {
	readonly table: string;

	constructor(
		private readonly pool: Pool,
		prefix: string,
		private readonly now: () => Date = () => new Date()
	) {
		this.table = `\`${ prefix }syteops_backups\``;
	}

	async insertCapturing( record: {
		id: string;
		type: SnapshotType;
		scope: string;
		label: string;
		userId: number | null;
		retentionUntil: Date | null;
	} ): Promise< void > {
		const now = toSqlTime( this.now() );
		await this.pool.query(
			`INSERT INTO ${ this.table } (id, site_id, taken_at, taken_by_user_id, type, scope, status, label, retention_until, created_at, updated_at)
			 VALUES (?, 1, ?, ?, ?, ?, 'capturing', ?, ?, ?, ?)`,
			[
				record.id,
				now,
				record.userId,
				record.type,
				record.scope,
				record.label,
				record.retentionUntil
					? toSqlTime( record.retentionUntil )
					: null,
				now,
				now,
			]
		);
	}

	/**
	 * Records the name a capture's archive will have, before the file appears under it: a process killed
	 * after the archive is published but before the row turns available then leaves a capturing row that
	 * names the file (start-up recovery removes both halves), never an archive that no row names.
	 * @param id
	 * @param archiveName
	 */
	async claimArchiveName( id: string, archiveName: string ): Promise< void > {
		await this.update( id, { archive_name: archiveName } );
	}

	async markAvailable(
		id: string,
		archiveName: string,
		sizeBytes: number,
		summary: unknown
	): Promise< void > {
		await this.update( id, {
			status: 'available',
			archive_name: archiveName,
			size_bytes: sizeBytes,
			manifest_summary: JSON.stringify( summary ),
		} );
	}

	async markFailed(
		id: string,
		code: string,
		message: string
	): Promise< void > {
		await this.update( id, {
			status: 'failed',
			error_code: code,
			error_message: message.slice( 0, 2000 ),
		} );
	}

	async setStatus( id: string, status: SnapshotStatus ): Promise< void > {
		await this.update( id, { status } );
	}

	/**
	 * Marked before the archive is removed, and the archive name kept: a kill between the two leaves a deleted
	 * row naming a file that start-up recovery removes, never an available row without its archive.
	 * @param id
	 */
	async markDeleted( id: string ): Promise< void > {
		await this.update( id, { status: 'deleted' } );
	}

	async setPin(
		id: string,
		pinned: boolean,
		label: string | null,
		expiresAt: Date | null
	): Promise< void > {
		await this.update( id, {
			pinned: pinned ? 1 : 0,
			pin_label: label,
			pin_expires_at: expiresAt ? toSqlTime( expiresAt ) : null,
		} );
	}

	async setRetentionUntil( id: string, until: Date | null ): Promise< void > {
		await this.update( id, {
			retention_until: until ? toSqlTime( until ) : null,
		} );
	}

	async get( id: string ): Promise< SnapshotRow | null > {
		const [ rows ] = await this.pool.query<
			( SnapshotRow & RowDataPacket )[]
		>( `SELECT * FROM ${ this.table } WHERE id = ?`, [ id ] );
		return rows[ 0 ] ?? null;
	}

	async list(
		query: ListQuery
	): Promise< { items: SnapshotRow[]; total: number } > {
		const where: string[] = [];
		const params: unknown[] = [];
		if ( ! query.includeDeleted ) {
			where.push( "status <> 'deleted'" );
		}
		if ( query.search ) {
			where.push( 'label LIKE ?' );
			params.push(
				`%${ query.search.replace( /[\\%_]/g, ( c ) => '\\' + c ) }%`
			);
		}
		if ( query.after ) {
			where.push( 'taken_at >= ?' );
			params.push( toSqlTime( query.after ) );
		}
		if ( query.before ) {
			where.push( 'taken_at <= ?' );
			params.push( toSqlTime( query.before ) );
		}
		const clause = where.length ? `WHERE ${ where.join( ' AND ' ) }` : '';
		const [ countRows ] = await this.pool.query< RowDataPacket[] >(
			`SELECT COUNT(*) AS n FROM ${ this.table } ${ clause }`,
			params
		);
		// orderby/order come from a closed enum checked at the HTTP edge; the tie-breaker keeps pages stable.
		const [ rows ] = await this.pool.query<
			( SnapshotRow & RowDataPacket )[]
		>(
			`SELECT * FROM ${ this.table } ${ clause } ORDER BY ${ query.orderby } ${ query.order }, id ${ query.order } LIMIT ? OFFSET ?`,
			[ ...params, query.perPage, ( query.page - 1 ) * query.perPage ]
		);
		return { items: rows, total: Number( countRows[ 0 ].n ) };
	}

	async all( statuses: SnapshotStatus[] ): Promise< SnapshotRow[] > {
		const [ rows ] = await this.pool.query<
			( SnapshotRow & RowDataPacket )[]
		>(
			`SELECT * FROM ${ this.table } WHERE status IN (?) ORDER BY taken_at DESC, id DESC`,
			[ statuses ]
		);
		return rows;
	}

	/** After a crash: captures that never finished failed; restores that never finished leave their source intact. */
	async resolveInterrupted(): Promise< {
		failed: number;
		released: number;
	} > {
		const now = toSqlTime( this.now() );
		const [ failed ] = await this.pool.query<
			RowDataPacket[] & { affectedRows: number }
		>(
			`UPDATE ${ this.table } SET status = 'failed', error_code = 'syteops_job_interrupted',
			 error_message = 'The sidecar stopped while this snapshot was being captured.', updated_at = ? WHERE status = 'capturing'`,
			[ now ]
		);
		const [ released ] = await this.pool.query<
			RowDataPacket[] & { affectedRows: number }
		>(
			`UPDATE ${ this.table } SET status = 'available', updated_at = ? WHERE status = 'restoring'`,
			[ now ]
		);
		return { failed: failed.affectedRows, released: released.affectedRows };
	}

	private async update(
		id: string,
		fields: Record< string, unknown >
	): Promise< void > {
		const names = Object.keys( fields );
		await this.pool.query(
			`UPDATE ${ this.table } SET ${ names.map( ( n ) => `${ n } = ?` ).join( ', ' ) }, updated_at = ? WHERE id = ?`,
			[
				...names.map( ( n ) => fields[ n ] ),
				toSqlTime( this.now() ),
				id,
			]
		);
	}
}
