<?php
/**
 * REST route of background jobs (backups, restores, imports, verifies): state, phase and progress.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * /syteops/v1/jobs/{id}.
 */
class SyteOps_Backup_REST_Jobs_Controller extends SyteOps_Backup_REST_Proxy_Controller {

	/**
	 * Route specs. "job": the sidecar checks the capability of the action that started the job.
	 *
	 * @return array[]
	 */
	protected function route_specs() {
		return array(
			array( '/jobs/' . self::ID_PATTERN, 'GET', 'job', self::id_arg() ),
		);
	}
}
