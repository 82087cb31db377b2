/**
 * Scoped exports: the master export, one settings tab, one module or one user, each written as a snapshot of
 * type `export` that can be downloaded and imported on another site through the restore wizard.
 */

/**
 * WordPress dependencies
 */
import { Button, SelectControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { downloadUrl } from '../../api/backups';
import { ApiError } from '../../api/client';
import { startExport, type ExportScope } from '../../api/exports';
import { pollJob, type Job } from '../../api/jobs';
import FocusNotice, {
	makeNotice,
	type NoticeMessage,
} from '../../components/focus-notice';
import { can } from '../../lib/capabilities';
import { formatProgress } from '../../lib/format';
import type { TabContext } from '../backup-tab/context';
import UserPicker from './user-picker';

type Kind = ExportScope[ 'scope' ];

interface Named {
	name: string;
	label: string;
}

function bootScopes(): { tabs: Named[]; modules: Named[] } {
	return window.syteopsBackup?.scopes ?? { tabs: [], modules: [] };
}

/**
 * The request for the chosen scope, or null while it is incomplete.
 * @param kind
 * @param name
 * @param userId
 */
function exportRequest(
	kind: Kind,
	name: string,
	userId: number | null
): ExportScope | null {
	switch ( kind ) {
		case 'master':
			return { scope: 'master' };
		case 'tab':
		case 'module':
			return name ? { scope: kind, name } : null;
		case 'user':
			return userId ? { scope: 'user', user_id: userId } : null;
	}
	return null;
}

export default function ScopedExports( { context }: { context: TabContext } ) {
	const scopes = bootScopes();
	const [ kind, setKind ] = useState< Kind >( 'master' );
	const [ name, setName ] = useState( '' );
	const [ userId, setUserId ] = useState< number | null >( null );
	const [ job, setJob ] = useState< Job | null >( null );
	const [ snapshotId, setSnapshotId ] = useState< string | null >( null );
	const [ notice, setNotice ] = useState< NoticeMessage | null >( null );
	const request = exportRequest( kind, name, userId );
	const running =
		job !== null && job.state !== 'succeeded' && job.state !== 'failed';

	const run = async () => {
		if ( ! request ) {
			return;
		}
		setNotice( null );
		setSnapshotId( null );
		try {
			const id = await startExport( request );
			const done = await pollJob< { snapshot_id?: string } >(
				id,
				setJob
			);
			setSnapshotId( done.result?.snapshot_id ?? done.snapshot_id );
			setNotice(
				makeNotice(
					'success',
					__( 'The export is ready.', 'syteops-backup' )
				)
			);
			context.catalogChanged();
		} catch ( error ) {
			const failure =
				error instanceof ApiError
					? error
					: new ApiError( 'syteops_internal', String( error ), 0 );
			if ( ! context.reportError( failure ) ) {
				setNotice( makeNotice( 'error', failure.message ) );
			}
		} finally {
			setJob( null );
		}
	};

	const choose = ( list: Named[] ) => [
		{ value: '', label: __( '— Choose —', 'syteops-backup' ) },
		...list.map( ( item ) => ( { value: item.name, label: item.label } ) ),
	];

	return (
		<div className="syteops-scoped-exports">
			<h2>{ __( 'Scoped exports', 'syteops-backup' ) }</h2>
			<p>
				{ __(
					'Export one part of the SyteOps data to move it to another site. Importing it there touches only that part.',
					'syteops-backup'
				) }
			</p>
			<FocusNotice
				notice={ notice }
				onRemove={ () => setNotice( null ) }
				className="syteops-export-notice"
			/>
			<SelectControl
				label={ __( 'What to export', 'syteops-backup' ) }
				value={ kind }
				options={ [
					{
						value: 'master',
						label: __(
							'Master export: all settings, tabs, modules, users and roles',
							'syteops-backup'
						),
					},
					{
						value: 'tab',
						label: __( 'One settings tab', 'syteops-backup' ),
					},
					{
						value: 'module',
						label: __( 'One module', 'syteops-backup' ),
					},
					{
						value: 'user',
						label: __( 'One user', 'syteops-backup' ),
					},
				] }
				onChange={ ( value: string ) => {
					setKind( value as Kind );
					setName( '' );
				} }
			/>
			{ kind === 'tab' && (
				<SelectControl
					label={ __( 'Settings tab', 'syteops-backup' ) }
					value={ name }
					options={ choose( scopes.tabs ) }
					onChange={ setName }
				/>
			) }
			{ kind === 'module' && (
				<SelectControl
					label={ __( 'Module', 'syteops-backup' ) }
					value={ name }
					options={ choose( scopes.modules ) }
					onChange={ setName }
				/>
			) }
			{ kind === 'user' && (
				<UserPicker value={ userId } onChange={ setUserId } />
			) }
			<Button
				variant="primary"
				disabled={ ! request || running }
				isBusy={ running }
				onClick={ run }
			>
				{ __( 'Export', 'syteops-backup' ) }
			</Button>
			{ job && (
				<p className="syteops-export-progress" aria-live="polite">
					{ formatProgress( job ) }
				</p>
			) }
			{ snapshotId && can( 'download' ) && (
				<p className="syteops-export-download">
					<a className="button" href={ downloadUrl( snapshotId ) }>
						{ __( 'Download the export (.zip)', 'syteops-backup' ) }
					</a>
				</p>
			) }
		</div>
	);
}
