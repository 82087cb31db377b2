<?php
/**
 * REST routes of the encrypted-package operations (SyteOps Admin): module updates and workflow-template
 * imports. The sidecar refuses them with 423 syteops_license_locked while the post-restore lock holds.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * /syteops/v1/modules/{name}/update and /syteops/v1/workflow-templates/import.
 */
class SyteOps_Backup_REST_Packages_Controller extends SyteOps_Backup_REST_Proxy_Controller {

	/**
	 * Route specs. The module name is validated by the route pattern; the sidecar checks the package.
	 *
	 * @return array[]
	 */
	protected function route_specs() {
		$package = array(
			'package' => array(
				'type'      => 'string',
				'required'  => true,
				'minLength' => 1,
				'maxLength' => 700000,
			),
		);
		return array(
			array( '/modules/(?P<name>[a-z0-9_]{1,64})/update', 'POST', 'admin', $package ),
			array( '/workflow-templates/import', 'POST', 'admin', $package ),
		);
	}
}
