<?php
/**
 * Every syteops/v1 route × {anonymous, Subscriber, SyteOps Viewer, Editor, Administrator} × {with, without the
 * unified config nonce}, dispatched in-process against the real WordPress, whose allowed calls reach the real
 * sidecar. The table below is the public contract of docs/rest-api.md.
 *
 * @package SyteOps_Backup
 */

use PHPUnit\Framework\TestCase;

/**
 * Permission matrix of the REST surface.
 */
class Test_SyteOps_Backup_Permission_Matrix extends TestCase {

	const ID = 'abcdef0123456789abcdef0123456789';

	/** Codes that mean the request was stopped by the PHP gate (or never matched a route). */
	const GATE_CODES = array( 'rest_not_logged_in', 'syteops_forbidden', 'syteops_bad_nonce', 'rest_invalid_param', 'rest_missing_callback_param', 'rest_no_route', 'syteops_sidecar_unavailable' );

	/** The capability each role holds in the default map. */
	const ROLE_ACTIONS = array(
		'subscriber'     => array(),
		'syteops_viewer' => array( 'list' ),
		'editor'         => array( 'list', 'create', 'verify' ),
		'administrator'  => array( 'list', 'create', 'delete', 'pin', 'unpin', 'verify', 'download', 'restore', 'upload', 'schedule', 'retention', 'admin' ),
	);

	/**
	 * The contract: method, route (with the id filled in), required action, valid parameters.
	 *
	 * @return array[]
	 */
	public static function routes() {
		$one = '/syteops/v1/backups/' . self::ID;
		return array(
			'list backups'        => array( 'GET', '/syteops/v1/backups', 'list', array() ),
			'take backup'         => array( 'POST', '/syteops/v1/backups', 'create', array( 'label' => 'phpunit matrix' ) ),
			'get backup'          => array( 'GET', $one, 'list', array() ),
			'delete backup'       => array( 'DELETE', $one, 'delete', array() ),
			'pin backup'          => array( 'POST', $one . '/pin', 'pin', array( 'label' => 'keep' ) ),
			'unpin backup'        => array( 'DELETE', $one . '/pin', 'unpin', array() ),
			'verify backup'       => array( 'POST', $one . '/verify', 'verify', array() ),
			'download backup'     => array( 'GET', $one . '/download', 'download', array() ),
			'preview backup'      => array( 'GET', $one . '/preview', 'restore', array() ),
			'restore backup'      => array( 'POST', $one . '/restore', 'restore', array( 'confirm' => true ) ),
			'open upload'         => array( 'POST', '/syteops/v1/uploads', 'upload', array( 'filename' => 'site.zip', 'size' => 10 ) ),
			'send chunk'          => array( 'PUT', '/syteops/v1/uploads/' . self::ID, 'upload', array( 'offset' => 0 ) ),
			'complete upload'     => array( 'POST', '/syteops/v1/uploads/' . self::ID . '/complete', 'upload', array() ),
			'read job'            => array( 'GET', '/syteops/v1/jobs/' . self::ID, 'job', array() ),
			'read schedule'       => array( 'GET', '/syteops/v1/schedule', 'schedule', array() ),
			'save schedule'       => array( 'PUT', '/syteops/v1/schedule', 'schedule', array( 'frequency' => 'daily' ) ),
			'disable schedule'    => array( 'POST', '/syteops/v1/schedule/disable', 'schedule', array() ),
			'run schedule now'    => array( 'POST', '/syteops/v1/schedule/run', 'schedule', array() ),
			'set retention'       => array( 'PUT', '/syteops/v1/retention', 'retention', array( 'retention_days' => 30 ) ),
			'scoped export'       => array( 'POST', '/syteops/v1/exports', 'create', array( 'scope' => 'master' ) ),
			'scoped import'       => array( 'POST', '/syteops/v1/imports', 'restore', array( 'backup_id' => self::ID, 'confirm' => true ) ),
			'read audit log'      => array( 'GET', '/syteops/v1/audit', 'list', array() ),
			'read license'        => array( 'GET', '/syteops/v1/license', 'admin', array() ),
			'recheck license'     => array( 'POST', '/syteops/v1/license/recheck', 'admin', array() ),
			'update module'       => array( 'POST', '/syteops/v1/modules/notes/update', 'admin', array( 'package' => 'not-a-package' ) ),
			'import template'     => array( 'POST', '/syteops/v1/workflow-templates/import', 'admin', array( 'package' => 'not-a-package' ) ),
			'read import gate'    => array( 'GET', '/syteops/v1/settings/import-gate', 'admin', array() ),
			'save import gate'    => array( 'PUT', '/syteops/v1/settings/import-gate', 'admin', array( 'enabled' => false ) ),
		);
	}

	/**
	 * One case per route × role × nonce.
	 *
	 * @return array[]
	 */
	public static function matrix() {
		$cases = array();
		foreach ( self::routes() as $name => $route ) {
			foreach ( array( 'anonymous', 'subscriber', 'syteops_viewer', 'editor', 'administrator' ) as $role ) {
				foreach ( array( true, false ) as $with_nonce ) {
					$cases[ "$name as $role " . ( $with_nonce ? 'with' : 'without' ) . ' nonce' ] = array( $route, $role, $with_nonce );
				}
			}
		}
		return $cases;
	}

	/**
	 * Dispatches one case and checks the gate's verdict.
	 *
	 * @dataProvider matrix
	 * @param array  $route      Method, path, action, params.
	 * @param string $role       Role or anonymous.
	 * @param bool   $with_nonce Whether the unified nonce is sent.
	 */
	public function test_route_answers_as_the_permission_map_says( array $route, $role, $with_nonce ) {
		list( $method, $path, $action, $params ) = $route;
		wp_set_current_user( 'anonymous' === $role ? 0 : SyteOps_Test_Users::id_for( $role ) );
		$request = new WP_REST_Request( $method, $path );
		if ( 'GET' === $method || 'DELETE' === $method ) {
			$request->set_query_params( $params );
		} else {
			$request->set_body_params( $params );
		}
		if ( 'PUT' === $method && isset( $params['offset'] ) ) {
			$request->set_query_params( $params );
			$request->set_body( 'chunk-bytes' );
		}
		if ( $with_nonce ) {
			$request->set_header( 'X-SyteOps-Config-Nonce', wp_create_nonce( 'syteops_config' ) );
		}
		$response = rest_do_request( $request );
		$data     = $response->get_data();
		$code     = is_array( $data ) && isset( $data['code'] ) ? $data['code'] : null;

		if ( 'anonymous' === $role ) {
			$this->assertSame( array( 401, 'rest_not_logged_in' ), array( $response->get_status(), $code ) );
		} elseif ( ! $this->role_may( $role, $action ) ) {
			$this->assertSame( array( 403, 'syteops_forbidden' ), array( $response->get_status(), $code ) );
		} elseif ( 'GET' !== $method && ! $with_nonce ) {
			$this->assertSame( array( 403, 'syteops_bad_nonce' ), array( $response->get_status(), $code ) );
		} else {
			$this->assertNotContains( $code, self::GATE_CODES, "passed the gate and reached the sidecar: got $code" );
			$this->assertNotContains( $response->get_status(), array( 401, 403 ) );
			if ( $response->get_status() >= 400 ) {
				// Only the sidecar's catalogue adds details: proof the answer came from the real sidecar.
				$this->assertArrayHasKey( 'details', (array) $data['data'], "error answered by the sidecar: $code" );
			}
		}
	}

	/**
	 * A route added to the plugin without a row in the contract above would escape this matrix.
	 */
	public function test_every_registered_route_is_in_the_matrix() {
		$registered = array();
		foreach ( rest_get_server()->get_routes( 'syteops/v1' ) as $route => $endpoints ) {
			if ( '/syteops/v1' === $route ) {
				continue;
			}
			foreach ( $endpoints as $endpoint ) {
				foreach ( array_keys( $endpoint['methods'] ) as $method ) {
					$path         = preg_replace( '#\(\?P<id>[^)]+\)#', self::ID, $route );
					$registered[] = $method . ' ' . preg_replace( '#\(\?P<name>[^)]+\)#', 'notes', $path );
				}
			}
		}
		$contract = array();
		foreach ( self::routes() as $route ) {
			$contract[] = $route[0] . ' ' . $route[1];
		}
		sort( $registered );
		sort( $contract );
		$this->assertSame( $contract, $registered );
	}

	/**
	 * A nonce minted for another action is refused like a missing one.
	 */
	public function test_a_nonce_for_another_action_is_refused() {
		wp_set_current_user( SyteOps_Test_Users::id_for( 'administrator' ) );
		$request = new WP_REST_Request( 'POST', '/syteops/v1/backups' );
		$request->set_header( 'X-SyteOps-Config-Nonce', wp_create_nonce( 'wp_rest' ) );
		$response = rest_do_request( $request );
		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( 'syteops_bad_nonce', $response->get_data()['code'] );
	}

	/**
	 * Whether a role may perform an action under the default map.
	 *
	 * @param string $role   Role.
	 * @param string $action Action or job.
	 * @return bool
	 */
	private function role_may( $role, $action ) {
		$held = self::ROLE_ACTIONS[ $role ];
		if ( 'job' === $action ) {
			return (bool) array_intersect( $held, array( 'create', 'restore', 'verify', 'upload', 'schedule' ) );
		}
		return in_array( $action, $held, true );
	}
}
