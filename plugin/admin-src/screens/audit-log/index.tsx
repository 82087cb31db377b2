/**
 * WordPress dependencies
 */
import { SelectControl, Spinner } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { listAudit, type AuditEntry, type AuditFilter } from '../../api/audit';
import { ApiError } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import type { TabContext } from '../backup-tab/context';
import { actionLabel, actorLabel, changeSummary } from './describe';

/**
 * The Backup audit log: the 50 most recent entries, filtered to exports, restores or automatic runs.
 *
 * @param props
 * @param props.context The tab's shared context.
 */
export default function AuditLog( { context }: { context: TabContext } ) {
	const { reportError, catalogVersion } = context;
	const [ filter, setFilter ] = useState< AuditFilter >( '' );
	const [ entries, setEntries ] = useState< AuditEntry[] | null >( null );
	const [ error, setError ] = useState< string | null >( null );

	useEffect( () => {
		let current = true;
		setEntries( null );
		listAudit( filter ).then(
			( result ) => current && setEntries( result.items ),
			( failure: ApiError ) => {
				if ( current && ! reportError( failure ) ) {
					setError( failure.message );
				}
			}
		);
		return () => {
			current = false;
		};
	}, [ filter, catalogVersion, reportError ] );

	return (
		<div className="syteops-audit-log">
			<h2>{ __( 'Audit log', 'syteops-backup' ) }</h2>
			<p>
				{ __(
					'The 50 most recent backup and restore operations.',
					'syteops-backup'
				) }
			</p>
			<div className="tablenav top">
				<SelectControl
					className="syteops-audit-filter"
					label={ __( 'Show', 'syteops-backup' ) }
					value={ filter }
					options={ [
						{
							value: '',
							label: __( 'All entries', 'syteops-backup' ),
						},
						{
							value: 'exports',
							label: __( 'Exports', 'syteops-backup' ),
						},
						{
							value: 'restores',
							label: __( 'Restores', 'syteops-backup' ),
						},
						{
							value: 'automatic',
							label: __( 'Automatic', 'syteops-backup' ),
						},
					] }
					onChange={ ( value: string ) =>
						setFilter( value as AuditFilter )
					}
				/>
			</div>
			{ error && (
				<p className="syteops-backup-error" role="alert">
					{ error }
				</p>
			) }
			{ ! entries && ! error && <Spinner /> }
			{ entries && (
				<table className="wp-list-table widefat fixed striped syteops-audit-table">
					<caption className="screen-reader-text">
						{ __( 'Audit log entries', 'syteops-backup' ) }
					</caption>
					<thead>
						<tr>
							<th scope="col">
								{ __( 'When', 'syteops-backup' ) }
							</th>
							<th scope="col">
								{ __( 'Who', 'syteops-backup' ) }
							</th>
							<th scope="col">
								{ __( 'Action', 'syteops-backup' ) }
							</th>
							<th scope="col">
								{ __( 'Backup', 'syteops-backup' ) }
							</th>
							<th scope="col">
								{ __( 'Change', 'syteops-backup' ) }
							</th>
						</tr>
					</thead>
					<tbody aria-live="polite">
						{ entries.length === 0 && (
							<tr className="no-items">
								<td colSpan={ 5 }>
									{ __( 'No entries.', 'syteops-backup' ) }
								</td>
							</tr>
						) }
						{ entries.map( ( entry ) => (
							<tr
								key={ entry.id }
								className={ `syteops-audit-row audit-${ entry.type }` }
								data-action={ entry.action }
								data-type={ entry.type }
							>
								<td>
									{ formatDateTime(
										entry.created_at,
										context.clock
									) }
								</td>
								<td>{ actorLabel( entry ) }</td>
								<td>{ actionLabel( entry.action ) }</td>
								<td>
									{ entry.snapshot_id ? (
										<code>
											{ entry.snapshot_id.slice( 0, 8 ) }
										</code>
									) : (
										'—'
									) }
								</td>
								<td>{ changeSummary( entry.change ) }</td>
							</tr>
						) ) }
					</tbody>
				</table>
			) }
		</div>
	);
}
