<?php
/**
 * REST routes of restore-from-upload: open an upload, send it in chunks (resumable by offset), complete it.
 * Chunks default to 8 MB so a multi-gigabyte archive passes a stock PHP configuration.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * /syteops/v1/uploads.
 */
class SyteOps_Backup_REST_Uploads_Controller extends SyteOps_Backup_REST_Proxy_Controller {

	/**
	 * Route specs.
	 *
	 * @return array[]
	 */
	protected function route_specs() {
		$one = '/uploads/' . self::ID_PATTERN;
		return array(
			array(
				'/uploads',
				'POST',
				'upload',
				array(
					'filename' => array(
						'type'              => 'string',
						'required'          => true,
						'maxLength'         => 200,
						'sanitize_callback' => 'sanitize_file_name',
					),
					'size'     => array(
						'type'     => 'integer',
						'required' => true,
						'minimum'  => 1,
					),
				),
			),
			array(
				$one,
				'PUT',
				'upload',
				self::id_arg() + array(
					'offset' => array(
						'type'     => 'integer',
						'required' => true,
						'minimum'  => 0,
					),
				),
				'chunk',
			),
			array( $one . '/complete', 'POST', 'upload', self::id_arg() ),
		);
	}
}
