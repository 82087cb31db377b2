<?php
/**
 * Prints a new application password for a stack user (tests and scripts authenticate with it).
 * Usage: php app-password.php <site dir> <login> <name>
 *
 * @package SyteOps_Backup
 */

if ( 'cli' !== PHP_SAPI || $argc < 4 ) {
	fwrite( STDERR, "usage: php app-password.php <site dir> <login> <name>\n" );
	exit( 2 );
}
$_SERVER['HTTP_HOST'] = '127.0.0.1';
require $argv[1] . '/wp-load.php';
$user = get_user_by( 'login', $argv[2] );
if ( ! $user ) {
	fwrite( STDERR, "no such user\n" );
	exit( 1 );
}
$created = WP_Application_Passwords::create_new_application_password( $user->ID, array( 'name' => $argv[3] . ' ' . gmdate( 'Ymd-His' ) . ' ' . wp_generate_password( 6, false ) ) );
if ( is_wp_error( $created ) ) {
	fwrite( STDERR, $created->get_error_message() . "\n" );
	exit( 1 );
}
echo $created[0] . "\n"; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- CLI output.
