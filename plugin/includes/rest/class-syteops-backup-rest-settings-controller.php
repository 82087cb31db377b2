<?php
/**
 * REST routes of the SyteOps Backup settings that belong to SyteOps Admin: the cross-site import gate.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * /syteops/v1/settings/import-gate.
 */
class SyteOps_Backup_REST_Settings_Controller extends SyteOps_Backup_REST_Proxy_Controller {

	/**
	 * Route specs.
	 *
	 * @return array[]
	 */
	protected function route_specs() {
		return array(
			array( '/settings/import-gate', 'GET', 'admin', array() ),
			array(
				'/settings/import-gate',
				'PUT',
				'admin',
				array(
					'enabled'                 => array( 'type' => 'boolean' ),
					'allowed_source_site_ids' => array(
						'type'     => 'array',
						'maxItems' => 100,
						'items'    => array(
							'type'    => 'string',
							'pattern' => '^[0-9a-f]{32}$',
						),
					),
				),
			),
		);
	}
}
