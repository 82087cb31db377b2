<?php
/**
 * The SyteOps data model registry: tabs, modules, licensing, user card fields, secrets, internal data.
 *
 * The defaults ship in plugin/data-model.json; other plugins add modules through the
 * `syteops_backup_registry` filter. The effective registry is stored as JSON in the option
 * `syteops_registry`, which is how the sidecar learns what a backup carries and what it must leave out.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * Loads, filters and publishes the data model registry.
 */
class SyteOps_Backup_Registry {

	const OPTION = 'syteops_registry';

	/**
	 * The registry shipped with the plugin, decoded once per request.
	 *
	 * @var array|null
	 */
	private static $shipped = null;

	/**
	 * Path of the shipped registry file.
	 *
	 * @return string
	 */
	public static function file() {
		$dir = defined( 'SYTEOPS_BACKUP_DIR' ) ? SYTEOPS_BACKUP_DIR : dirname( __DIR__, 2 ) . '/';
		return $dir . 'data-model.json';
	}

	/**
	 * The effective registry: the shipped file after the `syteops_backup_registry` filter.
	 *
	 * @return array
	 */
	public static function get() {
		/**
		 * Filters the SyteOps data model registry, e.g. to register another module:
		 * `$registry['modules']['invoices'] = array( 'label' => 'Invoices', 'table' => 'syteops_invoices',
		 * 'id_column' => 'id', 'owner_column' => 'owner_user_id' );`
		 *
		 * @param array $registry The registry decoded from plugin/data-model.json.
		 */
		$registry = apply_filters( 'syteops_backup_registry', self::shipped() );
		return is_array( $registry ) ? $registry : self::shipped();
	}

	/**
	 * Stores the effective registry in the `syteops_registry` option, only when it changed.
	 *
	 * @return bool True when the option was written.
	 */
	public static function sync() {
		$json = wp_json_encode( self::get() );
		if ( false === $json || get_option( self::OPTION ) === $json ) {
			return false;
		}
		return update_option( self::OPTION, $json, false );
	}

	/**
	 * Every table of the data model (modules, licensing, secrets, internal), without the site prefix.
	 *
	 * @return string[]
	 */
	public static function table_names() {
		$registry = self::get();
		$tables   = array();
		foreach ( (array) ( $registry['modules'] ?? array() ) as $module ) {
			if ( ! empty( $module['table'] ) ) {
				$tables[] = $module['table'];
			}
		}
		$tables = array_merge(
			$tables,
			(array) ( $registry['licensing']['tables'] ?? array() ),
			array( $registry['secrets']['table'] ?? 'syteops_secrets' ),
			(array) ( $registry['internal']['tables'] ?? array() )
		);
		return array_values( array_unique( array_map( 'sanitize_key', $tables ) ) );
	}

	/**
	 * Every option of the data model (tabs, variable sets, licensing record, internal options).
	 *
	 * @return string[]
	 */
	public static function option_names() {
		$registry = self::get();
		$options  = array();
		foreach ( (array) ( $registry['tabs'] ?? array() ) as $tab ) {
			$options = array_merge( $options, (array) ( $tab['options'] ?? array() ) );
		}
		$options = array_merge(
			$options,
			(array) ( $registry['variable_sets']['options'] ?? array() ),
			array( $registry['licensing']['record_option'] ?? 'syteops_license' ),
			(array) ( $registry['internal']['options'] ?? array() )
		);
		return array_values( array_unique( $options ) );
	}

	/**
	 * Names of the secret fields (rows of the secrets table), e.g. "integrations.stripe.secret_key".
	 *
	 * @return string[]
	 */
	public static function secret_names() {
		$registry = self::get();
		$names    = array();
		foreach ( (array) ( $registry['secrets']['fields'] ?? array() ) as $field ) {
			if ( ! empty( $field['name'] ) ) {
				$names[] = (string) $field['name'];
			}
		}
		return $names;
	}

	/**
	 * The registry as shipped, decoded from the JSON file (empty array if the file is unreadable).
	 *
	 * @return array
	 */
	private static function shipped() {
		if ( null === self::$shipped ) {
			$json          = file_get_contents( self::file() ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- local plugin file.
			$decoded       = is_string( $json ) ? json_decode( $json, true ) : null;
			self::$shipped = is_array( $decoded ) ? $decoded : array();
		}
		return self::$shipped;
	}
}
