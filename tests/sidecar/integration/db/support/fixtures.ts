/**
 * WordPress-like fixture tables under a prefix: an options table with internal rows, posts with emoji,
 * dates, decimals and JSON, a table of hard values (all 256 byte values, empty and NULL blobs, BIT, the
 * extreme BIGINTs, escapes), a MyISAM table, a table without a primary key, the backup's own internal
 * tables, and a decoy table whose name matches the prefix only if `_` is not escaped in LIKE.
 */
import type { Pool, PoolConnection } from 'mysql2/promise';

import registryJson from '../../../../../plugin/data-model.json';
import type { DbRegistry } from '../../../../../sidecar/src/db/registry';

export const registry: DbRegistry = registryJson;

export const ALL_BYTES = Buffer.from(
	Array.from( { length: 256 }, ( _, i ) => i )
);
export const EMOJI =
	"Grüße 😀🎉 日本語 — “quotes” \\ back\\slash 'single' \"double\" \0 nul\nnewline\rreturn\x1actrl-z \\'";
export const SITE_SUFFIXES = [ 'blobs', 'legacy', 'nokey', 'options', 'posts' ];

export async function createFixtures(
	pool: Pool,
	prefix: string,
	decoy = true
): Promise< void > {
	// One connection with NO_AUTO_VALUE_ON_ZERO (so ID 0 stays 0), destroyed after: the mode must not leak.
	const conn = await pool.getConnection();
	try {
		await conn.query(
			"SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO')"
		);
		await fill( conn, prefix, decoy );
	} finally {
		conn.destroy();
	}
}

async function fill(
	pool: PoolConnection,
	prefix: string,
	decoy: boolean
): Promise< void > {
	const p = ( suffix: string ) => `\`${ prefix }${ suffix }\``;
	await pool.query( `CREATE TABLE ${ p( 'options' ) } (
		option_id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
		option_name varchar(191) NOT NULL DEFAULT '',
		option_value longtext NOT NULL,
		autoload varchar(20) NOT NULL DEFAULT 'yes',
		PRIMARY KEY (option_id), UNIQUE KEY option_name (option_name)
	) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci` );
	await pool.query(
		`INSERT INTO ${ p( 'options' ) } (option_name, option_value) VALUES
		('siteurl', 'https://a.example'), ('blogname', ?), ('syteops_license', 'source-license'),
		('syteops_backup_settings', 'source-settings'), ('syteops_general', 'a:1:{s:1:"x";s:2:"😀";}')`,
		[ EMOJI ]
	);
	await pool.query( `CREATE TABLE ${ p( 'posts' ) } (
		ID bigint(20) unsigned NOT NULL AUTO_INCREMENT, post_title text NOT NULL, post_content longtext,
		post_date datetime NOT NULL DEFAULT '0000-00-00 00:00:00', modified timestamp NULL DEFAULT NULL,
		menu_order int(11) NOT NULL DEFAULT 0, score double DEFAULT NULL, ratio float DEFAULT NULL,
		price decimal(12,4) DEFAULT NULL, meta json DEFAULT NULL, kind enum('a','b') DEFAULT 'a',
		at_time time DEFAULT NULL, yr year DEFAULT NULL,
		PRIMARY KEY (ID)
	) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci` );
	await pool.query(
		`INSERT INTO ${ p( 'posts' ) } (ID, post_title, post_content, post_date, modified, menu_order, score, ratio, price, meta, kind, at_time, yr) VALUES
		(1, 'Hello', ?, '2024-03-31 02:30:00', '2024-03-31 01:30:00', -7, 0.1, 1.1, '12345678.9012', '{"a": [1, 2.5, "😀"]}', 'b', '-838:59:59', 2024),
		(2, '', NULL, '0000-00-00 00:00:00', NULL, 0, 1e300, -0.000001, NULL, NULL, 'a', NULL, NULL),
		(0, 'zero id', 'kept as 0', '2000-01-01 00:00:00', '2038-01-19 03:14:07', 2147483647, -2.5e-300, 3.4e38, '-0.0001', '[]', 'a', '00:00:01', 1901)`,
		[ EMOJI ]
	);
	await pool.query( `CREATE TABLE ${ p( 'blobs' ) } (
		id int(11) NOT NULL, data longblob, bin binary(4) DEFAULT NULL, flags bit(8) DEFAULT NULL,
		big bigint(20) unsigned NOT NULL DEFAULT 0, neg bigint(20) NOT NULL DEFAULT 0, note varchar(200) DEFAULT NULL,
		latin varchar(20) CHARACTER SET latin1 DEFAULT NULL, doubled int GENERATED ALWAYS AS (id * 2) VIRTUAL,
		PRIMARY KEY (id)
	) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4` );
	await pool.query(
		`INSERT INTO ${ p( 'blobs' ) } (id, data, bin, flags, big, neg, note, latin) VALUES
		(1, ?, ?, b'10100101', 18446744073709551615, -9223372036854775808, ?, 'café'),
		(2, ?, NULL, NULL, 9007199254740993, 9223372036854775807, NULL, NULL),
		(3, NULL, ?, b'0', 0, -1, '', '')`,
		[
			ALL_BYTES,
			Buffer.from( [ 0, 0xff, 0x0a, 0x5c ] ),
			EMOJI,
			Buffer.alloc( 0 ),
			Buffer.from( [ 0x27, 0x22, 0, 0x1a ] ),
		]
	);
	await pool.query(
		`CREATE TABLE ${ p( 'legacy' ) } (id int NOT NULL, v varchar(20), PRIMARY KEY (id)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`
	);
	await pool.query(
		`INSERT INTO ${ p( 'legacy' ) } VALUES (1, 'old'), (2, 'older')`
	);
	await pool.query(
		`CREATE TABLE ${ p( 'nokey' ) } (a int, b text) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`
	);
	await pool.query(
		`INSERT INTO ${ p( 'nokey' ) } VALUES (2, 'x'), (1, NULL), (2, 'x'), (NULL, 'y')`
	);
	for ( const internal of [
		'syteops_backups',
		'syteops_secrets',
		'syteops_audit',
	] ) {
		await pool.query(
			`CREATE TABLE ${ p( internal ) } (id int PRIMARY KEY, v varchar(50)) ENGINE=InnoDB`
		);
		await pool.query(
			`INSERT INTO ${ p( internal ) } VALUES (1, 'destination-${ internal }')`
		);
	}
	if ( decoy ) {
		// Matches `<prefix>%` only if `_` were a wildcard.
		const decoyName = prefix.replace( /_$/, 'x' ) + 'decoy';
		await pool.query(
			`CREATE TABLE \`${ decoyName }\` (id int PRIMARY KEY) ENGINE=InnoDB`
		);
	}
}
