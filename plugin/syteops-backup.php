<?php
/**
 * Plugin Name:       SyteOps Backup
 * Description:       Backup, restore and cross-site migration for SyteOps sites. The work is done by the SyteOps Backup sidecar; this plugin authenticates, authorizes and proxies.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            SyteOps
 * License:           GPL-2.0-or-later
 * Text Domain:       syteops-backup
 * Domain Path:       /languages
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

define( 'SYTEOPS_BACKUP_VERSION', '0.1.0' );
define( 'SYTEOPS_BACKUP_FILE', __FILE__ );
define( 'SYTEOPS_BACKUP_DIR', plugin_dir_path( __FILE__ ) );

require_once SYTEOPS_BACKUP_DIR . 'includes/load.php';
require_once SYTEOPS_BACKUP_DIR . 'includes/hooks.php';
