/**
 * WordPress dependencies
 */
import { Card, CardBody, CardHeader } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

/**
 * The Backup tab. Its panels arrive as their back ends land; this shell names the tab.
 */
export default function BackupTab() {
	return (
		<Card className="syteops-backup-tab">
			<CardHeader>
				<h2>{ __( 'Backup', 'syteops-backup' ) }</h2>
			</CardHeader>
			<CardBody>
				<p>
					{ __(
						'Create, verify and restore backups of this site, and move it to another site.',
						'syteops-backup'
					) }
				</p>
			</CardBody>
		</Card>
	);
}
