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
import SavedBackups from '../saved-backups';
import type { TabContext } from './context';

export interface Section {
	name: string;
	title: string;
	capability: Action;
	handlesRestore?: boolean;
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
			name: 'audit',
			title: __( 'Audit log', 'syteops-backup' ),
			capability: 'list',
			render: ( context ) => <AuditLog context={ context } />,
		},
	];
}
