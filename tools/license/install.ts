/**
 * Saves a Product License key as a site's secret `license.product_key` (what the license screen of the
 * product does), reading the database credentials from the site's wp-config.php. Never prints the key.
 */
import mysql from 'mysql2/promise';

import { loadConfig } from '../../sidecar/src/config';

export async function installLicense(
	wpConfig: string,
	key: string
): Promise< void > {
	const config = loadConfig(
		{ SYTEOPS_WP_CONFIG: wpConfig },
		{ service: false }
	);
	const conn = await mysql.createConnection( {
		host: config.db.host,
		port: config.db.port,
		socketPath: config.db.socketPath,
		user: config.db.user,
		password: config.db.password,
		database: config.db.database,
	} );
	try {
		await conn.query(
			`INSERT INTO \`${ config.tablePrefix }syteops_secrets\` (name, value, updated_by_user_id, updated_at)
			 VALUES ('license.product_key', ?, 0, UTC_TIMESTAMP())
			 ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)`,
			[ key ]
		);
	} finally {
		await conn.end();
	}
}
