/**
 * Audit entries in words: the action's name and a short summary of its change shape.
 */

/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { AuditEntry } from '../../api/audit';
import { formatBytes } from '../../lib/format';

export function actionLabel( action: string ): string {
	const labels: Record< string, string > = {
		'snapshot.create': __( 'Backup created', 'syteops-backup' ),
		'snapshot.delete': __( 'Backup deleted', 'syteops-backup' ),
		'snapshot.pin': __( 'Backup pinned', 'syteops-backup' ),
		'snapshot.unpin': __( 'Backup unpinned', 'syteops-backup' ),
		'snapshot.sweep': __( 'Removed by retention', 'syteops-backup' ),
		'snapshot.upload': __( 'Backup uploaded', 'syteops-backup' ),
		'restore.start': __( 'Restore started', 'syteops-backup' ),
		'restore.finish': __( 'Restore finished', 'syteops-backup' ),
		'export.create': __( 'Export created', 'syteops-backup' ),
		'import.start': __( 'Import started', 'syteops-backup' ),
		'import.finish': __( 'Import finished', 'syteops-backup' ),
		'schedule.edit': __( 'Schedule changed', 'syteops-backup' ),
		'schedule.disable': __( 'Schedule paused', 'syteops-backup' ),
		'schedule.run': __( 'Automatic backup run', 'syteops-backup' ),
		'retention.change': __( 'Default retention changed', 'syteops-backup' ),
	};
	return labels[ action ] ?? action;
}

export function actorLabel( entry: AuditEntry ): string {
	if ( entry.actor === 'scheduler' ) {
		return __( 'Scheduler', 'syteops-backup' );
	}
	return sprintf(
		/* translators: %d: WordPress user id. */
		__( 'User #%d', 'syteops-backup' ),
		entry.user_id ?? 0
	);
}

function show( key: string, value: unknown ): string {
	if ( value === null || value === undefined || value === '' ) {
		return '—';
	}
	if ( key === 'size_bytes' && typeof value === 'number' ) {
		return formatBytes( value );
	}
	if ( typeof value === 'object' ) {
		return JSON.stringify( value );
	}
	return String( value );
}

const MAX_PARTS = 4;

/**
 * The change shape in one line: its message when it has one; for a before/after shape the fields that
 * changed ("enabled: true → false"); otherwise its fields ("type: manual, size_bytes: 2.3 MB"). Never more
 * than the server recorded, which holds no secrets.
 * @param change
 */
export function changeSummary(
	change: Record< string, unknown > | null
): string {
	if ( ! change ) {
		return '';
	}
	if ( typeof change.message === 'string' ) {
		return change.message;
	}
	const parts: string[] = [];
	if ( 'before' in change || 'after' in change ) {
		const { before, after } = change;
		if ( typeof after !== 'object' || after === null ) {
			return `${ show( '', before ) } → ${ show( '', after ) }`;
		}
		const old = (
			typeof before === 'object' && before !== null ? before : {}
		) as Record< string, unknown >;
		for ( const [ key, value ] of Object.entries( after ) ) {
			if ( JSON.stringify( old[ key ] ) === JSON.stringify( value ) ) {
				continue;
			}
			parts.push(
				key in old
					? `${ key }: ${ show( key, old[ key ] ) } → ${ show(
							key,
							value
						) }`
					: `${ key }: ${ show( key, value ) }`
			);
		}
		if ( parts.length === 0 ) {
			return __( 'No change', 'syteops-backup' );
		}
	} else {
		for ( const [ key, value ] of Object.entries( change ) ) {
			parts.push( `${ key }: ${ show( key, value ) }` );
		}
	}
	const shown = parts.slice( 0, MAX_PARTS ).join( ', ' );
	return parts.length > MAX_PARTS ? `${ shown }, …` : shown;
}
