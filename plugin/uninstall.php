<?php
/**
 * Uninstall SyteOps Backup: drops its tables and options and removes its role and capabilities.
 *
 * WordPress runs this file only when the plugin is deleted from the Plugins screen.
 *
 * @package SyteOps_Backup
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

require_once __DIR__ . '/includes/data-model/class-syteops-backup-schema.php';
require_once __DIR__ . '/includes/data-model/class-syteops-backup-registry.php';
require_once __DIR__ . '/includes/data-model/class-syteops-backup-defaults.php';
require_once __DIR__ . '/includes/data-model/class-syteops-backup-installer.php';
require_once __DIR__ . '/includes/class-syteops-backup-capabilities.php';

SyteOps_Backup_Installer::uninstall();
