<?php
/**
 * Every add_action and add_filter of the plugin, in one place.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

if ( class_exists( 'SyteOps_Backup_Installer' ) ) {
	register_activation_hook( SYTEOPS_BACKUP_FILE, array( 'SyteOps_Backup_Installer', 'activate' ) );
}
if ( class_exists( 'SyteOps_Backup_Registry' ) ) {
	add_action( 'init', array( 'SyteOps_Backup_Registry', 'sync' ) );
}
add_action( 'init', array( 'SyteOps_Backup_Admin_Page', 'load_textdomain' ) );
add_action( 'admin_menu', array( 'SyteOps_Backup_Admin_Page', 'register_menu' ) );
add_action( 'admin_enqueue_scripts', array( 'SyteOps_Backup_Admin_Page', 'enqueue_assets' ) );
