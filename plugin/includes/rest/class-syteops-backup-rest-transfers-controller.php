<?php
/**
 * REST routes of scoped exports and imports (master, one tab, one module, one user).
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * /syteops/v1/exports and /syteops/v1/imports.
 */
class SyteOps_Backup_REST_Transfers_Controller extends SyteOps_Backup_REST_Proxy_Controller {

	/**
	 * Route specs.
	 *
	 * @return array[]
	 */
	protected function route_specs() {
		return array(
			array(
				'/exports',
				'POST',
				'create',
				array(
					'scope'   => array(
						'type'     => 'string',
						'required' => true,
						'enum'     => array( 'master', 'tab', 'module', 'user' ),
					),
					'name'    => array(
						'type'    => 'string',
						'pattern' => '^[a-z0-9_]{1,64}$',
					),
					'user_id' => array(
						'type'    => 'integer',
						'minimum' => 1,
					),
				),
			),
			array(
				'/imports',
				'POST',
				'restore',
				array(
					'backup_id'   => array(
						'type'     => 'string',
						'required' => true,
						'pattern'  => '^[A-Za-z0-9_-]{1,64}$',
					),
					'confirm'     => array(
						'type'     => 'boolean',
						'required' => true,
					),
					'url_rewrite' => array( 'type' => 'boolean' ),
				),
			),
		);
	}
}
