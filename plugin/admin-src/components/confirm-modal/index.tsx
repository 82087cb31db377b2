/**
 * WordPress dependencies
 */
import { Button, Modal } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

/**
 * A confirmation dialog: the question, then Cancel and the action (focus starts inside the dialog; Escape
 * cancels).
 *
 * @param props
 * @param props.title         Dialog title.
 * @param props.children      What is about to happen.
 * @param props.confirmLabel  The action's button text.
 * @param props.isDestructive Styles the action as destructive.
 * @param props.onConfirm     Runs the action.
 * @param props.onCancel      Closes without acting.
 */
export default function ConfirmModal( {
	title,
	children,
	confirmLabel,
	isDestructive = false,
	onConfirm,
	onCancel,
}: {
	title: string;
	children: React.ReactNode;
	confirmLabel: string;
	isDestructive?: boolean;
	onConfirm: () => void;
	onCancel: () => void;
} ) {
	return (
		<Modal
			title={ title }
			onRequestClose={ onCancel }
			className="syteops-confirm-modal"
		>
			{ children }
			<div className="syteops-modal-actions">
				<Button variant="tertiary" onClick={ onCancel }>
					{ __( 'Cancel', 'syteops-backup' ) }
				</Button>
				<Button
					variant="primary"
					isDestructive={ isDestructive }
					onClick={ onConfirm }
				>
					{ confirmLabel }
				</Button>
			</div>
		</Modal>
	);
}
