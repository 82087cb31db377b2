/**
 * Entry of the Backup tab bundle: mounts the tab into the page printed by SyteOps_Backup_Admin_Page.
 */

/**
 * WordPress dependencies
 */
import * as element from '@wordpress/element';

/**
 * Internal dependencies
 */
import BackupTab from './screens/backup-tab';
import './index.scss';

const root = document.getElementById( 'syteops-backup-root' );
if ( root ) {
	// WordPress 6.1 ships React 17 (render only); 6.2+ has createRoot. Use what the host provides.
	if ( typeof element.createRoot === 'function' ) {
		element.createRoot( root ).render( <BackupTab /> );
	} else {
		element.render( <BackupTab />, root );
	}
}
