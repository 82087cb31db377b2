<?php
/**
 * The SyteOps Admin tab: the Admin submenu for SyteOps Admins only, the post-restore lock banner (escaped,
 * linking to Product License → Recheck) exactly while the lock holds, and the Recheck button's re-check
 * through the real sidecar.
 *
 * @package SyteOps_Backup
 */

use PHPUnit\Framework\TestCase;

/**
 * Admin tab and license lock banner.
 */
class Test_SyteOps_Backup_Admin_Tab extends TestCase {

	/**
	 * The lock option as it was before the test (false when absent).
	 *
	 * @var mixed
	 */
	private $saved_lock;

	/**
	 * Keeps the site's lock as it was.
	 */
	protected function setUp(): void {
		$this->saved_lock = get_option( SyteOps_Backup_Admin_Tab::LOCK_OPTION );
	}

	/**
	 * Puts the site's lock back.
	 */
	protected function tearDown(): void {
		if ( false === $this->saved_lock ) {
			delete_option( SyteOps_Backup_Admin_Tab::LOCK_OPTION );
		} else {
			update_option( SyteOps_Backup_Admin_Tab::LOCK_OPTION, $this->saved_lock, false );
		}
		wp_set_current_user( 0 );
	}

	/**
	 * Lock values and whether the banner shows.
	 *
	 * @return array[]
	 */
	public static function lock_cases() {
		return array(
			'never locked (no option)'     => array( null, false ),
			'locked by a restore'          => array( '{"locked":true,"locked_at":"2026-11-23T12:00:00.000Z","locked_by_restore":"abc"}', true ),
			'released by a re-check'       => array( '{"locked":false,"locked_at":"2026-11-23T12:00:00.000Z","released_at":"2026-11-23T12:05:00.000Z"}', false ),
			'unreadable, so still locked'  => array( 'garbage', true ),
		);
	}

	/**
	 * The banner shows exactly while the lock holds and links to the Product License section.
	 *
	 * @dataProvider lock_cases
	 * @param string|null $stored Option value, null for none.
	 * @param bool        $shows  Whether the banner is expected.
	 */
	public function test_banner_shows_exactly_while_the_license_lock_holds( $stored, $shows ) {
		if ( null === $stored ) {
			delete_option( SyteOps_Backup_Admin_Tab::LOCK_OPTION );
		} else {
			update_option( SyteOps_Backup_Admin_Tab::LOCK_OPTION, $stored, false );
		}
		$html = SyteOps_Backup_Admin_Tab::banner_html();
		if ( ! $shows ) {
			$this->assertSame( '', $html );
			return;
		}
		$this->assertStringContainsString( 'syteops-license-lock-banner', $html );
		$this->assertStringContainsString( 'Module updates and workflow-template imports are locked.', $html );
		$this->assertStringContainsString( 'href="' . esc_url( admin_url( 'admin.php?page=syteops-admin#syteops-product-license' ) ) . '"', $html );
		$this->assertStringContainsString( 'Admin → Product License → Recheck', $html );
	}

	/**
	 * The Admin tab renders the banner, the Product License section and a Recheck form with the config nonce.
	 */
	public function test_admin_tab_renders_banner_license_section_and_recheck_form() {
		wp_set_current_user( SyteOps_Test_Users::id_for( 'administrator' ) );
		update_option( SyteOps_Backup_Admin_Tab::LOCK_OPTION, '{"locked":true,"locked_at":"2026-11-23T12:00:00.000Z"}', false );
		ob_start();
		SyteOps_Backup_Admin_Tab::render();
		$html = ob_get_clean();
		$this->assertStringContainsString( 'syteops-license-lock-banner', $html );
		$this->assertStringContainsString( 'id="syteops-product-license"', $html );
		$this->assertStringContainsString( 'name="action" value="syteops_license_recheck"', $html );
		$this->assertMatchesRegularExpression( '/name="_wpnonce" value="([0-9a-f]+)"/', $html );
		preg_match( '/name="_wpnonce" value="([0-9a-f]+)"/', $html, $nonce );
		$this->assertSame( 1, wp_verify_nonce( $nonce[1], 'syteops_config' ) );
	}

	/**
	 * Only SyteOps Admins get the Admin submenu.
	 */
	public function test_admin_submenu_requires_the_syteops_admin_capability() {
		global $submenu;
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		wp_set_current_user( SyteOps_Test_Users::id_for( 'administrator' ) );
		SyteOps_Backup_Admin_Page::register_menu();
		$entries = array_filter(
			(array) ( $submenu['syteops'] ?? array() ),
			function ( $entry ) {
				return SyteOps_Backup_Admin_Tab::SLUG === $entry[2];
			}
		);
		$this->assertCount( 1, $entries );
		$this->assertSame( 'syteops_admin', array_values( $entries )[0][1] );
	}

	/**
	 * The Recheck button asks the real sidecar; a key that is not a valid license keeps the lock and says why.
	 */
	public function test_recheck_with_an_invalid_key_keeps_the_lock_and_reports_the_catalogue_message() {
		global $wpdb;
		wp_set_current_user( SyteOps_Test_Users::id_for( 'administrator' ) );
		$table = $wpdb->prefix . 'syteops_secrets';
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the table name is the site prefix + a constant.
		$saved = $wpdb->get_row( $wpdb->prepare( "SELECT value, updated_at FROM {$table} WHERE name = %s", 'license.product_key' ), ARRAY_A );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery
		$wpdb->replace(
			$table,
			array(
				'name'       => 'license.product_key',
				'value'      => 'SYTE-NOT-A-LICENSE',
				'updated_at' => gmdate( 'Y-m-d H:i:s' ),
			)
		);
		update_option( SyteOps_Backup_Admin_Tab::LOCK_OPTION, '{"locked":true,"locked_at":"2026-11-23T12:00:00.000Z"}', false );
		try {
			$result = SyteOps_Backup_Admin_Tab::recheck();
		} finally {
			if ( $saved ) {
				// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery
				$wpdb->replace( $table, array_merge( $saved, array( 'name' => 'license.product_key' ) ) );
			} else {
				// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery
				$wpdb->delete( $table, array( 'name' => 'license.product_key' ) );
			}
		}
		$this->assertFalse( $result['ok'] );
		$this->assertStringContainsString( 'is not valid', $result['message'] );
		$this->assertStringNotContainsString( 'SYTE-NOT-A-LICENSE', $result['message'] );
		wp_cache_delete( SyteOps_Backup_Admin_Tab::LOCK_OPTION, 'options' );
		$this->assertTrue( SyteOps_Backup_Admin_Tab::lock()['locked'] );
	}
}
