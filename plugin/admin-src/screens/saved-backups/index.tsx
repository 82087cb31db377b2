/**
 * WordPress dependencies
 */
import { Button, Spinner, TextControl } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import {
	createBackup,
	listBackups,
	type SnapshotPage,
} from '../../api/backups';
import { ApiError } from '../../api/client';
import ConfirmModal from '../../components/confirm-modal';
import FocusNotice from '../../components/focus-notice';
import ListPagination from '../../components/list-pagination';
import PinModal from '../../components/pin-modal';
import VerifyReportModal from '../../components/verify-report';
import { can } from '../../lib/capabilities';
import { formatDateTime } from '../../lib/format';
import {
	defaultListQuery,
	toggleSort,
	type ListQuery,
} from '../../lib/list-query';
import type { TabContext } from '../backup-tab/context';
import Filters from './filters';
import BackupsTable from './table';
import { useRowActions } from './use-row-actions';

/**
 * The Backups section: Create backup now, then the Saved Backups list with its filters, sort, pages and row
 * actions.
 *
 * @param props
 * @param props.context The tab's shared context.
 */
export default function SavedBackups( { context }: { context: TabContext } ) {
	const [ query, setQuery ] = useState< ListQuery >( () =>
		defaultListQuery()
	);
	const [ page, setPage ] = useState< SnapshotPage | null >( null );
	const [ loadError, setLoadError ] = useState< string | null >( null );
	const [ newLabel, setNewLabel ] = useState( '' );
	const actions = useRowActions( context );
	const { job, notice, clearNotice, run } = context.backupJob;
	const { reportError, catalogVersion } = context;

	useEffect( () => {
		let current = true;
		listBackups( query ).then(
			( result ) => {
				if ( current ) {
					setPage( result );
					setLoadError( null );
				}
			},
			( error: ApiError ) => {
				if ( current && ! reportError( error ) ) {
					setLoadError( error.message );
				}
			}
		);
		return () => {
			current = false;
		};
	}, [ query, catalogVersion, reportError ] );

	// A capture started elsewhere (another admin, the scheduler, the CLI) has no job here to follow: refetch
	// the page every few seconds while one of its rows is still capturing, so it turns available on its own.
	const capturingElsewhere =
		job === null &&
		( page?.items.some( ( item ) => item.status === 'capturing' ) ??
			false );
	const { catalogChanged } = context;
	useEffect( () => {
		if ( ! capturingElsewhere ) {
			return undefined;
		}
		const timer = setTimeout( catalogChanged, 3000 );
		return () => clearTimeout( timer );
	}, [ capturingElsewhere, page, catalogChanged ] );

	const dialog = actions.dialog;
	return (
		<div className="syteops-saved-backups">
			<div className="syteops-section-header">
				<h2>{ __( 'Saved Backups', 'syteops-backup' ) }</h2>
				{ can( 'create', context.capabilities ) && (
					<form
						className="syteops-create-form"
						onSubmit={ ( event ) => {
							event.preventDefault();
							run( () => createBackup( newLabel ) );
							setNewLabel( '' );
						} }
					>
						<TextControl
							className="syteops-new-label"
							label={ __(
								'Label for the new backup (optional)',
								'syteops-backup'
							) }
							value={ newLabel }
							maxLength={ 100 }
							onChange={ ( value: string ) =>
								setNewLabel( value )
							}
						/>
						<Button
							variant="primary"
							type="submit"
							className="syteops-create-backup"
							isBusy={ job !== null }
							disabled={ job !== null }
						>
							{ __( 'Create backup now', 'syteops-backup' ) }
						</Button>
					</form>
				) }
			</div>
			<FocusNotice
				notice={ notice }
				onRemove={ clearNotice }
				className="syteops-backup-job-notice"
			/>
			<FocusNotice
				notice={ actions.notice }
				onRemove={ actions.clearNotice }
				className="syteops-action-notice"
			/>
			<Filters query={ query } onApply={ ( next ) => setQuery( next ) } />
			{ loadError && (
				<p className="syteops-backup-error" role="alert">
					{ loadError }
				</p>
			) }
			{ ! page && ! loadError && <Spinner /> }
			{ page && (
				<>
					<BackupsTable
						items={ page.items }
						query={ query }
						clock={ context.clock }
						capabilities={ context.capabilities }
						job={ job }
						onSort={ ( field ) =>
							setQuery( toggleSort( query, field ) )
						}
						onAction={ actions.onAction }
					/>
					<div className="tablenav bottom">
						<ListPagination
							page={ query.page }
							totalPages={ page.totalPages }
							total={ page.total }
							onPage={ ( next ) =>
								setQuery( { ...query, page: next } )
							}
						/>
					</div>
				</>
			) }
			{ dialog?.kind === 'pin' && (
				<PinModal
					error={ dialog.error }
					busy={ dialog.busy }
					onSubmit={ ( values ) =>
						actions.pin( dialog.snapshot, values )
					}
					onCancel={ actions.closeDialog }
				/>
			) }
			{ dialog?.kind === 'verify' && (
				<VerifyReportModal
					report={ dialog.report }
					progress={ dialog.progress }
					onClose={ actions.closeDialog }
				/>
			) }
			{ dialog?.kind === 'delete' && (
				<ConfirmModal
					title={ __( 'Delete backup?', 'syteops-backup' ) }
					confirmLabel={ __( 'Delete', 'syteops-backup' ) }
					isDestructive
					onConfirm={ () => actions.remove( dialog.snapshot ) }
					onCancel={ actions.closeDialog }
				>
					<p>
						{ sprintf(
							/* translators: %s: date and time the backup was taken. */
							__(
								'The backup taken %s will be removed from storage. This cannot be undone.',
								'syteops-backup'
							),
							formatDateTime(
								dialog.snapshot.taken_at,
								context.clock
							)
						) }
					</p>
				</ConfirmModal>
			) }
			{ dialog?.kind === 'restore' && (
				<ConfirmModal
					title={ __( 'Restore this backup?', 'syteops-backup' ) }
					confirmLabel={ __( 'Restore', 'syteops-backup' ) }
					isDestructive
					onConfirm={ () => actions.restore( dialog.snapshot ) }
					onCancel={ actions.closeDialog }
				>
					<p>
						{ sprintf(
							/* translators: %s: date and time the backup was taken. */
							__(
								'Restoring replaces this site’s database and wp-content with the backup taken %s. A safety backup of the site as it is now is taken first.',
								'syteops-backup'
							),
							formatDateTime(
								dialog.snapshot.taken_at,
								context.clock
							)
						) }
					</p>
				</ConfirmModal>
			) }
		</div>
	);
}
