<?php
/**
 * Activation against the real site A: tables, default options, registry sync. Non-destructive: the
 * installer never overwrites what exists, and these tests restore every option they change.
 *
 * @package SyteOps_Backup
 */

use PHPUnit\Framework\TestCase;

/**
 * SyteOps_Backup_Installer and SyteOps_Backup_Registry.
 */
class Test_SyteOps_Backup_Installer extends TestCase {

	/**
	 * Activation creates every schema table as innodb utf8mb4.
	 */
	public function test_activation_creates_every_schema_table_as_innodb_utf8mb4() {
		global $wpdb;
		SyteOps_Backup_Installer::activate();
		foreach ( SyteOps_Backup_Schema::table_names() as $name ) {
			$status = $wpdb->get_row( $wpdb->prepare( 'SHOW TABLE STATUS LIKE %s', $wpdb->esc_like( $wpdb->prefix . $name ) ), ARRAY_A );
			$this->assertNotNull( $status, "table {$name} exists" );
			$this->assertSame( 'InnoDB', $status['Engine'], $name );
			$this->assertStringStartsWith( 'utf8mb4', $status['Collation'], $name );
		}
	}

	/**
	 * Activating twice changes no table and no option.
	 */
	public function test_activating_twice_changes_no_table_and_no_option() {
		global $wpdb;
		SyteOps_Backup_Installer::activate();
		$before = $this->snapshot_of_schema_and_options();
		SyteOps_Backup_Installer::activate();
		$this->assertSame( $before, $this->snapshot_of_schema_and_options() );
		$this->assertSame( SyteOps_Backup_Installer::DB_VERSION, get_option( SyteOps_Backup_Installer::DB_VERSION_OPTION ) );
	}

	/**
	 * Default options keep existing values and carry the site url.
	 */
	public function test_default_options_keep_existing_values_and_carry_the_site_url() {
		$saved = get_option( 'syteops_general' );
		delete_option( 'syteops_general' );
		SyteOps_Backup_Installer::add_default_options();
		$created = get_option( 'syteops_general' );
		update_option( 'syteops_general', array( 'company_name' => 'Kept' ) );
		SyteOps_Backup_Installer::add_default_options();
		$kept = get_option( 'syteops_general' );
		update_option( 'syteops_general', $saved );

		$this->assertSame( home_url( '/syteops/dashboard/' ), $created['dashboard_url'] );
		$this->assertStringContainsString( str_replace( '/', '\/', home_url() ), $created['widgets_json'] );
		$this->assertSame( array( 'company_name' => 'Kept' ), $kept );
	}

	/**
	 * Registry sync publishes the filtered registry only when it changed.
	 */
	public function test_registry_sync_publishes_the_filtered_registry_only_when_it_changed() {
		$add_module = static function ( $registry ) {
			$registry['modules']['invoices'] = array(
				'label' => 'Invoices',
				'table' => 'syteops_invoices',
			);
			return $registry;
		};
		SyteOps_Backup_Registry::sync();
		$this->assertFalse( SyteOps_Backup_Registry::sync(), 'unchanged registry is not rewritten' );

		add_filter( 'syteops_backup_registry', $add_module );
		$written = SyteOps_Backup_Registry::sync();
		$stored  = json_decode( get_option( SyteOps_Backup_Registry::OPTION ), true );
		remove_filter( 'syteops_backup_registry', $add_module );
		SyteOps_Backup_Registry::sync();

		$this->assertTrue( $written );
		$this->assertSame( 'syteops_invoices', $stored['modules']['invoices']['table'] );
		$this->assertContains( 'syteops_invoices', array_column( $stored['modules'], 'table' ) );
	}

	/**
	 * CREATE TABLE text of our tables and values of our options.
	 *
	 * @return array
	 */
	private function snapshot_of_schema_and_options() {
		global $wpdb;
		$snapshot = array();
		foreach ( SyteOps_Backup_Schema::table_names() as $name ) {
			$snapshot[ $name ] = $wpdb->get_var( 'SHOW CREATE TABLE `' . esc_sql( $wpdb->prefix . $name ) . '`', 1 ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		}
		foreach ( array_keys( SyteOps_Backup_Defaults::options() ) as $option ) {
			$snapshot[ $option ] = get_option( $option );
		}
		return $snapshot;
	}
}
