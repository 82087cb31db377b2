<?php
/**
 * Default values of the SyteOps options, created on activation when absent.
 *
 * Values deliberately carry the site URL (webhook endpoints, dashboard links, documentation URLs), both
 * as plain strings inside PHP-serialized arrays and inside JSON strings, because that is what real SyteOps
 * settings look like and what the cross-site URL rewrite must handle.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * Builds the default option values for a site.
 */
class SyteOps_Backup_Defaults {

	/**
	 * Option name => default value, for every option activation creates.
	 *
	 * @return array<string, mixed>
	 */
	public static function options() {
		return array(
			'syteops_general'         => self::general(),
			'syteops_users'           => self::users(),
			'syteops_roles'           => self::roles(),
			'syteops_integrations'    => self::integrations(),
			'syteops_system_api'      => self::system_api(),
			'syteops_variable_sets'   => self::variable_sets(),
			'syteops_license'         => self::license(),
			'syteops_backup_settings' => self::backup_settings(),
		);
	}

	/**
	 * General tab.
	 *
	 * @return array
	 */
	public static function general() {
		return array(
			'company_name'      => get_bloginfo( 'name' ),
			'dashboard_url'     => home_url( '/syteops/dashboard/' ),
			'documentation_url' => home_url( '/docs/syteops/' ),
			'support_email'     => get_bloginfo( 'admin_email' ),
			'timezone'          => 'UTC',
			'date_format'       => 'Y-m-d',
			// Days the backup audit log (the activity log) keeps its entries; the sidecar prunes older ones.
			'activity_log_retention_days' => 90,
			'widgets_json'      => wp_json_encode(
				array(
					'quick_links' => array(
						array(
							'label' => 'Dashboard',
							'url'   => home_url( '/syteops/dashboard/' ),
						),
					),
				)
			),
		);
	}

	/**
	 * Users tab: how user cards behave.
	 *
	 * @return array
	 */
	public static function users() {
		return array(
			'directory_url'           => home_url( '/team/' ),
			'default_syteops_role'    => 'member',
			'allow_self_edit'         => true,
			'default_profile_picture' => home_url( '/wp-content/uploads/syteops/default-avatar.png' ),
			'visible_card_fields'     => array( 'syteops_card_title', 'syteops_card_phone', 'syteops_card_department' ),
		);
	}

	/**
	 * SyteOps roles (assigned to users in the `syteops_roles` user meta; distinct from WordPress roles).
	 *
	 * @return array
	 */
	public static function roles() {
		return array(
			'roles' => array(
				'member'  => array(
					'label'       => 'Member',
					'permissions' => array( 'notes.read', 'notes.write' ),
				),
				'sales'   => array(
					'label'       => 'Sales',
					'permissions' => array( 'notes.read', 'notes.write', 'estimates.read', 'estimates.write' ),
				),
				'manager' => array(
					'label'       => 'Manager',
					'permissions' => array( 'notes.*', 'estimates.*', 'users.read' ),
				),
			),
		);
	}

	/**
	 * Integrations tab: one card per integration. Secret values never live here; `secret_fields` names
	 * the rows of the secrets table that hold them.
	 *
	 * @return array
	 */
	public static function integrations() {
		$cards = array();
		foreach ( array( 'stripe', 'mailchimp', 'slack', 'flowmattic' ) as $service ) {
			$cards[ $service ] = array(
				'enabled'          => false,
				'webhook_endpoint' => home_url( '/wp-json/syteops/v1/webhooks/' . $service ),
				'settings_json'    => wp_json_encode( array( 'return_url' => home_url( '/syteops/integrations/' . $service . '/' ) ) ),
				'secret_fields'    => self::secret_fields_of( 'integrations.' . $service . '.' ),
			);
		}
		return array( 'cards' => $cards );
	}

	/**
	 * System / API tab.
	 *
	 * @return array
	 */
	public static function system_api() {
		return array(
			'api_enabled'       => true,
			'api_base_url'      => home_url( '/wp-json/syteops/v1/' ),
			'allowed_origins'   => array( home_url() ),
			'rate_limit_minute' => 120,
			'webhooks_json'     => wp_json_encode(
				array(
					'outgoing' => array(),
					'incoming' => home_url( '/wp-json/syteops/v1/webhooks/incoming' ),
				)
			),
		);
	}

	/**
	 * Variable sets: named tab configurations.
	 *
	 * @return array
	 */
	public static function variable_sets() {
		return array(
			'sets' => array(
				'default' => array(
					'label'     => 'Default',
					'tab'       => 'general',
					'variables' => array( 'portal_url' => home_url( '/portal/' ) ),
				),
			),
		);
	}

	/**
	 * The Product License record (the key itself is the secret `license.product_key`).
	 *
	 * @return array
	 */
	public static function license() {
		return array(
			'status'           => 'inactive',
			'plan'             => '',
			'licensed_site'    => home_url(),
			'last_checked_at'  => null,
			'expires_at'       => null,
			'license_page_url' => admin_url( 'admin.php?page=syteops-license' ),
		);
	}

	/**
	 * The backup's own settings: schedule, default retention, storage target.
	 *
	 * @return array
	 */
	public static function backup_settings() {
		return array(
			'schedule'  => array(
				'enabled'     => false,
				'frequency'   => 'daily',
				'time_of_day' => '03:00',
				'max_count'   => 14,
			),
			'retention' => array( 'default_days' => 14 ),
			'storage'   => array(
				'target' => 'local',
				'path'   => '',
			),
		);
	}

	/**
	 * Secret field names under a registry prefix, e.g. "integrations.stripe.".
	 *
	 * @param string $prefix Name prefix.
	 * @return string[]
	 */
	private static function secret_fields_of( $prefix ) {
		$fields = array();
		foreach ( SyteOps_Backup_Registry::secret_names() as $name ) {
			if ( 0 === strpos( $name, $prefix ) ) {
				$fields[] = $name;
			}
		}
		return $fields;
	}
}
