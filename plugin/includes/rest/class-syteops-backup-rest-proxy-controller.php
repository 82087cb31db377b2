<?php
/**
 * Base of every SyteOps Backup REST controller. A controller declares its routes (path, method, action,
 * args); this class registers them with a permission_callback of their own, and proxies each allowed call to
 * the sidecar through the signed client, passing the sidecar's answer or error through unchanged.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers declared routes and proxies them to the sidecar.
 */
abstract class SyteOps_Backup_REST_Proxy_Controller extends WP_REST_Controller {

	const NONCE_ACTION = 'syteops_config';
	const NONCE_HEADER = 'X-SyteOps-Config-Nonce';
	const ID_PATTERN   = '(?P<id>[A-Za-z0-9_-]{1,64})';

	/**
	 * Route namespace.
	 *
	 * @var string
	 */
	protected $namespace = 'syteops/v1';

	/**
	 * The controller's routes: each array( route, method, action, args, kind ) where kind is json, download or
	 * chunk, and action is a key of SyteOps_Backup_Capabilities::ACTIONS (or the special "job").
	 *
	 * @return array[]
	 */
	abstract protected function route_specs();

	/**
	 * Registers every declared route.
	 */
	public function register_routes() {
		$by_route = array();
		foreach ( $this->route_specs() as $spec ) {
			list( $route, $method, $action, $args ) = $spec;
			$kind                = isset( $spec[4] ) ? $spec[4] : 'json';
			$by_route[ $route ][] = array(
				'methods'             => $method,
				'callback'            => $this->proxy_callback( $method, $kind ),
				'permission_callback' => $this->permission_callback( $action, $method ),
				'args'                => $args,
			);
		}
		foreach ( $by_route as $route => $endpoints ) {
			register_rest_route( $this->namespace, $route, $endpoints );
		}
	}

	/**
	 * Layer 1 (logged in), layer 2 (the action's capability), and CSRF: cookie-authenticated writes must
	 * carry the unified config nonce. Application-password clients are not exposed to CSRF and skip it.
	 *
	 * @param string $action Capability action.
	 * @param string $method HTTP method.
	 * @return callable
	 */
	protected function permission_callback( $action, $method ) {
		return function ( WP_REST_Request $request ) use ( $action, $method ) {
			if ( ! is_user_logged_in() ) {
				return new WP_Error( 'rest_not_logged_in', __( 'You must be logged in to use SyteOps Backup.', 'syteops-backup' ), array( 'status' => 401 ) );
			}
			if ( ! $this->current_user_may( $action ) ) {
				return new WP_Error( 'syteops_forbidden', __( 'Sorry, your role is not allowed to do this in SyteOps Backup.', 'syteops-backup' ), array( 'status' => 403 ) );
			}
			if ( 'GET' !== $method && ! $this->is_application_password_request() ) {
				$nonce = (string) $request->get_header( self::NONCE_HEADER );
				if ( ! wp_verify_nonce( $nonce, self::NONCE_ACTION ) ) {
					return new WP_Error( 'syteops_bad_nonce', __( 'Your session for the Backup tab has expired. Reload the page and try again.', 'syteops-backup' ), array( 'status' => 403 ) );
				}
			}
			return true;
		};
	}

	/**
	 * Whether the current user holds the action's capability. Jobs are readable by anyone who can start
	 * one; the sidecar then checks the capability of the action that started that job.
	 *
	 * @param string $action Capability action or "job".
	 * @return bool
	 */
	protected function current_user_may( $action ) {
		if ( 'job' === $action ) {
			foreach ( array( 'create', 'restore', 'verify', 'upload', 'schedule' ) as $starter ) {
				if ( current_user_can( SyteOps_Backup_Capabilities::for_action( $starter ) ) ) {
					return true;
				}
			}
			return false;
		}
		$capability = SyteOps_Backup_Capabilities::for_action( $action );
		return null !== $capability && current_user_can( $capability );
	}

	/**
	 * True when WordPress authenticated this request with an application password.
	 *
	 * @return bool
	 */
	protected function is_application_password_request() {
		return function_exists( 'rest_get_authenticated_app_password' ) && null !== rest_get_authenticated_app_password();
	}

	/**
	 * The callback that forwards a request to the same path under the sidecar's /v1.
	 *
	 * @param string $method HTTP method.
	 * @param string $kind   json, download or chunk.
	 * @return callable
	 */
	protected function proxy_callback( $method, $kind ) {
		return function ( WP_REST_Request $request ) use ( $method, $kind ) {
			$client = SyteOps_Backup_Sidecar_Client::from_config();
			if ( is_wp_error( $client ) ) {
				return $client;
			}
			$path = '/v1' . substr( $request->get_route(), strlen( '/' . $this->namespace ) );
			if ( 'download' === $kind ) {
				return SyteOps_Backup_Download::response( $path );
			}
			$params = $this->declared_params( $request );
			if ( 'chunk' === $kind ) {
				$result = $client->put_bytes( $path, $params, $request->get_body() );
			} elseif ( 'GET' === $method || 'DELETE' === $method ) {
				$result = $client->request( $method, $path, $params );
			} else {
				$result = $client->request( $method, $path, array(), (object) $params );
			}
			if ( is_wp_error( $result ) ) {
				return $result;
			}
			$response = $this->to_response( $result );
			if ( 'chunk' === $kind && in_array( wp_get_environment_type(), array( 'local', 'development' ), true ) ) {
				// Lets tests measure that a chunk passes through PHP without the archive piling up in memory.
				$response->header( 'X-SyteOps-PHP-Peak-Memory', (string) memory_get_peak_usage( true ) );
			}
			return $response;
		};
	}

	/**
	 * Only the route's declared, already validated and sanitized arguments reach the sidecar.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return array
	 */
	protected function declared_params( WP_REST_Request $request ) {
		$attributes = $request->get_attributes();
		$params     = array();
		foreach ( array_keys( (array) $attributes['args'] ) as $name ) {
			if ( 'id' !== $name && null !== $request->get_param( $name ) ) {
				$params[ $name ] = $request->get_param( $name );
			}
		}
		return $params;
	}

	/**
	 * The sidecar's answer as a REST response, keeping its status and pagination headers.
	 *
	 * @param array $result { status, headers, body }.
	 * @return WP_REST_Response
	 */
	protected function to_response( array $result ) {
		$response = new WP_REST_Response( $result['body'], $result['status'] );
		foreach ( array( 'x-wp-total', 'x-wp-totalpages' ) as $header ) {
			if ( isset( $result['headers'][ $header ] ) ) {
				$response->header( 'X-WP-' . ( 'x-wp-total' === $header ? 'Total' : 'TotalPages' ), (string) $result['headers'][ $header ] );
			}
		}
		return $response;
	}

	/**
	 * Args for a required snapshot/job/upload id in the route.
	 *
	 * @return array
	 */
	protected static function id_arg() {
		return array(
			'id' => array(
				'type'    => 'string',
				'pattern' => '^[A-Za-z0-9_-]{1,64}$',
			),
		);
	}
}
