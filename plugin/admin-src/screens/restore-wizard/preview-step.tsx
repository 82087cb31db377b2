/**
 * Step 2: what applying this snapshot would do (counts and scope, diff against the live site, whether it
 * comes from another site), the URL rewrite (on by default for another site, shown as from → to), the
 * confirmation checkbox, and Apply.
 */

/**
 * WordPress dependencies
 */
import { Button, CheckboxControl, Notice } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { Preview } from '../../api/restore';
import {
	displaySiteUrl,
	importPlanLines,
	rewriteLine,
	scopeLabel,
	summarizeDiff,
} from '../../lib/restore-summary';

export default function PreviewStep( {
	preview,
	asImport,
	busy,
	onApply,
	onCancel,
}: {
	preview: Preview;
	asImport: boolean;
	busy: boolean;
	onApply: ( urlRewrite: boolean ) => void;
	onCancel: () => void;
} ) {
	const [ confirmed, setConfirmed ] = useState( false );
	const [ rewrite, setRewrite ] = useState( preview.url_rewrite.default );
	const { summary } = preview;
	const diff = summarizeDiff( preview.diff );
	const fromTo = rewriteLine( preview.url_rewrite );
	const row = ( label: string, value: string | number ) => (
		<tr>
			<th scope="row">{ label }</th>
			<td>{ value }</td>
		</tr>
	);

	return (
		<div className="syteops-restore-preview">
			<h3>{ __( 'Preview', 'syteops-backup' ) }</h3>
			{ preview.cross_site ? (
				<Notice status="warning" isDismissible={ false }>
					{ sprintf(
						/* translators: %s: URL of the site the backup was taken on. */
						__(
							'This backup comes from another site: %s',
							'syteops-backup'
						),
						displaySiteUrl( preview.source.site_url )
					) }
				</Notice>
			) : (
				<p>
					{ __(
						'This backup was taken on this site.',
						'syteops-backup'
					) }
				</p>
			) }
			<table className="widefat striped syteops-preview-table">
				<caption className="screen-reader-text">
					{ __( 'What the backup contains', 'syteops-backup' ) }
				</caption>
				<tbody>
					{ row(
						__( 'Scope', 'syteops-backup' ),
						scopeLabel( summary.scope )
					) }
					{ row(
						__( 'Taken on', 'syteops-backup' ),
						displaySiteUrl( preview.source.site_url )
					) }
					{ row(
						__( 'Taken at (UTC)', 'syteops-backup' ),
						summary.created_at
					) }
					{ row( __( 'Tables', 'syteops-backup' ), summary.tables ) }
					{ row( __( 'Rows', 'syteops-backup' ), summary.rows ) }
					{ row( __( 'Users', 'syteops-backup' ), summary.users ) }
					{ row(
						__( 'Media files', 'syteops-backup' ),
						summary.media_files
					) }
					{ row(
						__( 'Theme files', 'syteops-backup' ),
						summary.theme_files
					) }
					{ row(
						__( 'Plugin files', 'syteops-backup' ),
						summary.plugin_files
					) }
				</tbody>
			</table>
			<h4>{ __( 'What changes on this site', 'syteops-backup' ) }</h4>
			{ asImport ? (
				<ul className="syteops-preview-import">
					{ importPlanLines( preview.import ).map( ( line ) => (
						<li key={ line }>{ line }</li>
					) ) }
					<li>
						{ __(
							'Everything outside this scope stays as it is.',
							'syteops-backup'
						) }
					</li>
				</ul>
			) : (
				<ul className="syteops-preview-diff">
					<li>
						{ sprintf(
							/* translators: 1: tables in the backup, 2: tables whose row count differs, 3: tables new to this site. */
							__(
								'%1$d tables replaced: %2$d with a different number of rows, %3$d new to this site.',
								'syteops-backup'
							),
							diff.tables,
							diff.tablesChanged,
							diff.tablesNew
						) }
					</li>
					<li>
						{ sprintf(
							/* translators: 1: rows now on this site, 2: rows in the backup. */
							__(
								'Rows: %1$d now, %2$d after.',
								'syteops-backup'
							),
							diff.rowsNow,
							diff.rowsInArchive
						) }
					</li>
					<li>
						{ sprintf(
							/* translators: 1: users added, 2: users changed, 3: users removed. */
							__(
								'Users: %1$d added, %2$d changed, %3$d removed.',
								'syteops-backup'
							),
							diff.usersAdded,
							diff.usersChanged,
							diff.usersRemoved
						) }
					</li>
					<li>
						{ diff.mediaNow === null
							? sprintf(
									/* translators: %d: media files in the backup. */
									__(
										'Media files: %d in the backup.',
										'syteops-backup'
									),
									diff.mediaInArchive
								)
							: sprintf(
									/* translators: 1: media files now, 2: media files in the backup. */
									__(
										'Media files: %1$d now, %2$d after.',
										'syteops-backup'
									),
									diff.mediaNow,
									diff.mediaInArchive
								) }
					</li>
				</ul>
			) }
			{ preview.secrets_excluded.length > 0 && (
				<p className="syteops-preview-secrets">
					{ __(
						'Secrets (API keys, tokens, signing keys) are not in backups; re-enter them after restoring.',
						'syteops-backup'
					) }
				</p>
			) }
			{ preview.warnings.map( ( warning ) => (
				<Notice key={ warning } status="info" isDismissible={ false }>
					{ warning }
				</Notice>
			) ) }
			{ preview.url_rewrite.offered && fromTo && (
				<CheckboxControl
					className="syteops-url-rewrite"
					label={ __(
						'Rewrite URLs to this site',
						'syteops-backup'
					) }
					help={ fromTo }
					checked={ rewrite }
					onChange={ setRewrite }
				/>
			) }
			<CheckboxControl
				className="syteops-restore-confirm"
				label={
					asImport
						? sprintf(
								/* translators: %s: the scope, e.g. "User: jdoe". */
								__(
									'I understand that importing replaces %s on this site (nothing else is touched).',
									'syteops-backup'
								),
								scopeLabel( summary.scope )
							)
						: __(
								'I understand that restoring replaces this site’s database and files with this backup. A safety backup of the site is taken first.',
								'syteops-backup'
							)
				}
				checked={ confirmed }
				onChange={ setConfirmed }
			/>
			<div className="syteops-restore-actions">
				<Button
					variant="primary"
					isDestructive
					disabled={ ! confirmed || busy }
					isBusy={ busy }
					onClick={ () =>
						onApply( preview.url_rewrite.offered && rewrite )
					}
				>
					{ asImport
						? __( 'Apply import', 'syteops-backup' )
						: __( 'Apply restore', 'syteops-backup' ) }
				</Button>
				<Button
					variant="tertiary"
					onClick={ onCancel }
					disabled={ busy }
				>
					{ __( 'Cancel', 'syteops-backup' ) }
				</Button>
			</div>
		</div>
	);
}
