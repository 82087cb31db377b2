/**
 * Choices of the Automatic Backups form.
 */

/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

export function frequencyOptions(): { value: string; label: string }[] {
	return [
		{ value: 'hourly', label: __( 'Every hour', 'syteops-backup' ) },
		{ value: 'daily', label: __( 'Daily', 'syteops-backup' ) },
		{ value: 'weekly', label: __( 'Weekly', 'syteops-backup' ) },
		{ value: 'biweekly', label: __( 'Every two weeks', 'syteops-backup' ) },
		{ value: 'monthly', label: __( 'Monthly', 'syteops-backup' ) },
	];
}

export function dayOfWeekOptions(): { value: string; label: string }[] {
	return [
		__( 'Sunday', 'syteops-backup' ),
		__( 'Monday', 'syteops-backup' ),
		__( 'Tuesday', 'syteops-backup' ),
		__( 'Wednesday', 'syteops-backup' ),
		__( 'Thursday', 'syteops-backup' ),
		__( 'Friday', 'syteops-backup' ),
		__( 'Saturday', 'syteops-backup' ),
	].map( ( label, day ) => ( { value: String( day ), label } ) );
}
