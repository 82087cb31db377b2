<?php
/**
 * The post-restore marker flushes the object cache once and is then gone.
 *
 * @package SyteOps_Backup
 */

use PHPUnit\Framework\TestCase;

/**
 * Post-restore object cache flush.
 */
class Test_SyteOps_Backup_Cache_Flush extends TestCase {

	/**
	 * A restore's marker empties the cache and is removed; without a marker the cache is left alone.
	 */
	public function test_marker_flushes_the_object_cache_once() {
		$marker = WP_CONTENT_DIR . '/' . SyteOps_Backup_Cache_Flush::MARKER;
		wp_cache_set( 'syteops_probe', 'before restore' );
		SyteOps_Backup_Cache_Flush::maybe_flush();
		$this->assertSame( 'before restore', wp_cache_get( 'syteops_probe' ), 'no marker: cache kept' );

		file_put_contents( $marker, 'restored' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents
		SyteOps_Backup_Cache_Flush::maybe_flush();
		$this->assertFalse( wp_cache_get( 'syteops_probe' ), 'marker: cache flushed' );
		$this->assertFileDoesNotExist( $marker );
	}
}
