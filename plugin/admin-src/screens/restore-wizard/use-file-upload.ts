/**
 * Runs the chunked upload of a picked file for the wizard: progress, automatic retries after a dropped
 * connection, a Resume button when retrying gave up, and the snapshot id once the server registered it.
 */

/**
 * WordPress dependencies
 */
import { useRef, useState } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { uploadTransport } from '../../api/uploads';
import {
	resumeUpload,
	startUpload,
	UploadInterrupted,
	type UploadState,
} from '../../lib/chunked-upload';

export type UploadPhase =
	| { kind: 'idle' }
	| { kind: 'sending'; state: UploadState | null }
	| { kind: 'checking' }
	| { kind: 'interrupted'; error: UploadInterrupted }
	| { kind: 'refused'; message: string }
	| { kind: 'done'; backupId: string };

export function useFileUpload() {
	const [ phase, setPhase ] = useState< UploadPhase >( { kind: 'idle' } );
	const file = useRef< File | null >( null );

	const finish = async ( running: Promise< UploadState > ) => {
		try {
			const state = await running;
			setPhase( { kind: 'checking' } );
			const backupId = await uploadTransport.complete( state.uploadId );
			setPhase( { kind: 'done', backupId } );
		} catch ( error ) {
			if ( error instanceof UploadInterrupted && error.resumable ) {
				setPhase( { kind: 'interrupted', error } );
			} else {
				const failure =
					error instanceof UploadInterrupted ? error.failure : error;
				setPhase( {
					kind: 'refused',
					message:
						( failure as { message?: string } )?.message ??
						String( failure ),
				} );
			}
		}
	};

	const onProgress = ( state: UploadState ) =>
		setPhase( { kind: 'sending', state } );

	return {
		phase,
		start( picked: File ) {
			file.current = picked;
			setPhase( { kind: 'sending', state: null } );
			return finish(
				startUpload( picked, uploadTransport, { onProgress } )
			);
		},
		resume() {
			if ( phase.kind !== 'interrupted' || ! file.current ) {
				return Promise.resolve();
			}
			const { state } = phase.error;
			setPhase( { kind: 'sending', state } );
			return finish(
				resumeUpload( file.current, uploadTransport, state, {
					onProgress,
				} )
			);
		},
		reset() {
			file.current = null;
			setPhase( { kind: 'idle' } );
		},
	};
}
