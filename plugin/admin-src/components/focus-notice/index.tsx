/**
 * WordPress dependencies
 */
import { Notice } from '@wordpress/components';
import { useEffect, useRef } from '@wordpress/element';

export interface NoticeMessage {
	status: 'success' | 'error' | 'warning' | 'info';
	message: string;
	/** Changes with every new notice, so the same text twice still moves focus. */
	id: number;
}

let nextId = 1;

export function makeNotice(
	status: NoticeMessage[ 'status' ],
	message: string
): NoticeMessage {
	return { status, message, id: nextId++ };
}

/**
 * A wp-admin notice that takes keyboard focus when it appears, so screen readers announce the outcome of the
 * action the user just took and keyboard users land on it.
 *
 * @param props
 * @param props.notice    What to show; nothing when null.
 * @param props.onRemove  Dismisses it.
 * @param props.className Extra class for tests and styling.
 */
export default function FocusNotice( {
	notice,
	onRemove,
	className,
}: {
	notice: NoticeMessage | null;
	onRemove: () => void;
	className?: string;
} ) {
	const ref = useRef< HTMLDivElement >( null );
	const id = notice?.id;
	useEffect( () => {
		if ( id !== undefined ) {
			ref.current?.focus();
		}
	}, [ id ] );
	if ( ! notice ) {
		return null;
	}
	return (
		<div
			ref={ ref }
			tabIndex={ -1 }
			className={ `syteops-notice syteops-notice-${ notice.status } ${
				className ?? ''
			}` }
		>
			<Notice status={ notice.status } onRemove={ onRemove }>
				{ notice.message }
			</Notice>
		</div>
	);
}
