/**
 * WordPress dependencies
 */
import { Card, CardBody, CardHeader, Spinner } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { listBackups, type SnapshotPage } from '../../api/backups';
import { ApiError } from '../../api/client';
import SidecarNotice from '../../components/sidecar-notice';

type Load =
	| { state: 'loading' }
	| { state: 'ready'; page: SnapshotPage }
	| { state: 'error'; error: ApiError };

/**
 * The Backup tab. Panels arrive as their back ends land; it already tells the admin when the service is down.
 */
export default function BackupTab() {
	const [ load, setLoad ] = useState< Load >( { state: 'loading' } );
	useEffect( () => {
		listBackups().then(
			( page ) => setLoad( { state: 'ready', page } ),
			( error: ApiError ) => setLoad( { state: 'error', error } )
		);
	}, [] );

	if (
		load.state === 'error' &&
		load.error.code === 'syteops_sidecar_unavailable'
	) {
		return <SidecarNotice message={ load.error.message } />;
	}
	return (
		<Card className="syteops-backup-tab">
			<CardHeader>
				<h2>{ __( 'Backup', 'syteops-backup' ) }</h2>
			</CardHeader>
			<CardBody>
				{ load.state === 'loading' && <Spinner /> }
				{ load.state === 'error' && (
					<p className="syteops-backup-error">
						{ load.error.message }
					</p>
				) }
				{ load.state === 'ready' && (
					<p className="syteops-backup-count">
						{ sprintf(
							/* translators: %d: number of saved backups in the last 60 days. */
							__(
								'Saved backups in the last 60 days: %d',
								'syteops-backup'
							),
							load.page.total
						) }
					</p>
				) }
			</CardBody>
		</Card>
	);
}
