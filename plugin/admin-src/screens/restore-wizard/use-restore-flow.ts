/**
 * The state of the restore wizard after the file step: load a snapshot's preview, apply it (restore, or import
 * for a scoped export), follow the job, then hold the result and its checklist. A restore that replaces this
 * site's users ends the browser's login; the job id then rides in the login redirect so the wizard picks the
 * job up again afterwards (resumeJob).
 */

/**
 * WordPress dependencies
 */
import { useRef, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { ApiError } from '../../api/client';
import { pollJob, type Job } from '../../api/jobs';
import {
	applySnapshot,
	getSnapshot,
	previewSnapshot,
	type Preview,
} from '../../api/restore';
import { makeNotice, type NoticeMessage } from '../../components/focus-notice';
import {
	appliesAsImport,
	buildChecklist,
	isSessionLost,
	parseScopeString,
	type ArchiveScope,
	type ChecklistItem,
	type ImportApplied,
	type ServerChecklist,
} from '../../lib/restore-summary';

interface Target {
	id: string;
	type: string;
}

export interface RestoreResult {
	/** Imports: what was written. */
	applied?: ImportApplied;
	snapshot_id?: string;
	pre_restore_snapshot_id?: string;
	cross_site?: boolean;
	url_rewrite?: boolean;
	checklist?: ServerChecklist | null;
}

export type FlowStep =
	| { kind: 'none' }
	| { kind: 'loading' }
	| { kind: 'preview'; target: Target; preview: Preview; asImport: boolean }
	| { kind: 'applying'; job: Job< RestoreResult > | null }
	| {
			kind: 'done';
			job: Job< RestoreResult >;
			checklist: ChecklistItem[];
	  }
	| { kind: 'session-lost'; jobId: string };

export function useRestoreFlow( onSidecarError: ( e: ApiError ) => boolean ) {
	const [ step, setStep ] = useState< FlowStep >( { kind: 'none' } );
	const [ notice, setNotice ] = useState< NoticeMessage | null >( null );
	// What the checklist needs to know about the archive, kept from the preview (or, after a fresh login,
	// read back from the snapshot).
	const archive = useRef< { secrets: string[]; scope: ArchiveScope | null } >(
		{
			secrets: [],
			scope: null,
		}
	);

	const fail = ( error: unknown ) => {
		const failure =
			error instanceof ApiError
				? error
				: new ApiError( 'syteops_internal', String( error ), 0 );
		if ( ! onSidecarError( failure ) ) {
			setNotice( makeNotice( 'error', failure.message ) );
		}
	};

	const follow = async ( jobId: string ) => {
		setStep( { kind: 'applying', job: null } );
		try {
			const job = await pollJob< RestoreResult >( jobId, ( update ) =>
				setStep( { kind: 'applying', job: update } )
			);
			if ( archive.current.scope === null && job.snapshot_id ) {
				// Back from a fresh login: the preview is gone, the snapshot still says what it holds.
				const snapshot = ( await getSnapshot( job.snapshot_id ).catch(
					() => null
				) ) as {
					scope?: string;
					manifest?: { secrets_excluded?: string[] };
				} | null;
				archive.current = {
					secrets: snapshot?.manifest?.secrets_excluded ?? [],
					scope: parseScopeString( snapshot?.scope ?? 'full' ),
				};
			}
			const fullRestore = job.kind === 'restore';
			setStep( {
				kind: 'done',
				job,
				checklist: buildChecklist( {
					checklist: job.result?.checklist ?? null,
					fullRestore,
					secretsExcluded: archive.current.secrets,
					scope: archive.current.scope,
				} ),
			} );
			setNotice(
				makeNotice(
					'success',
					fullRestore
						? __( 'The backup was restored.', 'syteops-backup' )
						: __( 'The export was imported.', 'syteops-backup' )
				)
			);
		} catch ( error ) {
			if ( isSessionLost( error as ApiError ) ) {
				setStep( { kind: 'session-lost', jobId } );
				return;
			}
			setStep( { kind: 'none' } );
			fail( error );
		}
	};

	return {
		step,
		notice,
		clearNotice: () => setNotice( null ),
		async load( target: Target ) {
			setNotice( null );
			setStep( { kind: 'loading' } );
			try {
				const preview = await previewSnapshot( target.id );
				archive.current = {
					secrets: preview.secrets_excluded,
					scope: preview.summary.scope,
				};
				setStep( {
					kind: 'preview',
					target,
					preview,
					asImport: appliesAsImport( target.type, preview.summary ),
				} );
			} catch ( error ) {
				setStep( { kind: 'none' } );
				fail( error );
			}
		},
		async apply( urlRewrite: boolean ) {
			if ( step.kind !== 'preview' ) {
				return;
			}
			setNotice( null );
			try {
				const jobId = await applySnapshot(
					{
						id: step.target.id,
						type: step.asImport ? 'export' : 'full',
					},
					urlRewrite
				);
				await follow( jobId );
			} catch ( error ) {
				fail( error );
			}
		},
		resumeJob: follow,
		cancel() {
			setStep( { kind: 'none' } );
			setNotice(
				makeNotice(
					'info',
					__(
						'Cancelled. Nothing on this site was changed.',
						'syteops-backup'
					)
				)
			);
		},
	};
}
