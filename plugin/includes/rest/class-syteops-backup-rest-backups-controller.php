<?php
/**
 * REST routes of the snapshot catalog: list, take, read, delete, pin/unpin, verify, download, preview, restore.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * /syteops/v1/backups and its sub-resources.
 */
class SyteOps_Backup_REST_Backups_Controller extends SyteOps_Backup_REST_Proxy_Controller {

	/**
	 * Route specs.
	 *
	 * @return array[]
	 */
	protected function route_specs() {
		$one = '/backups/' . self::ID_PATTERN;
		return array(
			array( '/backups', 'GET', 'list', $this->list_args() ),
			array( '/backups', 'POST', 'create', array( 'label' => self::label_arg() ) ),
			array( $one, 'GET', 'list', self::id_arg() ),
			array( $one, 'DELETE', 'delete', self::id_arg() ),
			array(
				$one . '/pin',
				'POST',
				'pin',
				self::id_arg() + array(
					'label'      => self::label_arg(),
					'expires_at' => array(
						'type'   => 'string',
						'format' => 'date-time',
					),
				),
			),
			array( $one . '/pin', 'DELETE', 'unpin', self::id_arg() ),
			array( $one . '/verify', 'POST', 'verify', self::id_arg() ),
			array( $one . '/download', 'GET', 'download', self::id_arg(), 'download' ),
			array( $one . '/preview', 'GET', 'restore', self::id_arg() + array( 'url_rewrite' => array( 'type' => 'boolean' ) ) ),
			array(
				$one . '/restore',
				'POST',
				'restore',
				self::id_arg() + array(
					'confirm'     => array(
						'type'     => 'boolean',
						'required' => true,
					),
					'url_rewrite' => array( 'type' => 'boolean' ),
				),
			),
		);
	}

	/**
	 * Arguments of the list: paging, sort, label search and a date range.
	 *
	 * @return array
	 */
	private function list_args() {
		return array(
			'page'     => array(
				'type'    => 'integer',
				'minimum' => 1,
				'default' => 1,
			),
			'per_page' => array(
				'type'    => 'integer',
				'minimum' => 1,
				'maximum' => 100,
				'default' => 20,
			),
			'orderby'  => array(
				'type'    => 'string',
				'enum'    => array( 'taken_at', 'size_bytes', 'type', 'status', 'label' ),
				'default' => 'taken_at',
			),
			'order'    => array(
				'type'    => 'string',
				'enum'    => array( 'asc', 'desc' ),
				'default' => 'desc',
			),
			'search'   => array(
				'type'      => 'string',
				'maxLength' => 100,
			),
			'after'    => array(
				'type'   => 'string',
				'format' => 'date-time',
			),
			'before'   => array(
				'type'   => 'string',
				'format' => 'date-time',
			),
		);
	}

	/**
	 * A free-text label.
	 *
	 * @return array
	 */
	private static function label_arg() {
		return array(
			'type'              => 'string',
			'maxLength'         => 100,
			'sanitize_callback' => 'sanitize_text_field',
		);
	}
}
