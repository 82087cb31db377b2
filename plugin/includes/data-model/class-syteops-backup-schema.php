<?php
/**
 * The SyteOps table definitions, read from schema.sql next to this file.
 *
 * The SQL lives in one file so the PHP installer (dbDelta) and the Node seeder (benchmark sites that run
 * without the plugin) create exactly the same tables.
 *
 * @package SyteOps_Backup
 */

defined( 'ABSPATH' ) || exit;

/**
 * Reads schema.sql and renders it for a given table prefix and charset.
 */
class SyteOps_Backup_Schema {

	/**
	 * Path of the schema file.
	 *
	 * @return string
	 */
	public static function file() {
		return __DIR__ . '/schema.sql';
	}

	/**
	 * The CREATE TABLE statements, with the prefix and charset/collation filled in.
	 *
	 * @param string $prefix          Table prefix, e.g. "wp_".
	 * @param string $charset_collate The site's charset clause, e.g. from $wpdb->get_charset_collate().
	 * @return string[] One statement per table, without the trailing semicolon.
	 */
	public static function statements( $prefix, $charset_collate ) {
		$sql = self::strip_comments( (string) file_get_contents( self::file() ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- local plugin file.
		$sql = str_replace( array( '{prefix}', '{charset_collate}' ), array( $prefix, $charset_collate ), $sql );

		$statements = array();
		foreach ( explode( ';', $sql ) as $statement ) {
			$statement = trim( $statement );
			if ( '' !== $statement ) {
				$statements[] = $statement;
			}
		}
		return $statements;
	}

	/**
	 * The table names the schema creates, without the site prefix, in file order.
	 *
	 * @return string[]
	 */
	public static function table_names() {
		$names = array();
		foreach ( self::statements( '', '' ) as $statement ) {
			if ( preg_match( '/^CREATE TABLE\s+(\w+)/i', $statement, $match ) ) {
				$names[] = $match[1];
			}
		}
		return $names;
	}

	/**
	 * Removes "--" comment lines so they cannot hide a semicolon from the statement split.
	 *
	 * @param string $sql Raw file contents.
	 * @return string
	 */
	private static function strip_comments( $sql ) {
		$lines = preg_split( '/\R/', $sql );
		$kept  = array();
		foreach ( $lines as $line ) {
			if ( 0 !== strpos( ltrim( $line ), '--' ) ) {
				$kept[] = $line;
			}
		}
		return implode( "\n", $kept );
	}
}
