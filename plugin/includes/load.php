<?php
/**
 * Loads the plugin's classes. One class per file; loading has no side effects (hooks live in hooks.php).
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

// The REST base class first: the controllers extend it.
require_once SYTEOPS_BACKUP_DIR . 'includes/rest/class-syteops-backup-rest-proxy-controller.php';

foreach ( array( 'data-model', 'rest', '' ) as $syteops_backup_subdir ) {
	$syteops_backup_files = glob( SYTEOPS_BACKUP_DIR . 'includes/' . ( '' === $syteops_backup_subdir ? '' : $syteops_backup_subdir . '/' ) . 'class-*.php' );
	foreach ( (array) $syteops_backup_files as $syteops_backup_file ) {
		require_once $syteops_backup_file;
	}
}
unset( $syteops_backup_subdir, $syteops_backup_files, $syteops_backup_file );
