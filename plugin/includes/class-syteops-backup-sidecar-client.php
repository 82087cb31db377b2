<?php
/**
 * The only code that talks to the sidecar: signs each request (HMAC-SHA256 over method, path, timestamp,
 * request id, body digest and actor), calls the configured loopback URL, and turns every failure into a
 * WP_Error carrying the sidecar's own error code, message and status.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * Signed loopback client for the SyteOps Backup sidecar.
 */
class SyteOps_Backup_Sidecar_Client {

	const TIMEOUT = 30;

	/**
	 * Base URL of the sidecar (loopback only).
	 *
	 * @var string
	 */
	private $base_url;

	/**
	 * Shared secret, from wp-config.php (never from the database, so a database dump does not leak it).
	 *
	 * @var string
	 */
	private $secret;

	/**
	 * Builds the client from the SYTEOPS_BACKUP_SIDECAR_URL and SYTEOPS_BACKUP_SIDECAR_SECRET constants.
	 *
	 * @return SyteOps_Backup_Sidecar_Client|WP_Error
	 */
	public static function from_config() {
		$url    = defined( 'SYTEOPS_BACKUP_SIDECAR_URL' ) ? (string) SYTEOPS_BACKUP_SIDECAR_URL : '';
		$secret = defined( 'SYTEOPS_BACKUP_SIDECAR_SECRET' ) ? (string) SYTEOPS_BACKUP_SIDECAR_SECRET : '';
		$host   = (string) wp_parse_url( $url, PHP_URL_HOST );
		if ( '' === $secret || ! in_array( $host, array( '127.0.0.1', 'localhost', '[::1]', '::1' ), true ) ) {
			return new WP_Error(
				'syteops_sidecar_not_configured',
				__( 'SyteOps Backup is not configured: define SYTEOPS_BACKUP_SIDECAR_URL (a loopback address) and SYTEOPS_BACKUP_SIDECAR_SECRET in wp-config.php.', 'syteops-backup' ),
				array( 'status' => 503 )
			);
		}
		return new self( $url, $secret );
	}

	/**
	 * Constructor.
	 *
	 * @param string $base_url Loopback base URL.
	 * @param string $secret   Shared secret.
	 */
	public function __construct( $base_url, $secret ) {
		$this->base_url = untrailingslashit( $base_url );
		$this->secret   = $secret;
	}

	/**
	 * Sends a JSON request and decodes the JSON answer.
	 *
	 * @param string     $method HTTP method.
	 * @param string     $path   Sidecar path, e.g. /v1/backups.
	 * @param array      $query  Query arguments.
	 * @param array|null $body   JSON body, or null for none.
	 * @return array|WP_Error { status, headers, body } or the sidecar's error.
	 */
	public function request( $method, $path, array $query = array(), $body = null ) {
		$raw = null === $body ? '' : wp_json_encode( $body );
		return $this->send( $method, $path, $query, $raw, 'application/json' );
	}

	/**
	 * Sends raw bytes (an upload chunk) without re-encoding them.
	 *
	 * @param string $path  Sidecar path.
	 * @param array  $query Query arguments.
	 * @param string $bytes The chunk.
	 * @return array|WP_Error
	 */
	public function put_bytes( $path, array $query, $bytes ) {
		return $this->send( 'PUT', $path, $query, $bytes, 'application/octet-stream' );
	}

	/**
	 * Streams a sidecar response straight to the output (downloads): never holds the archive in memory.
	 *
	 * @param string   $path       Sidecar path.
	 * @param callable $on_headers Called with (status, headers) before the first byte is written.
	 * @return true|WP_Error
	 */
	public function stream_to_output( $path, $on_headers ) {
		$headers = $this->signed_headers( 'GET', $path, '' );
		$status  = 0;
		$error   = '';
		$started = false;
		$handle  = curl_init( $this->base_url . $path ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_init -- wp_remote_get cannot stream to output.
		curl_setopt_array( // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt_array
			$handle,
			array(
				CURLOPT_HTTPHEADER     => $this->header_lines( $headers ),
				CURLOPT_CONNECTTIMEOUT => 5,
				// No overall timeout (archives are large), but a stalled stream is abandoned.
				CURLOPT_LOW_SPEED_LIMIT => 1,
				CURLOPT_LOW_SPEED_TIME  => 60,
				CURLOPT_PROTOCOLS      => CURLPROTO_HTTP,
				CURLOPT_HEADERFUNCTION => function ( $ch, $line ) use ( &$status, &$headers_in ) {
					if ( preg_match( '#^HTTP/\S+\s+(\d{3})#', $line, $m ) ) {
						$status     = (int) $m[1];
						$headers_in = array();
					} elseif ( false !== strpos( $line, ':' ) ) {
						list( $name, $value )                        = explode( ':', $line, 2 );
						$headers_in[ strtolower( trim( $name ) ) ] = trim( $value );
					}
					return strlen( $line );
				},
				CURLOPT_WRITEFUNCTION  => function ( $ch, $data ) use ( &$status, &$headers_in, &$started, &$error, $on_headers ) {
					if ( 200 !== $status ) {
						$error .= $data; // An error body is small JSON; keep it to report.
						return strlen( $data );
					}
					if ( ! $started ) {
						$started = true;
						call_user_func( $on_headers, $status, (array) $headers_in );
					}
					echo $data; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- archive bytes.
					flush();
					return strlen( $data );
				},
			)
		);
		$ok = curl_exec( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_exec
		curl_close( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_close
		if ( $started && false === $ok ) {
			// Bytes were already sent: report nothing more, so the archive is visibly cut short (its length
			// does not match Content-Length) instead of ending with an error text glued to it.
			return new WP_Error( 'syteops_download_interrupted', __( 'The download was interrupted.', 'syteops-backup' ), array( 'status' => 502, 'partial' => true ) );
		}
		if ( false === $ok || 0 === $status ) {
			return self::unavailable();
		}
		if ( 200 !== $status ) {
			return self::to_error( $status, json_decode( $error, true ) );
		}
		return true;
	}

	/**
	 * Signs and sends one buffered request.
	 *
	 * @param string $method       HTTP method.
	 * @param string $path         Sidecar path.
	 * @param array  $query        Query arguments.
	 * @param string $raw          Body bytes.
	 * @param string $content_type Body type.
	 * @return array|WP_Error
	 */
	private function send( $method, $path, array $query, $raw, $content_type ) {
		$path_and_query = $path . ( $query ? '?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 ) : '' );
		$headers        = $this->signed_headers( $method, $path_and_query, $raw );
		$headers['Content-Type'] = $content_type;
		$response       = wp_remote_request(
			$this->base_url . $path_and_query,
			array(
				'method'      => $method,
				'headers'     => $headers,
				'body'        => '' === $raw ? null : $raw,
				'timeout'     => self::TIMEOUT,
				'redirection' => 0,
			)
		);
		if ( is_wp_error( $response ) ) {
			return self::unavailable();
		}
		$status  = (int) wp_remote_retrieve_response_code( $response );
		$decoded = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		if ( $status >= 400 ) {
			return self::to_error( $status, $decoded );
		}
		return array(
			'status'  => $status,
			'headers' => wp_remote_retrieve_headers( $response ),
			'body'    => $decoded,
		);
	}

	/**
	 * The signature headers; the actor is the current user and the SyteOps capabilities they hold.
	 *
	 * @param string $method         HTTP method.
	 * @param string $path_and_query Path with query string, exactly as sent.
	 * @param string $raw            Body bytes.
	 * @return array
	 */
	private function signed_headers( $method, $path_and_query, $raw ) {
		$user      = wp_get_current_user();
		$actor     = base64_encode( // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- header transport.
			wp_json_encode(
				array(
					'user_id'      => (int) $user->ID,
					'login'        => (string) $user->user_login,
					'capabilities' => self::actor_capabilities(),
				)
			)
		);
		$timestamp = (string) time();
		$id        = bin2hex( random_bytes( 16 ) );
		$digest    = hash( 'sha256', $raw );
		$canonical = implode( "\n", array( strtoupper( $method ), $path_and_query, $timestamp, $id, $digest, $actor ) );
		return array(
			'X-SyteOps-Timestamp'      => $timestamp,
			'X-SyteOps-Request-Id'     => $id,
			'X-SyteOps-Content-SHA256' => $digest,
			'X-SyteOps-Actor'          => $actor,
			'X-SyteOps-Signature'      => hash_hmac( 'sha256', $canonical, $this->secret ),
		);
	}

	/**
	 * The SyteOps capabilities of the current user, so the sidecar can check them again.
	 *
	 * @return string[]
	 */
	private static function actor_capabilities() {
		$held = array();
		foreach ( SyteOps_Backup_Capabilities::all() as $capability ) {
			if ( current_user_can( $capability ) ) {
				$held[] = $capability;
			}
		}
		return $held;
	}

	/**
	 * Header array to curl's "Name: value" lines.
	 *
	 * @param array $headers Headers.
	 * @return string[]
	 */
	private function header_lines( array $headers ) {
		$lines = array();
		foreach ( $headers as $name => $value ) {
			$lines[] = $name . ': ' . $value;
		}
		return $lines;
	}

	/**
	 * The error for a sidecar that is down or does not answer in time.
	 *
	 * @return WP_Error
	 */
	public static function unavailable() {
		return new WP_Error(
			'syteops_sidecar_unavailable',
			__( 'The SyteOps Backup service (sidecar) is not reachable. Start it with "syteops-backup serve" (or "make demo" on the local stack) and try again.', 'syteops-backup' ),
			array( 'status' => 503 )
		);
	}

	/**
	 * Passes a sidecar error through unchanged (code, message, status).
	 *
	 * @param int        $status  HTTP status.
	 * @param array|null $decoded Decoded error body.
	 * @return WP_Error
	 */
	private static function to_error( $status, $decoded ) {
		if ( is_array( $decoded ) && isset( $decoded['code'], $decoded['message'] ) ) {
			$data           = isset( $decoded['data'] ) && is_array( $decoded['data'] ) ? $decoded['data'] : array();
			$data['status'] = $status;
			return new WP_Error( sanitize_key( $decoded['code'] ), sanitize_text_field( $decoded['message'] ), $data );
		}
		return new WP_Error( 'syteops_sidecar_bad_response', __( 'The SyteOps Backup service gave an unexpected answer.', 'syteops-backup' ), array( 'status' => 502 ) );
	}
}
