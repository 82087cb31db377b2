<?php
/**
 * After a restore the sidecar leaves a marker in wp-content; the next request flushes the object cache once,
 * so a persistent cache (Redis, Memcached) never serves the site as it was before the restore.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * Post-restore object cache flush.
 */
class SyteOps_Backup_Cache_Flush {

	const MARKER = '.syteops-flush-object-cache';

	/**
	 * Flushes the object cache if a restore asked for it, then removes the marker.
	 */
	public static function maybe_flush() {
		$marker = WP_CONTENT_DIR . '/' . self::MARKER;
		if ( ! file_exists( $marker ) ) {
			return;
		}
		// Remove first: if two requests race, at most one extra flush happens, never a missed one.
		wp_delete_file( $marker );
		wp_cache_flush();
	}
}
