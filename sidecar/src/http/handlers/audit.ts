/**
 * The backup audit log as the Backup tab reads it: 50 entries a page, newest first, optionally filtered to
 * exports, restores or automatic (scheduler) entries.
 */
import type { RowDataPacket } from 'mysql2';

import type { Handlers } from '../../app';
import type { SiteContext } from '../../engine/context';
import { fromSqlTime } from '../../repository/sql-time';
import { enumParam, input, intParam } from '../params';

const PER_PAGE = 50;
const TYPES = [ 'exports', 'restores', 'automatic' ] as const;

interface AuditRow extends RowDataPacket {
	id: number | string;
	created_at: string;
	user_id: number | string | null;
	actor: string;
	action: string;
	type: string;
	snapshot_id: string | null;
	change_shape: string | null;
}

function toEntry( row: AuditRow ) {
	let change: unknown = null;
	try {
		change = row.change_shape ? JSON.parse( row.change_shape ) : null;
	} catch {
		change = null;
	}
	return {
		id: Number( row.id ),
		created_at: fromSqlTime( row.created_at ),
		user_id: row.user_id === null ? null : Number( row.user_id ),
		actor: row.actor,
		action: row.action,
		type: row.type,
		snapshot_id: row.snapshot_id,
		change,
	};
}

export function auditHandlers( site: SiteContext ): Handlers {
	const table = `\`${ site.config.tablePrefix }syteops_audit\``;
	return {
		'audit.list': async ( req, res ) => {
			const src = input( req );
			const type = enumParam( src, 'type', TYPES, undefined );
			const page = intParam( src, 'page', 1, 1, 1_000_000 ) as number;
			const where = type ? 'WHERE type = ?' : '';
			const params = type ? [ type ] : [];
			const [ count ] = await site.pool.query< RowDataPacket[] >(
				`SELECT COUNT(*) AS n FROM ${ table } ${ where }`,
				params
			);
			// The id follows insertion order, so it breaks ties between entries of the same second.
			const [ rows ] = await site.pool.query< AuditRow[] >(
				`SELECT id, created_at, user_id, actor, action, type, snapshot_id, change_shape FROM ${ table } ${ where }
				 ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
				[ ...params, PER_PAGE, ( page - 1 ) * PER_PAGE ]
			);
			const total = Number( count[ 0 ].n );
			res.setHeader( 'X-WP-Total', String( total ) );
			res.setHeader(
				'X-WP-TotalPages',
				String( Math.max( 1, Math.ceil( total / PER_PAGE ) ) )
			);
			res.json( rows.map( toEntry ) );
		},
	};
}
