/**
 * WordPress dependencies
 */
import { Button, Modal, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Pin a snapshot: an optional label and an optional expiry day (the pin ends at the end of that day, UTC).
 * Server refusals (an expiry in the past) are shown inside the dialog.
 *
 * @param props
 * @param props.error    The server's message from the last attempt.
 * @param props.busy     A request is in flight.
 * @param props.onSubmit Pins with the label and expiry.
 * @param props.onCancel Closes the dialog.
 */
export default function PinModal( {
	error,
	busy,
	onSubmit,
	onCancel,
}: {
	error: string | null;
	busy: boolean;
	onSubmit: ( pin: { label: string; expiresAt: string | null } ) => void;
	onCancel: () => void;
} ) {
	const [ label, setLabel ] = useState( '' );
	const [ expires, setExpires ] = useState( '' );
	return (
		<Modal
			title={ __( 'Pin backup', 'syteops-backup' ) }
			onRequestClose={ onCancel }
			className="syteops-pin-modal"
		>
			<form
				onSubmit={ ( event ) => {
					event.preventDefault();
					onSubmit( {
						label,
						expiresAt: expires ? `${ expires }T23:59:59Z` : null,
					} );
				} }
			>
				<p>
					{ __(
						'A pinned backup is never removed by retention and cannot be deleted until it is unpinned.',
						'syteops-backup'
					) }
				</p>
				<TextControl
					label={ __( 'Label (optional)', 'syteops-backup' ) }
					value={ label }
					maxLength={ 100 }
					onChange={ ( value: string ) => setLabel( value ) }
					help={ __(
						'For example: pre-launch, before-migration.',
						'syteops-backup'
					) }
				/>
				<TextControl
					label={ __(
						'Keep pinned until (optional, UTC)',
						'syteops-backup'
					) }
					type="date"
					value={ expires }
					onChange={ ( value: string ) => setExpires( value ) }
					help={ __(
						'Leave empty to keep it pinned until you unpin it.',
						'syteops-backup'
					) }
				/>
				{ error && (
					<p className="syteops-field-error" role="alert">
						{ error }
					</p>
				) }
				<div className="syteops-modal-actions">
					<Button variant="tertiary" onClick={ onCancel }>
						{ __( 'Cancel', 'syteops-backup' ) }
					</Button>
					<Button
						variant="primary"
						type="submit"
						isBusy={ busy }
						disabled={ busy }
					>
						{ __( 'Pin', 'syteops-backup' ) }
					</Button>
				</div>
			</form>
		</Modal>
	);
}
