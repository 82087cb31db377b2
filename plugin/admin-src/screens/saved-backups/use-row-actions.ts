/**
 * What each row action does: pin (through a dialog), unpin, verify (job + report dialog), delete and the
 * fallback restore (both after confirmation). Outcomes become notices; server refusals keep their message.
 */

/**
 * WordPress dependencies
 */
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import {
	deleteBackup,
	pinBackup,
	restoreBackup,
	unpinBackup,
	verifyBackup,
	type Snapshot,
} from '../../api/backups';
import { ApiError } from '../../api/client';
import { pollJob } from '../../api/jobs';
import { makeNotice, type NoticeMessage } from '../../components/focus-notice';
import type { VerifyReport } from '../../components/verify-report';
import { formatProgress } from '../../lib/format';
import type { RowAction } from '../../lib/row-actions';
import type { TabContext } from '../backup-tab/context';

export type Dialog =
	| { kind: 'pin'; snapshot: Snapshot; error: string | null; busy: boolean }
	| { kind: 'delete'; snapshot: Snapshot }
	| { kind: 'restore'; snapshot: Snapshot }
	| {
			kind: 'verify';
			snapshot: Snapshot;
			report: VerifyReport | null;
			progress: string;
	  }
	| null;

function asApiError( error: unknown ): ApiError {
	return error instanceof ApiError
		? error
		: new ApiError( 'syteops_internal', String( error ), 0 );
}

export function useRowActions( context: TabContext ) {
	const [ dialog, setDialog ] = useState< Dialog >( null );
	const [ notice, setNotice ] = useState< NoticeMessage | null >( null );

	// `describe` wraps the server's message in what failed (kept as literal strings for translators).
	const fail = (
		error: unknown,
		describe: ( message: string ) => string
	) => {
		const failure = asApiError( error );
		if ( ! context.reportError( failure ) ) {
			setNotice( makeNotice( 'error', describe( failure.message ) ) );
		}
	};

	const onAction = async ( action: RowAction, snapshot: Snapshot ) => {
		setNotice( null );
		switch ( action ) {
			case 'restore':
				if ( context.hasRestoreWizard ) {
					context.requestRestore( snapshot );
				} else {
					setDialog( { kind: 'restore', snapshot } );
				}
				return;
			case 'pin':
				setDialog( {
					kind: 'pin',
					snapshot,
					error: null,
					busy: false,
				} );
				return;
			case 'delete':
				setDialog( { kind: 'delete', snapshot } );
				return;
			case 'unpin':
				try {
					await unpinBackup( snapshot.id );
					setNotice(
						makeNotice(
							'success',
							__(
								'The backup is no longer pinned.',
								'syteops-backup'
							)
						)
					);
					context.catalogChanged();
				} catch ( error ) {
					fail( error, ( message ) =>
						sprintf(
							/* translators: %s: the server's error message. */
							__( 'Unpinning failed: %s', 'syteops-backup' ),
							message
						)
					);
				}
				return;
			case 'verify':
				await verify( snapshot );
				break;
			default:
			// Download is a plain link (see the table); nothing to do here.
		}
	};

	const verify = async ( snapshot: Snapshot ) => {
		setDialog( {
			kind: 'verify',
			snapshot,
			report: null,
			progress: __( 'Starting…', 'syteops-backup' ),
		} );
		try {
			const id = await verifyBackup( snapshot.id );
			const job = await pollJob< VerifyReport >( id, ( update ) =>
				setDialog( ( current ) =>
					current?.kind === 'verify'
						? { ...current, progress: formatProgress( update ) }
						: current
				)
			);
			setDialog( ( current ) =>
				current?.kind === 'verify'
					? { ...current, report: job.result }
					: current
			);
		} catch ( error ) {
			setDialog( null );
			fail( error, ( message ) =>
				sprintf(
					/* translators: %s: the server's error message. */
					__( 'Verifying failed: %s', 'syteops-backup' ),
					message
				)
			);
		}
	};

	const pin = async (
		snapshot: Snapshot,
		values: { label: string; expiresAt: string | null }
	) => {
		setDialog( { kind: 'pin', snapshot, error: null, busy: true } );
		try {
			await pinBackup( snapshot.id, values );
			setDialog( null );
			setNotice(
				makeNotice(
					'success',
					__( 'The backup is pinned.', 'syteops-backup' )
				)
			);
			context.catalogChanged();
		} catch ( error ) {
			const failure = asApiError( error );
			if ( ! context.reportError( failure ) ) {
				setDialog( {
					kind: 'pin',
					snapshot,
					error: failure.message,
					busy: false,
				} );
			}
		}
	};

	const remove = async ( snapshot: Snapshot ) => {
		setDialog( null );
		try {
			await deleteBackup( snapshot.id );
			setNotice(
				makeNotice(
					'success',
					__( 'The backup was deleted.', 'syteops-backup' )
				)
			);
			context.catalogChanged();
		} catch ( error ) {
			fail( error, ( message ) =>
				sprintf(
					/* translators: %s: the server's error message. */
					__( 'The backup was not deleted: %s', 'syteops-backup' ),
					message
				)
			);
		}
	};

	const restore = async ( snapshot: Snapshot ) => {
		setDialog( null );
		setNotice( makeNotice( 'info', __( 'Restoring…', 'syteops-backup' ) ) );
		try {
			const id = await restoreBackup( snapshot.id );
			context.catalogChanged();
			await pollJob( id, ( update ) =>
				setNotice( ( current ) =>
					current
						? { ...current, message: formatProgress( update ) }
						: current
				)
			);
			setNotice(
				makeNotice(
					'success',
					__(
						'The backup was restored. A safety backup of the site as it was is in the list. Re-check the license on the SyteOps Admin tab.',
						'syteops-backup'
					)
				)
			);
		} catch ( error ) {
			fail( error, ( message ) =>
				sprintf(
					/* translators: %s: the server's error message. */
					__( 'The restore failed: %s', 'syteops-backup' ),
					message
				)
			);
		} finally {
			context.catalogChanged();
		}
	};

	return {
		dialog,
		closeDialog: () => setDialog( null ),
		notice,
		clearNotice: () => setNotice( null ),
		onAction,
		pin,
		remove,
		restore,
	};
}
