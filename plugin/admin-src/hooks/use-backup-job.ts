/**
 * The running manual or automatic backup, kept by the tab (not by a panel) so switching tabs does not lose its
 * progress. Polls GET /jobs/{id} until the job ends, then leaves a notice with the outcome.
 */

/**
 * WordPress dependencies
 */
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { ApiError } from '../api/client';
import { pollJob, type Job } from '../api/jobs';
import { makeNotice, type NoticeMessage } from '../components/focus-notice';
import { formatBytes } from '../lib/format';

interface BackupResult {
	snapshot_id: string;
	size_bytes: number;
}

export interface BackupJobState {
	/** The job while it runs (its snapshot shows as capturing in the list); null when none. */
	job: Job< BackupResult > | null;
	notice: NoticeMessage | null;
	clearNotice: () => void;
	/** Starts a job with `start` (which answers its id) and follows it. */
	run: ( start: () => Promise< string > ) => Promise< void >;
}

export function useBackupJob(
	onError: ( error: ApiError ) => boolean,
	onCatalogChange: () => void
): BackupJobState {
	const [ job, setJob ] = useState< Job< BackupResult > | null >( null );
	const [ notice, setNotice ] = useState< NoticeMessage | null >( null );
	const unmounted = useRef( false );
	useEffect(
		() => () => {
			unmounted.current = true;
		},
		[]
	);

	const run = async ( start: () => Promise< string > ) => {
		setNotice( null );
		let seenSnapshot = false;
		try {
			const id = await start();
			const done = await pollJob< BackupResult >(
				id,
				( update ) => {
					setJob( update );
					// The capturing row appears in the list as soon as the job created it.
					if ( update.snapshot_id && ! seenSnapshot ) {
						seenSnapshot = true;
						onCatalogChange();
					}
				},
				() => unmounted.current
			);
			setNotice(
				makeNotice(
					'success',
					sprintf(
						/* translators: %s: size of the new backup, e.g. "12.4 MB". */
						__( 'Backup created (%s).', 'syteops-backup' ),
						formatBytes( done.result?.size_bytes )
					)
				)
			);
		} catch ( error ) {
			const failure =
				error instanceof ApiError
					? error
					: new ApiError( 'syteops_internal', String( error ), 0 );
			if ( ! onError( failure ) ) {
				setNotice(
					makeNotice(
						'error',
						sprintf(
							/* translators: %s: the server's error message. */
							__( 'The backup failed: %s', 'syteops-backup' ),
							failure.message
						)
					)
				);
			}
		} finally {
			setJob( null );
			onCatalogChange();
		}
	};

	return { job, notice, clearNotice: () => setNotice( null ), run };
}
