/**
 * WordPress dependencies
 */
import { Button, Modal, Spinner } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { formatBytes } from '../../lib/format';

export interface Finding {
	code: string;
	severity: 'error' | 'warning';
	message: string;
	path?: string;
}

export interface VerifyReport {
	ok: boolean;
	findings: Finding[];
	summary: {
		entries: number;
		bytes: number;
		tables: number;
		rows: number;
		errors: number;
		warnings: number;
	};
}

/**
 * The verify result: pass or fail, what was checked, and every named finding (severity, code, message, path).
 *
 * @param props
 * @param props.report   The report; null while the verify runs.
 * @param props.progress The live progress line while it runs.
 * @param props.onClose  Closes the dialog.
 */
export default function VerifyReportModal( {
	report,
	progress,
	onClose,
}: {
	report: VerifyReport | null;
	progress: string;
	onClose: () => void;
} ) {
	return (
		<Modal
			title={ __( 'Verify backup', 'syteops-backup' ) }
			onRequestClose={ onClose }
			className="syteops-verify-modal"
		>
			{ ! report && (
				<p aria-live="polite">
					<Spinner /> { progress }
				</p>
			) }
			{ report && (
				<div className="syteops-verify-report" aria-live="polite">
					<p
						className={
							report.ok
								? 'syteops-verify-pass'
								: 'syteops-verify-fail'
						}
					>
						<strong>
							{ report.ok
								? __(
										'Passed: the archive is intact.',
										'syteops-backup'
									)
								: __(
										'Failed: the archive is damaged.',
										'syteops-backup'
									) }
						</strong>
					</p>
					<p>
						{ sprintf(
							/* translators: 1: entries, 2: size, 3: tables, 4: rows checked. */
							__(
								'Checked %1$d entries (%2$s), %3$d tables and %4$d rows.',
								'syteops-backup'
							),
							report.summary.entries,
							formatBytes( report.summary.bytes ),
							report.summary.tables,
							report.summary.rows
						) }
					</p>
					{ report.findings.length === 0 && (
						<p>{ __( 'No findings.', 'syteops-backup' ) }</p>
					) }
					{ report.findings.length > 0 && (
						<table className="wp-list-table widefat striped syteops-findings">
							<thead>
								<tr>
									<th scope="col">
										{ __( 'Severity', 'syteops-backup' ) }
									</th>
									<th scope="col">
										{ __( 'Finding', 'syteops-backup' ) }
									</th>
									<th scope="col">
										{ __( 'Message', 'syteops-backup' ) }
									</th>
								</tr>
							</thead>
							<tbody>
								{ report.findings.map( ( finding, index ) => (
									<tr key={ index }>
										<td>
											{ finding.severity === 'error'
												? __(
														'Error',
														'syteops-backup'
													)
												: __(
														'Warning',
														'syteops-backup'
													) }
										</td>
										<td>
											<code>{ finding.code }</code>
										</td>
										<td>
											{ finding.message }
											{ finding.path &&
												! finding.message.includes(
													finding.path
												) && (
													<>
														{ ' ' }
														<code>
															{ finding.path }
														</code>
													</>
												) }
										</td>
									</tr>
								) ) }
							</tbody>
						</table>
					) }
				</div>
			) }
			<div className="syteops-modal-actions">
				<Button variant="primary" onClick={ onClose }>
					{ __( 'Close', 'syteops-backup' ) }
				</Button>
			</div>
		</Modal>
	);
}
