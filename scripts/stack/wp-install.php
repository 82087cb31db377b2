<?php
/**
 * Installs WordPress in a stack site without WP-CLI, creates the demo accounts and activates SyteOps Backup.
 * Idempotent: an installed site only gets its accounts' passwords, URLs and plugin state re-applied.
 *
 * Usage: php wp-install.php <site dir> <url> <title> <admin password> <editor password>
 *
 * @package SyteOps_Backup
 */

if ( 'cli' !== PHP_SAPI || $argc < 6 ) {
	fwrite( STDERR, "usage: php wp-install.php <site dir> <url> <title> <admin password> <editor password>\n" );
	exit( 2 );
}
list( , $site_dir, $url, $title, $admin_password, $editor_password ) = $argv;
$parts                  = parse_url( $url );
$_SERVER['HTTP_HOST']   = $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
$_SERVER['REQUEST_URI'] = '/';
define( 'WP_INSTALLING', true );

/** No mail server on the stack: installation notices are not sent. */
function wp_mail() {
	return true;
}

require $site_dir . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

if ( ! is_blog_installed() ) {
	$result = wp_install( $title, 'admin', 'admin@example.test', false, '', wp_slash( $admin_password ) );
	fwrite( STDOUT, "installed {$url}\n" );
}
update_option( 'siteurl', $url );
update_option( 'home', $url );
update_option( 'blogname', $title );
update_option( 'permalink_structure', '/%postname%/' );

$admin = get_user_by( 'login', 'admin' );
wp_set_password( $admin_password, $admin->ID );
$editor = get_user_by( 'login', 'editor' );
if ( ! $editor ) {
	wp_insert_user(
		array(
			'user_login' => 'editor',
			'user_pass'  => $editor_password,
			'user_email' => 'editor@example.test',
			'role'       => 'editor',
		)
	);
} else {
	wp_set_password( $editor_password, $editor->ID );
}

$activated = activate_plugin( 'syteops-backup/syteops-backup.php' );
if ( is_wp_error( $activated ) ) {
	fwrite( STDERR, 'plugin activation failed: ' . $activated->get_error_message() . "\n" );
	exit( 1 );
}
flush_rewrite_rules( false );
fwrite( STDOUT, "ready {$url}\n" );
