<?php
/**
 * Test accounts for each role of the permission map, created once in the test stack's site A.
 *
 * @package SyteOps_Backup
 */

/**
 * Creates (or finds) one user per role and returns its id.
 */
class SyteOps_Test_Users {

	/**
	 * The user id for a role, created on first use.
	 *
	 * @param string $role WordPress role slug.
	 * @return int
	 */
	public static function id_for( $role ) {
		$login = 'phpunit_' . $role;
		$user  = get_user_by( 'login', $login );
		if ( $user ) {
			return (int) $user->ID;
		}
		return (int) wp_insert_user(
			array(
				'user_login' => $login,
				'user_pass'  => wp_generate_password( 24 ),
				'user_email' => $login . '@example.test',
				'role'       => $role,
			)
		);
	}
}
