<?php
/**
 * Every add_action and add_filter of the plugin, in one place.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

register_activation_hook( SYTEOPS_BACKUP_FILE, array( 'SyteOps_Backup_Installer', 'activate' ) );
add_action( 'init', array( 'SyteOps_Backup_Cache_Flush', 'maybe_flush' ), 0 );
add_action( 'init', array( 'SyteOps_Backup_Registry', 'sync' ) );
add_action( 'admin_init', array( 'SyteOps_Backup_Installer', 'maybe_upgrade' ) );
// An edited role map takes effect on the roles at once.
add_action( 'add_option_syteops_capability_map', array( 'SyteOps_Backup_Capabilities', 'apply_to_roles' ) );
add_action( 'update_option_syteops_capability_map', array( 'SyteOps_Backup_Capabilities', 'apply_to_roles' ) );
add_action( 'init', array( 'SyteOps_Backup_Admin_Page', 'load_textdomain' ) );
add_action( 'admin_menu', array( 'SyteOps_Backup_Admin_Page', 'register_menu' ) );
add_action( 'admin_enqueue_scripts', array( 'SyteOps_Backup_Admin_Page', 'enqueue_assets' ) );
add_action( 'admin_post_' . SyteOps_Backup_Admin_Tab::RECHECK, array( 'SyteOps_Backup_Admin_Tab', 'handle_recheck' ) );

add_action( 'rest_api_init', 'syteops_backup_register_rest_routes' );
add_filter( 'rest_pre_serve_request', array( 'SyteOps_Backup_Download', 'serve' ), 10, 2 );

/**
 * Registers every SyteOps Backup REST controller under syteops/v1.
 */
function syteops_backup_register_rest_routes() {
	$controllers = array(
		'SyteOps_Backup_REST_Backups_Controller',
		'SyteOps_Backup_REST_Uploads_Controller',
		'SyteOps_Backup_REST_Jobs_Controller',
		'SyteOps_Backup_REST_Schedule_Controller',
		'SyteOps_Backup_REST_Transfers_Controller',
		'SyteOps_Backup_REST_Audit_Controller',
		'SyteOps_Backup_REST_License_Controller',
		'SyteOps_Backup_REST_Packages_Controller',
		'SyteOps_Backup_REST_Settings_Controller',
	);
	foreach ( $controllers as $controller ) {
		( new $controller() )->register_routes();
	}
}
