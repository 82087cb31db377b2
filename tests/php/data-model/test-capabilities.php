<?php
/**
 * The capability map and its application to the real WordPress roles of site A. Every test puts the
 * stored map back the way it found it.
 *
 * @package SyteOps_Backup
 */

use PHPUnit\Framework\TestCase;

/**
 * SyteOps_Backup_Capabilities.
 */
class Test_SyteOps_Backup_Capabilities extends TestCase {

	/**
	 * The stored map before the test.
	 *
	 * @var mixed
	 */
	private $saved_map;

	/**
	 * Saves the capability map before each test.
	 */
	protected function setUp(): void {
		$this->saved_map = get_option( SyteOps_Backup_Capabilities::MAP_OPTION );
	}

	/**
	 * Restores the capability map after each test.
	 */
	protected function tearDown(): void {
		update_option( SyteOps_Backup_Capabilities::MAP_OPTION, $this->saved_map );
		SyteOps_Backup_Capabilities::apply_to_roles();
	}

	/**
	 * Default map gives each role its documented capabilities.
	 */
	public function test_default_map_gives_each_role_its_documented_capabilities() {
		SyteOps_Backup_Capabilities::save_map( SyteOps_Backup_Capabilities::default_map() );
		$administrator = get_role( 'administrator' );
		foreach ( SyteOps_Backup_Capabilities::all() as $capability ) {
			$this->assertTrue( $administrator->has_cap( $capability ), $capability );
		}
		$this->assertSame( array( 'syteops_backup_list', 'syteops_backup_create', 'syteops_backup_verify' ), $this->syteops_caps_of( 'editor' ) );
		$this->assertSame( array( 'syteops_backup_list' ), $this->syteops_caps_of( 'syteops_viewer' ) );
		$this->assertTrue( get_role( 'syteops_viewer' )->has_cap( 'read' ) );
	}

	/**
	 * Editing the map revokes and grants to match it.
	 */
	public function test_editing_the_map_revokes_and_grants_to_match_it() {
		$map           = SyteOps_Backup_Capabilities::default_map();
		$map['editor'] = array( 'syteops_backup_list', 'syteops_backup_pin' );
		SyteOps_Backup_Capabilities::save_map( $map );
		$this->assertSame( array( 'syteops_backup_list', 'syteops_backup_pin' ), $this->syteops_caps_of( 'editor' ) );
	}

	/**
	 * Unknown capabilities in the map are never granted.
	 */
	public function test_unknown_capabilities_in_the_map_are_never_granted() {
		$map                   = SyteOps_Backup_Capabilities::default_map();
		$map['syteops_viewer'] = array( 'syteops_backup_list', 'manage_options' );
		SyteOps_Backup_Capabilities::save_map( $map );
		$this->assertFalse( get_role( 'syteops_viewer' )->has_cap( 'manage_options' ) );
	}

	/**
	 * The filter overrides the stored map.
	 */
	public function test_the_filter_overrides_the_stored_map() {
		$restrict = static function ( $map ) {
			$map['editor'] = array();
			return $map;
		};
		add_filter( 'syteops_backup_capability_map', $restrict );
		SyteOps_Backup_Capabilities::apply_to_roles();
		$caps = $this->syteops_caps_of( 'editor' );
		remove_filter( 'syteops_backup_capability_map', $restrict );
		$this->assertSame( array(), $caps );
	}

	/**
	 * Every action maps to a capability and unknown actions to none.
	 */
	public function test_every_action_maps_to_a_capability_and_unknown_actions_to_none() {
		$this->assertSame( 'syteops_backup_restore', SyteOps_Backup_Capabilities::for_action( 'restore' ) );
		$this->assertSame( 'syteops_admin', SyteOps_Backup_Capabilities::for_action( 'admin' ) );
		$this->assertNull( SyteOps_Backup_Capabilities::for_action( 'format_disk' ) );
		$this->assertCount( 12, array_unique( SyteOps_Backup_Capabilities::all() ) );
	}

	/**
	 * Our capabilities a role holds, in ACTIONS order.
	 *
	 * @param string $role Role slug.
	 * @return string[]
	 */
	private function syteops_caps_of( $role ) {
		$object = get_role( $role );
		return array_values( array_filter( SyteOps_Backup_Capabilities::all(), array( $object, 'has_cap' ) ) );
	}
}
