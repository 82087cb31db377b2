/**
 * Display names of snapshot types and statuses.
 */

/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

export function typeLabel( type: string ): string {
	switch ( type ) {
		case 'manual':
			return __( 'Manual', 'syteops-backup' );
		case 'scheduled':
			return __( 'Automatic', 'syteops-backup' );
		case 'uploaded':
			return __( 'Uploaded', 'syteops-backup' );
		case 'export':
			return __( 'Export', 'syteops-backup' );
		default:
			return type;
	}
}

export function statusLabel( status: string ): string {
	switch ( status ) {
		case 'capturing':
			return __( 'Capturing', 'syteops-backup' );
		case 'available':
			return __( 'Available', 'syteops-backup' );
		case 'restoring':
			return __( 'Restoring', 'syteops-backup' );
		case 'failed':
			return __( 'Failed', 'syteops-backup' );
		case 'deleted':
			return __( 'Deleted', 'syteops-backup' );
		default:
			return status;
	}
}
