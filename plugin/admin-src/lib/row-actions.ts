/**
 * Which row actions a snapshot offers: only those the user's role holds, and only where the snapshot's state
 * allows them (a capturing or failed snapshot can be neither restored nor downloaded). Pure.
 */

/**
 * Internal dependencies
 */
import { can, type Action } from './capabilities';

export type RowAction =
	'restore' | 'download' | 'pin' | 'unpin' | 'verify' | 'delete';

interface RowSnapshot {
	status: string;
	pinned: boolean;
	scope: string;
	type: string;
}

export function rowActions(
	snapshot: RowSnapshot,
	capabilities: Record< string, boolean >
): RowAction[] {
	const allowed = ( action: Action ) => can( action, capabilities );
	const available = snapshot.status === 'available';
	const actions: RowAction[] = [];
	// Scoped exports are imported, not restored; the import flow lives with the wizard.
	if ( available && snapshot.scope === 'full' && allowed( 'restore' ) ) {
		actions.push( 'restore' );
	}
	if ( available && allowed( 'download' ) ) {
		actions.push( 'download' );
	}
	if ( snapshot.pinned ) {
		if ( allowed( 'unpin' ) ) {
			actions.push( 'unpin' );
		}
	} else if (
		( available || snapshot.status === 'restoring' ) &&
		allowed( 'pin' )
	) {
		actions.push( 'pin' );
	}
	if ( available && allowed( 'verify' ) ) {
		actions.push( 'verify' );
	}
	// Offered for pinned snapshots too: the server's refusal says to unpin first.
	if (
		snapshot.status !== 'capturing' &&
		snapshot.status !== 'restoring' &&
		allowed( 'delete' )
	) {
		actions.push( 'delete' );
	}
	return actions;
}
