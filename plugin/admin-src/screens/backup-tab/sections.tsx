/**
 * The panels of the Backup tab, in tab order. Adding a panel is one entry here: a name, a title, the
 * capability it needs (the tab is not shown to users without it) and what it renders. The section that
 * handles restore requests from the Saved Backups list sets `handlesRestore` (see TabContext.requestRestore).
 */

/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { Action } from '../../lib/capabilities';
import AuditLog from '../audit-log';
import AutomaticBackups from '../automatic-backups';
import RestoreWizard, {
	JOB_PARAM as RESTORE_JOB_PARAM,
} from '../restore-wizard';
import SavedBackups from '../saved-backups';
import ScopedExports from '../scoped-exports';
import type { TabContext } from './context';

export interface Section {
	name: string;
	title: string;
	capability: Action;
	handlesRestore?: boolean;
	/** A query argument that opens this section when the page loads with it. */
	opensOn?: string;
	render: ( context: TabContext ) => JSX.Element;
}

export function sections(): Section[] {
	return [
		{
			name: 'backups',
			title: __( 'Backups', 'syteops-backup' ),
			capability: 'list',
			render: ( context ) => <SavedBackups context={ context } />,
		},
		{
			name: 'automatic',
			title: __( 'Automatic Backups', 'syteops-backup' ),
			capability: 'schedule',
			render: ( context ) => <AutomaticBackups context={ context } />,
		},
		{
			name: 'restore',
			title: __( 'Restore or import', 'syteops-backup' ),
			capability: 'restore',
			handlesRestore: true,
			opensOn: RESTORE_JOB_PARAM,
			render: ( context ) => <RestoreWizard context={ context } />,
		},
		{
			name: 'exports',
			title: __( 'Scoped exports', 'syteops-backup' ),
			capability: 'create',
			render: ( context ) => <ScopedExports context={ context } />,
		},
		{
			name: 'audit',
			title: __( 'Audit log', 'syteops-backup' ),
			capability: 'list',
			render: ( context ) => <AuditLog context={ context } />,
		},
	];
}
