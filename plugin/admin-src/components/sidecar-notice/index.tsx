/**
 * WordPress dependencies
 */
import { Notice } from '@wordpress/components';
import { useEffect, useRef } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Replaces the Backup tab's panels when the SyteOps Backup service cannot be reached: says so plainly and how
 * to start it, instead of spinners or empty tables. Focus moves to it so screen readers announce it.
 *
 * @param props
 * @param props.message The server's own message.
 */
export default function SidecarNotice( { message }: { message: string } ) {
	const ref = useRef< HTMLDivElement >( null );
	useEffect( () => ref.current?.focus(), [] );
	return (
		<div ref={ ref } tabIndex={ -1 } className="syteops-sidecar-notice">
			<Notice status="error" isDismissible={ false }>
				<p>
					<strong>
						{ __(
							'SyteOps Backup is not running.',
							'syteops-backup'
						) }
					</strong>
				</p>
				<p>{ message }</p>
				<p>
					{ __(
						'Backups, restores and schedules are paused until the service is back. On the server, run: syteops-backup serve (see docs/cli.md), then reload this page.',
						'syteops-backup'
					) }
				</p>
			</Notice>
		</div>
	);
}
