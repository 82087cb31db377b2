<?php
/**
 * REST routes of the Product License state and its post-restore re-check (SyteOps Admin).
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * /syteops/v1/license.
 */
class SyteOps_Backup_REST_License_Controller extends SyteOps_Backup_REST_Proxy_Controller {

	/**
	 * Route specs.
	 *
	 * @return array[]
	 */
	protected function route_specs() {
		return array(
			array( '/license', 'GET', 'admin', array() ),
			array( '/license/recheck', 'POST', 'admin', array() ),
		);
	}
}
