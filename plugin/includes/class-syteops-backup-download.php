<?php
/**
 * Streams a snapshot download from the sidecar to the browser without holding it in PHP memory. The REST
 * callback returns a marker response; rest_pre_serve_request serves it by piping the sidecar's bytes.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * Download pass-through.
 */
class SyteOps_Backup_Download {

	/**
	 * The marker response for a download of a sidecar path.
	 *
	 * @param string $sidecar_path Sidecar path of the download.
	 * @return WP_REST_Response
	 */
	public static function response( $sidecar_path ) {
		$response = new WP_REST_Response( array( 'download' => true ), 200 );
		$response->set_headers( array( 'X-SyteOps-Download' => '1' ) );
		$response->set_data( array( 'syteops_download' => $sidecar_path ) );
		return $response;
	}

	/**
	 * Serves marker responses by streaming; leaves every other response to WordPress.
	 *
	 * @param bool             $served  Whether the request was already served.
	 * @param WP_REST_Response $result  The response.
	 * @return bool
	 */
	public static function serve( $served, $result ) {
		$data = $result instanceof WP_REST_Response ? $result->get_data() : null;
		if ( $served || ! is_array( $data ) || ! isset( $data['syteops_download'] ) ) {
			return $served;
		}
		$client = SyteOps_Backup_Sidecar_Client::from_config();
		$sent   = is_wp_error( $client ) ? $client : $client->stream_to_output(
			$data['syteops_download'],
			function ( $status, $headers ) {
				header( 'Content-Type: application/zip' );
				header( 'X-Content-Type-Options: nosniff' );
				header( 'Cache-Control: no-store' );
				foreach ( array( 'content-length', 'content-disposition' ) as $name ) {
					if ( isset( $headers[ $name ] ) ) {
						header( ucwords( $name, '-' ) . ': ' . sanitize_text_field( $headers[ $name ] ) );
					}
				}
			}
		);
		if ( is_wp_error( $sent ) && ! headers_sent() ) {
			$error = rest_convert_error_to_response( $sent );
			status_header( $error->get_status() );
			header( 'Content-Type: application/json; charset=UTF-8' );
			echo wp_json_encode( $error->get_data() );
		}
		return true;
	}
}
