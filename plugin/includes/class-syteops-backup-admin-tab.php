<?php
/**
 * The SyteOps Admin tab: the Product License section with its Recheck button, and, while the post-restore
 * license lock holds, a banner saying so. Rendered on the server (escaped, translatable, no JavaScript), from
 * the lock and license options; the Recheck button posts to admin-post.php, which asks the sidecar.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * Renders the Admin tab and handles its Recheck button.
 */
class SyteOps_Backup_Admin_Tab {

	const SLUG          = 'syteops-admin';
	const ANCHOR        = 'syteops-product-license';
	const RECHECK       = 'syteops_license_recheck';
	const LOCK_OPTION   = 'syteops_license_lock';
	const RECORD_OPTION = 'syteops_license';

	/**
	 * The post-restore lock as stored by the sidecar (JSON). Unreadable counts as locked, as in the sidecar.
	 *
	 * @return array{locked: bool, locked_at: string, locked_by_restore: string}
	 */
	public static function lock() {
		$raw = get_option( self::LOCK_OPTION, null );
		if ( null === $raw || false === $raw ) {
			return array(
				'locked'            => false,
				'locked_at'         => '',
				'locked_by_restore' => '',
			);
		}
		$lock = is_string( $raw ) ? json_decode( $raw, true ) : null;
		return array(
			'locked'            => ! is_array( $lock ) || false !== ( $lock['locked'] ?? true ),
			'locked_at'         => is_array( $lock ) ? (string) ( $lock['locked_at'] ?? '' ) : '',
			'locked_by_restore' => is_array( $lock ) ? (string) ( $lock['locked_by_restore'] ?? '' ) : '',
		);
	}

	/**
	 * URL of the Product License section of the Admin tab.
	 *
	 * @return string
	 */
	public static function license_url() {
		return admin_url( 'admin.php?page=' . self::SLUG . '#' . self::ANCHOR );
	}

	/**
	 * The banner shown while the lock holds; empty when not locked.
	 *
	 * @return string HTML.
	 */
	public static function banner_html() {
		$lock = self::lock();
		if ( ! $lock['locked'] ) {
			return '';
		}
		$when = '' === $lock['locked_at'] ? '' : mysql2date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), get_date_from_gmt( gmdate( 'Y-m-d H:i:s', (int) strtotime( $lock['locked_at'] ) ) ) );
		return '<div class="notice notice-warning syteops-license-lock-banner" role="alert"><p><strong>'
			. esc_html__( 'Module updates and workflow-template imports are locked.', 'syteops-backup' ) . '</strong> '
			. ( '' === $when
				? esc_html__( 'A backup was restored onto this site. Re-check the Product License to release the lock.', 'syteops-backup' )
				/* translators: %s: date and time of the restore. */
				: esc_html( sprintf( __( 'A backup was restored onto this site on %s. Re-check the Product License to release the lock.', 'syteops-backup' ), $when ) ) )
			. ' <a href="' . esc_url( self::license_url() ) . '">' . esc_html__( 'Admin → Product License → Recheck', 'syteops-backup' ) . '</a></p></div>';
	}

	/**
	 * Prints the Admin tab.
	 */
	public static function render() {
		if ( ! current_user_can( SyteOps_Backup_Capabilities::ADMIN ) ) {
			wp_die( esc_html__( 'Sorry, your role is not allowed to do this in SyteOps Backup.', 'syteops-backup' ), '', array( 'response' => 403 ) );
		}
		echo '<div class="wrap"><h1>' . esc_html__( 'SyteOps Admin', 'syteops-backup' ) . '</h1>';
		echo self::banner_html(); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built from escaped parts.
		echo self::result_notice(); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built from escaped parts.
		echo self::license_section(); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built from escaped parts.
		echo '</div>';
	}

	/**
	 * The Product License section: the record's fields and the Recheck button.
	 *
	 * @return string HTML.
	 */
	public static function license_section() {
		$record = get_option( self::RECORD_OPTION );
		$record = is_array( $record ) ? $record : array();
		$rows   = array(
			__( 'Status', 'syteops-backup' )          => $record['status'] ?? '',
			__( 'Plan', 'syteops-backup' )            => $record['plan'] ?? '',
			__( 'Licensed site', 'syteops-backup' )   => $record['licensed_site'] ?? '',
			__( 'Expires', 'syteops-backup' )         => $record['expires_at'] ?? __( 'never', 'syteops-backup' ),
			__( 'Last checked', 'syteops-backup' )    => $record['last_checked_at'] ?? __( 'never', 'syteops-backup' ),
		);
		$html   = '<h2 id="' . esc_attr( self::ANCHOR ) . '">' . esc_html__( 'Product License', 'syteops-backup' ) . '</h2>'
			. '<table class="form-table syteops-license-record" role="presentation"><tbody>';
		foreach ( $rows as $label => $value ) {
			$html .= '<tr><th scope="row">' . esc_html( $label ) . '</th><td>' . esc_html( (string) $value ) . '</td></tr>';
		}
		$html .= '</tbody></table>'
			. '<p>' . esc_html__( 'Recheck validates this site’s Product License (signature, expiry and that it was issued for this site’s URL). After a restore it releases the lock on module updates and workflow-template imports.', 'syteops-backup' ) . '</p>'
			. '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">'
			. '<input type="hidden" name="action" value="' . esc_attr( self::RECHECK ) . '" />'
			. wp_nonce_field( SyteOps_Backup_REST_Proxy_Controller::NONCE_ACTION, '_wpnonce', true, false )
			. '<button type="submit" class="button button-primary syteops-license-recheck">' . esc_html__( 'Recheck', 'syteops-backup' ) . '</button>'
			. '</form>';
		return $html;
	}

	/**
	 * Asks the sidecar to re-check the license. The answer's message is shown as it is (never the key).
	 *
	 * @return array{ok: bool, message: string}
	 */
	public static function recheck() {
		$client = SyteOps_Backup_Sidecar_Client::from_config();
		$result = is_wp_error( $client ) ? $client : $client->request( 'POST', '/v1/license/recheck', array(), new stdClass() );
		if ( is_wp_error( $result ) ) {
			return array(
				'ok'      => false,
				'message' => $result->get_error_message(),
			);
		}
		return array(
			'ok'      => true,
			'message' => __( 'The Product License is valid for this site. Module updates and workflow-template imports are unlocked.', 'syteops-backup' ),
		);
	}

	/**
	 * The Recheck button (admin-post.php): capability and the unified config nonce, then the re-check, then
	 * back to the Product License section with the outcome.
	 */
	public static function handle_recheck() {
		if ( ! current_user_can( SyteOps_Backup_Capabilities::ADMIN ) ) {
			wp_die( esc_html__( 'Sorry, your role is not allowed to do this in SyteOps Backup.', 'syteops-backup' ), '', array( 'response' => 403 ) );
		}
		check_admin_referer( SyteOps_Backup_REST_Proxy_Controller::NONCE_ACTION );
		set_transient( self::result_key(), self::recheck(), 5 * MINUTE_IN_SECONDS );
		wp_safe_redirect( self::license_url() );
		exit;
	}

	/**
	 * The outcome of the last Recheck click of this user, shown once.
	 *
	 * @return string HTML.
	 */
	private static function result_notice() {
		$result = get_transient( self::result_key() );
		if ( ! is_array( $result ) ) {
			return '';
		}
		delete_transient( self::result_key() );
		return '<div class="notice ' . ( empty( $result['ok'] ) ? 'notice-error' : 'notice-success' ) . ' syteops-license-recheck-result"><p>'
			. esc_html( (string) $result['message'] ) . '</p></div>';
	}

	/**
	 * Transient name of the current user's Recheck outcome.
	 *
	 * @return string
	 */
	private static function result_key() {
		return 'syteops_license_recheck_' . get_current_user_id();
	}
}
