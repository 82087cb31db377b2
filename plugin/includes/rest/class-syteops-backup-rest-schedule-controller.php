<?php
/**
 * REST routes of automatic backups and retention: read/save/disable/run the schedule, set the default window.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * /syteops/v1/schedule and /syteops/v1/retention.
 */
class SyteOps_Backup_REST_Schedule_Controller extends SyteOps_Backup_REST_Proxy_Controller {

	/**
	 * Route specs. The sidecar validates the combined retention math; here only shapes are checked.
	 *
	 * @return array[]
	 */
	protected function route_specs() {
		return array(
			array( '/schedule', 'GET', 'schedule', array() ),
			array( '/schedule', 'PUT', 'schedule', $this->schedule_args() ),
			array( '/schedule/disable', 'POST', 'schedule', array() ),
			array( '/schedule/run', 'POST', 'schedule', array() ),
			array(
				'/retention',
				'PUT',
				'retention',
				array(
					'retention_days' => array(
						'type'     => 'integer',
						'required' => true,
						'minimum'  => 1,
						'maximum'  => 3650,
					),
				),
			),
		);
	}

	/**
	 * Schedule fields.
	 *
	 * @return array
	 */
	private function schedule_args() {
		$count = array(
			'type'    => 'integer',
			'minimum' => 0,
			'maximum' => 10000,
		);
		return array(
			'enabled'        => array( 'type' => 'boolean' ),
			'frequency'      => array(
				'type' => 'string',
				'enum' => array( 'hourly', 'daily', 'weekly', 'biweekly', 'monthly' ),
			),
			'time_of_day'    => array(
				'type'    => 'string',
				'pattern' => '^([01][0-9]|2[0-3]):[0-5][0-9]$',
			),
			'day_of_week'    => array(
				'type'    => 'integer',
				'minimum' => 0,
				'maximum' => 6,
			),
			'day_of_month'   => array(
				'type'    => 'integer',
				'minimum' => 1,
				'maximum' => 28,
			),
			'keep_last'      => $count,
			'retention_days' => $count,
			'max_snapshots'  => $count,
			'storage'        => array(
				'type'       => 'object',
				'properties' => array(
					'target'      => array(
						'type' => 'string',
						'enum' => array( 'local', 'pcloud' ),
					),
					'path'        => array(
						'type'      => 'string',
						'maxLength' => 1024,
					),
					'quota_bytes' => array(
						'type'    => 'integer',
						'minimum' => 0,
					),
				),
			),
		);
	}
}
