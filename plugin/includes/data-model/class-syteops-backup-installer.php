<?php
/**
 * Activation and uninstall of the SyteOps data model: tables, default options, roles and capabilities.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * Creates (idempotently) and removes everything the plugin stores.
 */
class SyteOps_Backup_Installer {

	/**
	 * Version of the table layout in schema.sql; bump it whenever the schema changes.
	 */
	const DB_VERSION = '1';

	const DB_VERSION_OPTION = 'syteops_backup_db_version';

	/**
	 * Prefixes of the sidecar's transient restore tables (staging copies and swapped-out originals).
	 */
	const TRANSIENT_TABLE_PREFIXES = array( 'syteops_stg_', 'syteops_old_' );

	/**
	 * Activation hook: creates or upgrades the tables, adds missing default options, applies the
	 * capability map and publishes the registry. Running it again changes nothing that exists.
	 *
	 * @return void
	 */
	public static function activate() {
		self::create_tables();
		self::add_default_options();
		if ( ! is_array( get_option( SyteOps_Backup_Capabilities::MAP_OPTION ) ) ) {
			add_option( SyteOps_Backup_Capabilities::MAP_OPTION, SyteOps_Backup_Capabilities::default_map(), '', 'no' );
		}
		SyteOps_Backup_Capabilities::apply_to_roles();
		SyteOps_Backup_Registry::sync();
		update_option( self::DB_VERSION_OPTION, self::DB_VERSION, false );
	}

	/**
	 * Re-runs activation when the stored schema version is not the current one (plugin updated in place,
	 * where WordPress does not fire the activation hook).
	 *
	 * @return void
	 */
	public static function maybe_upgrade() {
		if ( self::DB_VERSION !== get_option( self::DB_VERSION_OPTION ) ) {
			self::activate();
		}
	}

	/**
	 * Creates or alters the tables of schema.sql with dbDelta.
	 *
	 * @return void
	 */
	public static function create_tables() {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		dbDelta( SyteOps_Backup_Schema::statements( $wpdb->prefix, $wpdb->get_charset_collate() ) );
	}

	/**
	 * Adds each default option that does not exist yet; existing values are never overwritten.
	 *
	 * @return void
	 */
	public static function add_default_options() {
		foreach ( SyteOps_Backup_Defaults::options() as $name => $value ) {
			if ( false === get_option( $name ) ) {
				add_option( $name, $value, '', 'no' );
			}
		}
	}

	/**
	 * Uninstall: drops every SyteOps table, deletes every SyteOps option and user meta, removes the role
	 * and the capabilities. Called from plugin/uninstall.php only.
	 *
	 * @return void
	 */
	public static function uninstall() {
		self::drop_tables();
		self::delete_options();
		self::delete_user_meta();
		SyteOps_Backup_Capabilities::remove_all();
	}

	/**
	 * Every table that exists on this site and belongs to us, with the site prefix.
	 *
	 * @return string[]
	 */
	public static function existing_tables() {
		global $wpdb;
		$names = array_unique( array_merge( SyteOps_Backup_Schema::table_names(), SyteOps_Backup_Registry::table_names() ) );
		$found = array();
		foreach ( $names as $name ) {
			$table = $wpdb->prefix . $name;
			if ( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $table ) ) ) === $table ) {
				$found[] = $table;
			}
		}
		foreach ( self::TRANSIENT_TABLE_PREFIXES as $prefix ) {
			$like  = $wpdb->esc_like( $wpdb->prefix . $prefix ) . '%';
			$found = array_merge( $found, (array) $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $like ) ) );
		}
		return $found;
	}

	/**
	 * Drops the tables found by existing_tables().
	 *
	 * @return void
	 */
	private static function drop_tables() {
		global $wpdb;
		foreach ( self::existing_tables() as $table ) {
			// Table names come from SHOW TABLES matched against our own names; identifiers cannot be prepared.
			$wpdb->query( 'DROP TABLE IF EXISTS `' . esc_sql( $table ) . '`' ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.SchemaChange
		}
	}

	/**
	 * Deletes the registry's options plus the ones only the installer knows.
	 *
	 * @return void
	 */
	private static function delete_options() {
		$options = array_merge(
			SyteOps_Backup_Registry::option_names(),
			array_keys( SyteOps_Backup_Defaults::options() ),
			array( self::DB_VERSION_OPTION, SyteOps_Backup_Registry::OPTION, SyteOps_Backup_Capabilities::MAP_OPTION ),
			// The package records the sidecar writes (module updates, workflow templates).
			array( 'syteops_module_versions', 'syteops_workflow_templates' )
		);
		foreach ( array_unique( $options ) as $option ) {
			delete_option( $option );
		}
	}

	/**
	 * Deletes the user card fields and the prefixed SyteOps user meta (not `capabilities`/`user_level`,
	 * which belong to WordPress).
	 *
	 * @return void
	 */
	private static function delete_user_meta() {
		global $wpdb;
		$registry = SyteOps_Backup_Registry::get();
		$keys     = (array) ( $registry['users']['card_fields'] ?? array() );
		foreach ( (array) ( $registry['users']['prefixed_meta_suffixes'] ?? array() ) as $suffix ) {
			if ( 0 === strpos( $suffix, 'syteops_' ) ) {
				$keys[] = $wpdb->get_blog_prefix() . $suffix;
			}
		}
		foreach ( array_unique( $keys ) as $key ) {
			delete_metadata( 'user', 0, $key, '', true );
		}
	}
}
