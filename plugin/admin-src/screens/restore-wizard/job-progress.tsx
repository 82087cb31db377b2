/**
 * Live progress of the restore or import job: its phase and a progress bar, announced politely.
 */

/**
 * WordPress dependencies
 */
import { Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { Job } from '../../api/jobs';
import { formatProgress } from '../../lib/format';

export default function JobProgress( { job }: { job: Job | null } ) {
	const percent = job?.progress.percent ?? null;
	return (
		<div className="syteops-restore-progress">
			{ percent === null ? (
				<Spinner />
			) : (
				<progress
					max={ 100 }
					value={ percent }
					aria-label={ __( 'Restore progress', 'syteops-backup' ) }
				/>
			) }
			<p aria-live="polite">
				{ job
					? formatProgress( job )
					: __( 'Starting…', 'syteops-backup' ) }
			</p>
		</div>
	);
}
