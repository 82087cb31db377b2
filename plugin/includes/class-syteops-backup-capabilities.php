<?php
/**
 * SyteOps Backup capabilities: the slugs, the action map used by REST routes, and the role map.
 *
 * The role map (role slug => capability slugs) is stored in the option `syteops_capability_map` so a site
 * can edit it, and filtered by `syteops_backup_capability_map`. apply_to_roles() makes the WordPress roles
 * match it exactly, for our capabilities only.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * Capability slugs, action => capability map, and role grants.
 */
class SyteOps_Backup_Capabilities {

	const MAP_OPTION  = 'syteops_capability_map';
	const VIEWER_ROLE = 'syteops_viewer';
	const ADMIN       = 'syteops_admin';

	/**
	 * Backup action => the capability its REST route requires. `admin` is the SyteOps Admin capability
	 * (license screens); `create` also covers scoped exports and `restore` scoped imports and previews.
	 */
	const ACTIONS = array(
		'list'      => 'syteops_backup_list',
		'create'    => 'syteops_backup_create',
		'delete'    => 'syteops_backup_delete',
		'pin'       => 'syteops_backup_pin',
		'unpin'     => 'syteops_backup_unpin',
		'verify'    => 'syteops_backup_verify',
		'download'  => 'syteops_backup_download',
		'restore'   => 'syteops_backup_restore',
		'upload'    => 'syteops_backup_upload',
		'schedule'  => 'syteops_backup_schedule',
		'retention' => 'syteops_backup_retention',
		'admin'     => self::ADMIN,
	);

	/**
	 * Every capability this plugin manages.
	 *
	 * @return string[]
	 */
	public static function all() {
		return array_values( self::ACTIONS );
	}

	/**
	 * The capability an action requires.
	 *
	 * @param string $action An ACTIONS key, e.g. "pin".
	 * @return string|null Null for an unknown action, so callers deny rather than guess.
	 */
	public static function for_action( $action ) {
		return self::ACTIONS[ $action ] ?? null;
	}

	/**
	 * The map shipped with the plugin: Administrator everything, Editor list/create/verify, Viewer list.
	 *
	 * @return array<string, string[]>
	 */
	public static function default_map() {
		return array(
			'administrator'   => self::all(),
			'editor'          => array( self::ACTIONS['list'], self::ACTIONS['create'], self::ACTIONS['verify'] ),
			self::VIEWER_ROLE => array( self::ACTIONS['list'] ),
		);
	}

	/**
	 * The effective role map: the stored map (or the default), filtered, reduced to known capabilities.
	 *
	 * @return array<string, string[]>
	 */
	public static function get_map() {
		$stored = get_option( self::MAP_OPTION );
		$map    = is_array( $stored ) ? $stored : self::default_map();

		/**
		 * Filters the role => capabilities map of SyteOps Backup.
		 *
		 * @param array<string, string[]> $map Role slug => capability slugs.
		 */
		$map = apply_filters( 'syteops_backup_capability_map', $map );
		return self::sanitize_map( is_array( $map ) ? $map : array() );
	}

	/**
	 * Stores an edited map and applies it to the roles.
	 *
	 * @param array<string, string[]> $map Role slug => capability slugs.
	 * @return void
	 */
	public static function save_map( $map ) {
		update_option( self::MAP_OPTION, self::sanitize_map( (array) $map ), false );
		self::apply_to_roles();
	}

	/**
	 * Creates the SyteOps Viewer role if missing and grants/revokes our capabilities so every role holds
	 * exactly what the map gives it. Safe to call repeatedly (activation, map changes).
	 *
	 * @return void
	 */
	public static function apply_to_roles() {
		if ( null === get_role( self::VIEWER_ROLE ) ) {
			add_role( self::VIEWER_ROLE, __( 'SyteOps Viewer', 'syteops-backup' ), array( 'read' => true ) );
		}
		$map = self::get_map();
		foreach ( wp_roles()->role_objects as $slug => $role ) {
			$granted = $map[ $slug ] ?? array();
			foreach ( self::all() as $capability ) {
				$wanted = in_array( $capability, $granted, true );
				if ( $wanted && ! $role->has_cap( $capability ) ) {
					$role->add_cap( $capability );
				} elseif ( ! $wanted && isset( $role->capabilities[ $capability ] ) ) {
					$role->remove_cap( $capability );
				}
			}
		}
	}

	/**
	 * Uninstall: takes our capabilities from every role, removes the Viewer role and the stored map.
	 *
	 * @return void
	 */
	public static function remove_all() {
		foreach ( wp_roles()->role_objects as $role ) {
			foreach ( self::all() as $capability ) {
				if ( isset( $role->capabilities[ $capability ] ) ) {
					$role->remove_cap( $capability );
				}
			}
		}
		remove_role( self::VIEWER_ROLE );
		delete_option( self::MAP_OPTION );
	}

	/**
	 * Keeps only role slugs and capabilities we know, so a bad map can never grant a foreign capability.
	 *
	 * @param array $map Role slug => capability slugs.
	 * @return array<string, string[]>
	 */
	private static function sanitize_map( array $map ) {
		$clean = array();
		foreach ( $map as $role => $capabilities ) {
			$role = sanitize_key( (string) $role );
			if ( '' === $role || ! is_array( $capabilities ) ) {
				continue;
			}
			$clean[ $role ] = array_values( array_intersect( self::all(), array_map( 'strval', $capabilities ) ) );
		}
		return $clean;
	}
}
