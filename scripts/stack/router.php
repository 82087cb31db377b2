<?php
/**
 * Router for PHP's built-in web server: serves existing files as they are and sends everything else to
 * WordPress's front controller, as Apache's rewrite rules would (pretty permalinks and /wp-json/).
 *
 * @package SyteOps_Backup
 */

$syteops_path = (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ); // phpcs:ignore
$syteops_file = $_SERVER['DOCUMENT_ROOT'] . $syteops_path; // phpcs:ignore
if ( '/' !== $syteops_path && ( is_file( $syteops_file ) || is_file( rtrim( $syteops_file, '/' ) . '/index.php' ) ) ) {
	return false;
}
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php'; // phpcs:ignore
require $_SERVER['SCRIPT_FILENAME'];
