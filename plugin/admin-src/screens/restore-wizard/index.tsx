/**
 * Restore from file, restore of a saved backup, and import of a scoped export: one wizard. Pick a ZIP (or
 * arrive from the Saved Backups list's Restore action), preview, confirm, optionally rewrite URLs, apply,
 * watch the job, then the post-restore checklist.
 */

/**
 * WordPress dependencies
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { useEffect } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import FocusNotice from '../../components/focus-notice';
import { importOutcome } from '../../lib/restore-summary';
import type { TabContext } from '../backup-tab/context';
import Checklist from './checklist';
import FileStep from './file-step';
import JobProgress from './job-progress';
import PreviewStep from './preview-step';
import { useFileUpload } from './use-file-upload';
import { useRestoreFlow } from './use-restore-flow';

/** The query argument that carries a running restore's job across a fresh login. */
export const JOB_PARAM = 'syteops_restore_job';

function loginUrlBackTo( jobId: string ): string {
	const back = new URL( window.location.href );
	back.searchParams.set( JOB_PARAM, jobId );
	return `${ window.syteopsBackup?.siteUrl ?? '' }/wp-login.php?redirect_to=${ encodeURIComponent( back.toString() ) }`;
}

export default function RestoreWizard( { context }: { context: TabContext } ) {
	const upload = useFileUpload();
	const flow = useRestoreFlow( context.reportError );
	const { step } = flow;

	// Arrived from the list's Restore action.
	useEffect( () => {
		if ( context.restoreTarget ) {
			const { id, type } = context.restoreTarget;
			context.clearRestoreTarget();
			upload.reset();
			flow.load( { id, type } );
		}
		// Runs once per requested snapshot; the callbacks it uses are stable enough for that.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ context.restoreTarget?.id ] );

	// Back from the login a restore made necessary: follow that job to its end.
	useEffect( () => {
		const url = new URL( window.location.href );
		const jobId = url.searchParams.get( JOB_PARAM );
		if ( jobId && /^[a-f0-9]{32}$/.test( jobId ) ) {
			// Once only: a reload later should not replay it.
			url.searchParams.delete( JOB_PARAM );
			window.history.replaceState( null, '', url.toString() );
			flow.resumeJob( jobId );
		}
		// Once, when the page loads.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [] );

	// The uploaded file became a snapshot: preview it.
	useEffect( () => {
		if ( upload.phase.kind === 'done' ) {
			flow.load( { id: upload.phase.backupId, type: 'uploaded' } );
			context.catalogChanged();
		}
		// Once per finished upload.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ upload.phase.kind ] );

	const startOver = () => {
		upload.reset();
		flow.clearNotice();
		flow.cancel();
	};

	return (
		<div className="syteops-restore-wizard">
			<h2>{ __( 'Restore or import', 'syteops-backup' ) }</h2>
			<FocusNotice
				notice={ flow.notice }
				onRemove={ flow.clearNotice }
				className="syteops-restore-notice"
			/>
			{ upload.phase.kind === 'refused' && (
				<FocusNotice
					notice={ {
						status: 'error',
						message: upload.phase.message,
						id: -1,
					} }
					onRemove={ upload.reset }
					className="syteops-upload-refused"
				/>
			) }
			{ ( step.kind === 'none' || step.kind === 'loading' ) &&
				upload.phase.kind !== 'done' && <FileStep upload={ upload } /> }
			{ step.kind === 'loading' && (
				<p>
					<Spinner />
					{ __( 'Reading the backup…', 'syteops-backup' ) }
				</p>
			) }
			{ step.kind === 'preview' && (
				<PreviewStep
					preview={ step.preview }
					asImport={ step.asImport }
					busy={ false }
					onApply={ flow.apply }
					onCancel={ startOver }
				/>
			) }
			{ step.kind === 'applying' && <JobProgress job={ step.job } /> }
			{ step.kind === 'session-lost' && (
				<Notice
					className="syteops-session-lost"
					status="warning"
					isDismissible={ false }
				>
					<p>
						{ __(
							'The restore replaced this site’s users, so your login ended. Log in again (with an account from the restored backup) to follow the restore to its end and see your checklist.',
							'syteops-backup'
						) }
					</p>
					<a
						className="button button-primary"
						href={ loginUrlBackTo( step.jobId ) }
					>
						{ __( 'Log in again', 'syteops-backup' ) }
					</a>
				</Notice>
			) }
			{ step.kind === 'done' && (
				<>
					{ step.job.result?.pre_restore_snapshot_id && (
						<p
							className="syteops-restore-safety"
							data-snapshot={
								step.job.result.pre_restore_snapshot_id
							}
						>
							{ sprintf(
								/* translators: %s: id of the safety backup taken before restoring. */
								__(
									'A safety backup of the site as it was before is in Saved Backups (%s).',
									'syteops-backup'
								),
								step.job.result.pre_restore_snapshot_id.slice(
									0,
									8
								)
							) }
						</p>
					) }
					{ step.job.kind === 'import' && (
						<p className="syteops-import-outcome">
							{ importOutcome( step.job.result?.applied ) }
						</p>
					) }
					<Checklist items={ step.checklist } />
					<Button variant="secondary" onClick={ startOver }>
						{ __(
							'Restore or import another backup',
							'syteops-backup'
						) }
					</Button>
				</>
			) }
		</div>
	);
}
