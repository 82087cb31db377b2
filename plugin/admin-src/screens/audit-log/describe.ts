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

/**
 * The change shape in one line: its message when it has one, else "before → after" of a status, else the
 * keys that changed. Never more than the server recorded (which holds no secrets).
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
	const { before, after } = change;
	if (
		( typeof before === 'string' || before === null ) &&
		( typeof after === 'string' || after === null )
	) {
		return `${ before ?? '—' } → ${ after ?? '—' }`;
	}
	return Object.keys( change ).join( ', ' );
}
