<?php
/**
 * PHPUnit bootstrap: loads the real WordPress of the test stack's site A (real MariaDB, plugin active, real
 * sidecar) in this process. The stack is brought up by `make test` (scripts/stack/up.sh) and described by its
 * env file, named by SYTEOPS_STACK_ENV (default .stack-test/env).
 *
 * @package SyteOps_Backup
 */

$syteops_env_file = getenv( 'SYTEOPS_STACK_ENV' ) ? getenv( 'SYTEOPS_STACK_ENV' ) : dirname( __DIR__, 2 ) . '/.stack-test/env';
if ( ! is_readable( $syteops_env_file ) ) {
	fwrite( STDERR, "The test stack is not up: {$syteops_env_file} is missing. Run `make test` (or `make stack-test`).\n" );
	exit( 1 );
}
$GLOBALS['syteops_stack'] = array();
foreach ( file( $syteops_env_file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES ) as $syteops_line ) {
	list( $syteops_key, $syteops_value )      = explode( '=', $syteops_line, 2 );
	$GLOBALS['syteops_stack'][ $syteops_key ] = $syteops_value;
}
$syteops_url            = wp_parse_url_for_bootstrap( $GLOBALS['syteops_stack']['WP_URL'] );
$_SERVER['HTTP_HOST']   = $syteops_url;
$_SERVER['REQUEST_URI'] = '/';
define( 'WP_USE_THEMES', false );
require $GLOBALS['syteops_stack']['WP_DIR'] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/user.php';
require_once __DIR__ . '/helpers/class-syteops-test-users.php';

/**
 * Host and port of a URL, before WordPress (and wp_parse_url) is loaded.
 *
 * @param string $url URL.
 * @return string
 */
function wp_parse_url_for_bootstrap( $url ) {
	$parts = parse_url( $url ); // phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url -- WordPress is not loaded yet.
	return $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
}
