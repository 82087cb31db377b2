/**
 * WordPress dependencies
 */
import { Spinner, TabPanel } from '@wordpress/components';
import { useCallback, useEffect, useMemo, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { listBackups, type Snapshot } from '../../api/backups';
import { ApiError } from '../../api/client';
import SidecarNotice from '../../components/sidecar-notice';
import { useBackupJob } from '../../hooks/use-backup-job';
import { can } from '../../lib/capabilities';
import type { SiteClock } from '../../lib/format';
import type { TabContext } from './context';
import { sections } from './sections';

function bootClock(): SiteClock {
	return {
		timezone: window.syteopsBackup?.timezone ?? 'UTC',
		gmtOffset: window.syteopsBackup?.gmtOffset ?? 0,
	};
}

/**
 * The Backup tab: one TabPanel of sections (sections.tsx), shown only after a first call proved the sidecar is
 * reachable; if it is not (then or later), a clear notice replaces every panel.
 */
export default function BackupTab() {
	const [ probe, setProbe ] = useState< 'loading' | 'ready' >( 'loading' );
	const [ down, setDown ] = useState< ApiError | null >( null );
	const [ restoreTarget, setRestoreTarget ] = useState< Snapshot | null >(
		null
	);
	const [ catalogVersion, setCatalogVersion ] = useState( 0 );
	// TabPanel (WordPress 6.1) is uncontrolled: switching tabs in code remounts it on the wanted tab.
	// A section may ask to be opened by a query argument (the wizard, back from a login with its job).
	const [ forcedTab, setForcedTab ] = useState< {
		name: string;
		key: number;
	} | null >( () => {
		const query = new URLSearchParams( window.location.search );
		const opened = sections().find(
			( section ) => section.opensOn && query.has( section.opensOn )
		);
		return opened ? { name: opened.name, key: 0 } : null;
	} );

	const capabilities = window.syteopsBackup?.capabilities ?? {};
	const visible = useMemo(
		() =>
			sections().filter( ( section ) =>
				can(
					section.capability,
					window.syteopsBackup?.capabilities ?? {}
				)
			),
		[]
	);
	const wizard = visible.find( ( section ) => section.handlesRestore );

	const reportError = useCallback( ( error: ApiError ) => {
		if ( error.code === 'syteops_sidecar_unavailable' ) {
			setDown( error );
			return true;
		}
		return false;
	}, [] );

	const catalogChanged = useCallback(
		() => setCatalogVersion( ( version ) => version + 1 ),
		[]
	);
	const backupJob = useBackupJob( reportError, catalogChanged );

	useEffect( () => {
		listBackups( { perPage: 1 } ).then(
			() => setProbe( 'ready' ),
			( error: ApiError ) => {
				if ( ! reportError( error ) ) {
					setProbe( 'ready' );
				}
			}
		);
	}, [ reportError ] );

	const context: TabContext = {
		clock: bootClock(),
		capabilities,
		requestRestore: ( snapshot ) => {
			setRestoreTarget( snapshot );
			if ( wizard ) {
				setForcedTab( ( previous ) => ( {
					name: wizard.name,
					key: ( previous?.key ?? 0 ) + 1,
				} ) );
			}
		},
		restoreTarget,
		clearRestoreTarget: () => setRestoreTarget( null ),
		hasRestoreWizard: wizard !== undefined,
		reportError,
		catalogVersion,
		catalogChanged,
		backupJob,
	};

	if ( down ) {
		return <SidecarNotice message={ down.message } />;
	}
	if ( probe === 'loading' ) {
		return (
			<div className="syteops-backup-tab is-loading">
				<Spinner />
				<span className="screen-reader-text">
					{ __( 'Loading the Backup tab…', 'syteops-backup' ) }
				</span>
			</div>
		);
	}
	return (
		<div className="syteops-backup-tab">
			<h2 className="screen-reader-text">
				{ __( 'Backup', 'syteops-backup' ) }
			</h2>
			<TabPanel
				key={ forcedTab?.key ?? 0 }
				className="syteops-backup-sections"
				initialTabName={ forcedTab?.name }
				tabs={ visible.map( ( section ) => ( {
					name: section.name,
					title: section.title,
					className: `syteops-tab-${ section.name }`,
				} ) ) }
			>
				{ ( tab: { name: string } ) => {
					const section = visible.find(
						( s ) => s.name === tab.name
					);
					return (
						<div className="syteops-section">
							{ section?.render( context ) }
						</div>
					);
				} }
			</TabPanel>
		</div>
	);
}
