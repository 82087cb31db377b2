<?php
/**
 * REST route of the backup audit log.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * /syteops/v1/audit.
 */
class SyteOps_Backup_REST_Audit_Controller extends SyteOps_Backup_REST_Proxy_Controller {

	/**
	 * Route specs.
	 *
	 * @return array[]
	 */
	protected function route_specs() {
		return array(
			array(
				'/audit',
				'GET',
				'list',
				array(
					'type' => array(
						'type' => 'string',
						'enum' => array( 'exports', 'restores', 'automatic' ),
					),
					'page' => array(
						'type'    => 'integer',
						'minimum' => 1,
						'default' => 1,
					),
				),
			),
		);
	}
}
