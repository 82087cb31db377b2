<?php
/**
 * The Backup tab's boot data: the bundle learns from PHP what the current user may do, so it offers only those
 * actions; and it gets the REST root and nonce for download links and the site's time zone.
 *
 * @package SyteOps_Backup
 */

use PHPUnit\Framework\TestCase;

/**
 * SyteOps_Backup_Admin_Page::enqueue_assets() boot data.
 */
class Test_SyteOps_Backup_Admin_Page_Boot_Data extends TestCase {

	/**
	 * Restores the script registry and the current user after each case.
	 */
	protected function tearDown(): void {
		wp_dequeue_script( SyteOps_Backup_Admin_Page::SCRIPT );
		wp_deregister_script( SyteOps_Backup_Admin_Page::SCRIPT );
		wp_set_current_user( 0 );
	}

	/**
	 * The window.syteopsBackup object printed before the bundle for a user of the given role.
	 *
	 * @param string $role Role slug.
	 * @return array
	 */
	private function boot_data_for( $role ) {
		wp_set_current_user( SyteOps_Test_Users::id_for( $role ) );
		SyteOps_Backup_Admin_Page::enqueue_assets( 'toplevel_page_' . SyteOps_Backup_Admin_Page::MENU_SLUG );
		$before = wp_scripts()->get_data( SyteOps_Backup_Admin_Page::SCRIPT, 'before' );
		$this->assertIsArray( $before, 'the bundle is enqueued with its boot data (build/admin must exist)' );
		$script = implode( "\n", $before );
		$this->assertSame( 1, preg_match( '/window\.syteopsBackup = (\{.*\});/s', $script, $match ), $script );
		return json_decode( $match[1], true );
	}

	/**
	 * Administrator: every capability true, plus the download and time-zone fields.
	 */
	public function test_administrator_gets_every_capability_and_the_rest_and_clock_fields() {
		$data = $this->boot_data_for( 'administrator' );
		$this->assertSame( array_fill_keys( SyteOps_Backup_Capabilities::all(), true ), $data['capabilities'] );
		$this->assertSame( esc_url_raw( rest_url() ), $data['restRoot'] );
		$this->assertSame( 1, wp_verify_nonce( $data['restNonce'], 'wp_rest' ) );
		$this->assertSame( 1, wp_verify_nonce( $data['configNonce'], 'syteops_config' ) );
		$this->assertSame( wp_timezone_string(), $data['timezone'] );
		$this->assertSame( (float) get_option( 'gmt_offset', 0 ), (float) $data['gmtOffset'] );
	}

	/**
	 * Editor under the default map: list, create and verify only, so the tab offers no Restore or Delete.
	 */
	public function test_editor_gets_list_create_verify_and_nothing_else() {
		$data    = $this->boot_data_for( 'editor' );
		$granted = array_keys( array_filter( $data['capabilities'] ) );
		sort( $granted );
		$this->assertSame( array( 'syteops_backup_create', 'syteops_backup_list', 'syteops_backup_verify' ), $granted );
		$this->assertFalse( $data['capabilities']['syteops_backup_restore'] );
		$this->assertFalse( $data['capabilities']['syteops_backup_delete'] );
	}

	/**
	 * The scoped-export picker lists the registry's settings tabs and modules, including one a site registers
	 * through the syteops_backup_registry filter.
	 */
	public function test_scopes_list_the_registry_tabs_and_modules_including_filtered_ones() {
		$add_module = function ( $registry ) {
			$registry['modules']['invoices'] = array(
				'label'        => 'Invoices',
				'table'        => 'syteops_invoices',
				'id_column'    => 'id',
				'owner_column' => 'owner_user_id',
			);
			return $registry;
		};
		add_filter( 'syteops_backup_registry', $add_module );
		try {
			$data = $this->boot_data_for( 'administrator' );
		} finally {
			remove_filter( 'syteops_backup_registry', $add_module );
		}
		$this->assertSame(
			array(
				array(
					'name'  => 'general',
					'label' => 'General',
				),
				array(
					'name'  => 'users',
					'label' => 'Users',
				),
				array(
					'name'  => 'integrations',
					'label' => 'Integrations',
				),
				array(
					'name'  => 'system_api',
					'label' => 'System / API',
				),
			),
			$data['scopes']['tabs']
		);
		$this->assertSame( array( 'notes', 'estimates', 'invoices' ), array_column( $data['scopes']['modules'], 'name' ) );
		$this->assertSame( 'Invoices', $data['scopes']['modules'][2]['label'] );
	}

	/**
	 * The bundle's strings are translated from the plugin's languages directory under its text domain.
	 */
	public function test_script_translations_use_the_plugin_text_domain() {
		$this->boot_data_for( 'administrator' );
		$script = wp_scripts()->registered[ SyteOps_Backup_Admin_Page::SCRIPT ];
		$this->assertSame( 'syteops-backup', $script->textdomain );
		$this->assertStringEndsWith( '/languages', $script->translations_path );
	}
}
