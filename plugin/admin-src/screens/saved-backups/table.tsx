/**
 * WordPress dependencies
 */
import { Button } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { downloadUrl, type Snapshot } from '../../api/backups';
import type { Job } from '../../api/jobs';
import {
	formatBytes,
	formatDateTime,
	formatPin,
	formatProgress,
	formatRetention,
	type SiteClock,
} from '../../lib/format';
import type { ListQuery, SortField } from '../../lib/list-query';
import { rowActions, type RowAction } from '../../lib/row-actions';
import { statusLabel, typeLabel } from './labels';

interface Column {
	field: SortField | null;
	title: string;
}

function columns(): Column[] {
	return [
		{ field: 'taken_at', title: __( 'Taken', 'syteops-backup' ) },
		{ field: 'type', title: __( 'Type', 'syteops-backup' ) },
		{ field: 'size_bytes', title: __( 'Size', 'syteops-backup' ) },
		{ field: null, title: __( 'Retention', 'syteops-backup' ) },
		{ field: 'label', title: __( 'Label', 'syteops-backup' ) },
		{ field: null, title: __( 'Pinned', 'syteops-backup' ) },
		{ field: 'status', title: __( 'Status', 'syteops-backup' ) },
		{ field: null, title: __( 'Actions', 'syteops-backup' ) },
	];
}

function actionLabel( action: RowAction ): string {
	switch ( action ) {
		case 'restore':
			return __( 'Restore', 'syteops-backup' );
		case 'download':
			return __( 'Download', 'syteops-backup' );
		case 'pin':
			return __( 'Pin', 'syteops-backup' );
		case 'unpin':
			return __( 'Unpin', 'syteops-backup' );
		case 'verify':
			return __( 'Verify', 'syteops-backup' );
		case 'delete':
			return __( 'Delete', 'syteops-backup' );
	}
}

/**
 * The Saved Backups table in wp-admin's list-table style: sortable headers (buttons with aria-sort), one row
 * per snapshot, live progress in the row of the snapshot being captured, and the row actions the user's
 * role holds.
 *
 * @param props
 * @param props.items        Snapshots of the page.
 * @param props.query        The applied query (for the sort indicators).
 * @param props.clock        Site time zone.
 * @param props.capabilities The user's capabilities.
 * @param props.job          The backup running now, if any.
 * @param props.onSort       Sorts by a column.
 * @param props.onAction     Runs a row action.
 */
export default function BackupsTable( {
	items,
	query,
	clock,
	capabilities,
	job,
	onSort,
	onAction,
}: {
	items: Snapshot[];
	query: ListQuery;
	clock: SiteClock;
	capabilities: Record< string, boolean >;
	job: Job | null;
	onSort: ( field: SortField ) => void;
	onAction: ( action: RowAction, snapshot: Snapshot ) => void;
} ) {
	return (
		<table className="wp-list-table widefat fixed striped syteops-backups-table">
			<caption className="screen-reader-text">
				{ __( 'Saved backups', 'syteops-backup' ) }
			</caption>
			<thead>
				<tr>
					{ columns().map( ( column ) => {
						const sorted =
							column.field !== null &&
							query.orderby === column.field;
						let ariaSort: 'ascending' | 'descending' | undefined;
						if ( sorted ) {
							ariaSort =
								query.order === 'asc'
									? 'ascending'
									: 'descending';
						}
						return (
							<th
								key={ column.title }
								scope="col"
								aria-sort={ ariaSort }
								className={ `manage-column ${
									sorted ? `sorted ${ query.order }` : ''
								}` }
							>
								{ column.field === null ? (
									column.title
								) : (
									<button
										type="button"
										className="syteops-sort button-link"
										onClick={ () =>
											onSort( column.field as SortField )
										}
									>
										<span>{ column.title }</span>
										<span
											className="sorting-indicator"
											aria-hidden="true"
										/>
									</button>
								) }
							</th>
						);
					} ) }
				</tr>
			</thead>
			<tbody>
				{ items.length === 0 && (
					<tr className="no-items">
						<td className="colspanchange" colSpan={ 8 }>
							{ __(
								'No backups match these filters.',
								'syteops-backup'
							) }
						</td>
					</tr>
				) }
				{ items.map( ( snapshot ) => {
					const live =
						job && job.snapshot_id === snapshot.id ? job : null;
					const actions = rowActions( snapshot, capabilities );
					return (
						<tr
							key={ snapshot.id }
							className={ `syteops-backup-row status-${ snapshot.status }` }
							data-snapshot-id={ snapshot.id }
						>
							<td className="column-taken">
								{ formatDateTime( snapshot.taken_at, clock ) }
							</td>
							<td className="column-type">
								{ typeLabel( snapshot.type ) }
							</td>
							<td className="column-size">
								{ snapshot.status === 'capturing'
									? '—'
									: formatBytes( snapshot.size_bytes ) }
							</td>
							<td className="column-retention">
								{ formatRetention( snapshot, clock ) }
							</td>
							<td className="column-label">
								{ snapshot.label || '—' }
							</td>
							<td className="column-pinned">
								{ formatPin( snapshot, clock ) }
							</td>
							<td className="column-status">
								{ statusLabel( snapshot.status ) }
								{ live && (
									<div
										className="syteops-row-progress"
										aria-live="polite"
									>
										{ formatProgress( live ) }
										<progress
											max={ 100 }
											value={ live.progress.percent ?? 0 }
										/>
									</div>
								) }
								{ snapshot.status === 'failed' &&
									snapshot.error && (
										<div className="syteops-row-error">
											{ snapshot.error.message }
										</div>
									) }
							</td>
							<td className="column-actions">
								<div className="syteops-row-actions">
									{ actions.map( ( action ) =>
										action === 'download' ? (
											<a
												key={ action }
												className="button button-small syteops-action-download"
												href={ downloadUrl(
													snapshot.id
												) }
											>
												{ actionLabel( action ) }
											</a>
										) : (
											<Button
												key={ action }
												variant="secondary"
												isSmall
												isDestructive={
													action === 'delete'
												}
												className={ `syteops-action-${ action }` }
												onClick={ () =>
													onAction( action, snapshot )
												}
											>
												{ actionLabel( action ) }
											</Button>
										)
									) }
								</div>
							</td>
						</tr>
					);
				} ) }
			</tbody>
		</table>
	);
}
