<?php
/**
 * The SyteOps menu, its Backup tab (a page that mounts the React admin bundle) and its Admin tab
 * (SyteOps_Backup_Admin_Tab).
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers the SyteOps menu, the Backup tab and the admin bundle.
 */
class SyteOps_Backup_Admin_Page {

	const MENU_SLUG   = 'syteops';
	const BACKUP_SLUG = 'syteops-backup';
	const SCRIPT      = 'syteops-backup-admin';

	/**
	 * Loads translations from the plugin's languages directory.
	 */
	public static function load_textdomain() {
		load_plugin_textdomain( 'syteops-backup', false, dirname( plugin_basename( SYTEOPS_BACKUP_FILE ) ) . '/languages' );
	}

	/**
	 * Adds SyteOps to the admin menu with its Backup tab; visible to anyone who may at least list snapshots.
	 */
	public static function register_menu() {
		add_menu_page(
			__( 'SyteOps', 'syteops-backup' ),
			__( 'SyteOps', 'syteops-backup' ),
			'syteops_backup_list',
			self::MENU_SLUG,
			array( __CLASS__, 'render_backup_tab' ),
			'dashicons-backup',
			81
		);
		add_submenu_page(
			self::MENU_SLUG,
			__( 'Backup', 'syteops-backup' ),
			__( 'Backup', 'syteops-backup' ),
			'syteops_backup_list',
			self::MENU_SLUG,
			array( __CLASS__, 'render_backup_tab' )
		);
		add_submenu_page(
			self::MENU_SLUG,
			__( 'Admin', 'syteops-backup' ),
			__( 'Admin', 'syteops-backup' ),
			SyteOps_Backup_Capabilities::ADMIN,
			SyteOps_Backup_Admin_Tab::SLUG,
			array( 'SyteOps_Backup_Admin_Tab', 'render' )
		);
	}

	/**
	 * Prints the mount point of the Backup tab; the bundle renders into it.
	 */
	public static function render_backup_tab() {
		echo '<div class="wrap"><h1>' . esc_html__( 'SyteOps Backup', 'syteops-backup' ) . '</h1>';
		echo '<div id="syteops-backup-root"><noscript>' . esc_html__( 'The Backup tab needs JavaScript.', 'syteops-backup' ) . '</noscript></div></div>';
	}

	/**
	 * Enqueues the admin bundle on the Backup tab only.
	 *
	 * @param string $hook_suffix The current admin page.
	 */
	public static function enqueue_assets( $hook_suffix ) {
		if ( 'toplevel_page_' . self::MENU_SLUG !== $hook_suffix ) {
			return;
		}
		$build_dir  = WP_PLUGIN_DIR . '/' . dirname( plugin_basename( SYTEOPS_BACKUP_FILE ) ) . '/build/';
		$asset_file = $build_dir . 'index.asset.php';
		if ( ! is_readable( $asset_file ) ) {
			return;
		}
		$asset = require $asset_file;
		if ( ! wp_script_is( 'react-jsx-runtime', 'registered' ) ) {
			wp_register_script( 'react-jsx-runtime', plugins_url( 'assets/react-jsx-runtime-shim.js', SYTEOPS_BACKUP_FILE ), array( 'react' ), SYTEOPS_BACKUP_VERSION, true );
		}
		wp_enqueue_script( self::SCRIPT, plugins_url( 'build/index.js', SYTEOPS_BACKUP_FILE ), $asset['dependencies'], $asset['version'], true );
		wp_enqueue_style( 'wp-components' );
		if ( is_readable( $build_dir . 'index.css' ) ) {
			wp_enqueue_style( self::SCRIPT, plugins_url( 'build/index.css', SYTEOPS_BACKUP_FILE ), array( 'wp-components' ), $asset['version'] );
		}
		wp_set_script_translations( self::SCRIPT, 'syteops-backup', WP_PLUGIN_DIR . '/' . dirname( plugin_basename( SYTEOPS_BACKUP_FILE ) ) . '/languages' );
		wp_add_inline_script( self::SCRIPT, 'window.syteopsBackup = ' . wp_json_encode( self::boot_data() ) . ';', 'before' );
	}

	/**
	 * What the bundle needs at boot: the unified config nonce, what the current user may do (so the tab offers
	 * only those actions; every route checks again), the REST root and nonce for download links (a link cannot
	 * send headers), and the site's time zone for showing UTC schedule times in local time.
	 *
	 * @return array
	 */
	private static function boot_data() {
		$capabilities = array();
		if ( class_exists( 'SyteOps_Backup_Capabilities' ) ) {
			foreach ( SyteOps_Backup_Capabilities::all() as $capability ) {
				$capabilities[ $capability ] = current_user_can( $capability );
			}
		}
		return array(
			'configNonce'  => wp_create_nonce( 'syteops_config' ),
			'capabilities' => $capabilities,
			'siteUrl'      => site_url(),
			'restRoot'     => esc_url_raw( rest_url() ),
			'restNonce'    => wp_create_nonce( 'wp_rest' ),
			'timezone'     => wp_timezone_string(),
			'gmtOffset'    => (float) get_option( 'gmt_offset', 0 ),
			'scopes'       => self::export_scopes(),
		);
	}

	/**
	 * The settings tabs and modules a scoped export can name, from the (filterable) data-model registry.
	 *
	 * @return array
	 */
	private static function export_scopes() {
		$registry = class_exists( 'SyteOps_Backup_Registry' ) ? SyteOps_Backup_Registry::get() : array();
		$scopes   = array(
			'tabs'    => array(),
			'modules' => array(),
		);
		foreach ( array( 'tabs', 'modules' ) as $kind ) {
			$entries = isset( $registry[ $kind ] ) && is_array( $registry[ $kind ] ) ? $registry[ $kind ] : array();
			foreach ( $entries as $name => $entry ) {
				$scopes[ $kind ][] = array(
					'name'  => (string) $name,
					'label' => isset( $entry['label'] ) ? (string) $entry['label'] : (string) $name,
				);
			}
		}
		return $scopes;
	}
}
