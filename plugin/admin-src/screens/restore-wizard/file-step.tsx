/**
 * Step 1 of restore from file: pick a ZIP and upload it in chunks, with a progress bar that keeps going
 * after a dropped connection (and a Resume button if the connection stays away).
 */

/**
 * WordPress dependencies
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { formatBytes } from '../../lib/format';
import { uploadPercent } from '../../lib/upload-plan';
import type { useFileUpload } from './use-file-upload';

export default function FileStep( {
	upload,
}: {
	upload: ReturnType< typeof useFileUpload >;
} ) {
	const [ picked, setPicked ] = useState< File | null >( null );
	const { phase } = upload;
	const busy = phase.kind === 'sending' || phase.kind === 'checking';

	return (
		<div className="syteops-restore-file">
			<p>
				{ __(
					'Choose a SyteOps backup (.zip) from your computer. It is uploaded in parts, checked entry by entry, and previewed before anything on this site changes.',
					'syteops-backup'
				) }
			</p>
			<label htmlFor="syteops-restore-file-input">
				{ __( 'Backup file (.zip)', 'syteops-backup' ) }
			</label>
			<input
				id="syteops-restore-file-input"
				type="file"
				accept=".zip,application/zip"
				disabled={ busy }
				onChange={ ( event ) =>
					setPicked( event.target.files?.[ 0 ] ?? null )
				}
			/>
			<Button
				variant="primary"
				disabled={ ! picked || busy }
				onClick={ () => picked && upload.start( picked ) }
			>
				{ __( 'Upload and preview', 'syteops-backup' ) }
			</Button>
			{ phase.kind === 'sending' && picked && (
				<UploadProgress
					received={ phase.state?.received ?? 0 }
					size={ picked.size }
					retries={ phase.state?.retries ?? 0 }
				/>
			) }
			{ phase.kind === 'checking' && (
				<p className="syteops-restore-checking">
					<Spinner />
					{ __(
						'Upload complete. Checking the archive (structure, paths, checksums)…',
						'syteops-backup'
					) }
				</p>
			) }
			{ phase.kind === 'interrupted' && (
				<Notice status="warning" isDismissible={ false }>
					<p>
						{ sprintf(
							/* translators: 1: amount uploaded, 2: file size, 3: the error message. */
							__(
								'The upload stopped at %1$s of %2$s: %3$s',
								'syteops-backup'
							),
							formatBytes( phase.error.state.received ),
							formatBytes( phase.error.state.size ),
							phase.error.message
						) }
					</p>
					<Button variant="primary" onClick={ upload.resume }>
						{ __( 'Resume upload', 'syteops-backup' ) }
					</Button>
				</Notice>
			) }
		</div>
	);
}

function UploadProgress( {
	received,
	size,
	retries,
}: {
	received: number;
	size: number;
	retries: number;
} ) {
	const percent = uploadPercent( received, size );
	const label = sprintf(
		/* translators: 1: amount uploaded, 2: file size, 3: percent. */
		__( 'Uploaded %1$s of %2$s (%3$d%%)', 'syteops-backup' ),
		formatBytes( received ),
		formatBytes( size ),
		percent
	);
	return (
		<div className="syteops-upload-progress">
			<progress
				max={ 100 }
				value={ percent }
				aria-label={ __( 'Upload progress', 'syteops-backup' ) }
			/>
			<p aria-live="polite">
				{ label }
				{ retries > 0 &&
					' ' +
						__(
							'The connection dropped; resuming from what the server already has…',
							'syteops-backup'
						) }
			</p>
		</div>
	);
}
