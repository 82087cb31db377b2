/**
 * Configuration, validated once at boot. The sidecar serves one WordPress site; it learns the database
 * credentials, table prefix and shared secret from that site's wp-config.php (SYTEOPS_WP_CONFIG) or from
 * environment variables, which win over the file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { SyteOpsError } from './errors';

export interface DbConfig {
	host: string;
	port: number;
	socketPath?: string;
	user: string;
	password: string;
	database: string;
}

export interface Config {
	port: number;
	secret: string;
	db: DbConfig;
	tablePrefix: string;
	wpDir: string | null;
	storageDir: string;
	maxSkewSeconds: number;
	maxBodyBytes: number;
}

/**
 * Reads `define( 'NAME', 'value' )` constants and `$table_prefix` from wp-config.php text, without running PHP.
 * @param text
 */
export function parseWpConfig( text: string ): Record< string, string > {
	const found: Record< string, string > = {};
	const quoted = `'((?:[^'\\\\]|\\\\.)*)'|"((?:[^"\\\\]|\\\\.)*)"`;
	const defineRe = new RegExp(
		`define\\s*\\(\\s*(?:${ quoted })\\s*,\\s*(?:${ quoted })\\s*\\)`,
		'g'
	);
	for ( const m of text.matchAll( defineRe ) ) {
		const name = m[ 1 ] ?? m[ 2 ];
		const value = m[ 3 ] ?? m[ 4 ];
		if ( name !== undefined && value !== undefined ) {
			found[ name ] = value.replace( /\\(['"\\])/g, '$1' );
		}
	}
	const prefix = new RegExp(
		`\\$table_prefix\\s*=\\s*(?:${ quoted })\\s*;`
	).exec( text );
	if ( prefix ) {
		found.table_prefix = prefix[ 1 ] ?? prefix[ 2 ] ?? '';
	}
	return found;
}

/**
 * DB_HOST forms WordPress accepts: host, host:port, host:/socket/path, :/socket/path.
 * @param value
 */
export function parseDbHost(
	value: string
): Pick< DbConfig, 'host' | 'port' | 'socketPath' > {
	const [ host, rest ] = value.split( /:(.*)/s, 2 );
	if ( rest && rest.startsWith( '/' ) ) {
		return { host: host || 'localhost', port: 3306, socketPath: rest };
	}
	return { host: host || '127.0.0.1', port: rest ? Number( rest ) : 3306 };
}

export function loadConfig( env: NodeJS.ProcessEnv ): Config {
	const fromFile = env.SYTEOPS_WP_CONFIG
		? parseWpConfig( readFileSync( env.SYTEOPS_WP_CONFIG, 'utf8' ) )
		: {};
	const wpDir =
		env.SYTEOPS_WP_DIR ??
		( env.SYTEOPS_WP_CONFIG
			? path.dirname( env.SYTEOPS_WP_CONFIG )
			: null );
	const pick = ( envName: string, fileName: string ) =>
		env[ envName ] ?? fromFile[ fileName ];

	const hostValue = pick( 'DB_HOST', 'DB_HOST' ) ?? '127.0.0.1';
	const host = parseDbHost(
		env.DB_PORT
			? `${ hostValue.split( ':' )[ 0 ] }:${ env.DB_PORT }`
			: hostValue
	);
	const sidecarUrl = fromFile.SYTEOPS_BACKUP_SIDECAR_URL;
	const port = Number(
		env.SYTEOPS_SIDECAR_PORT ??
			( sidecarUrl ? new URL( sidecarUrl ).port : '' )
	);
	const config: Config = {
		port,
		secret:
			pick( 'SYTEOPS_SIDECAR_SECRET', 'SYTEOPS_BACKUP_SIDECAR_SECRET' ) ??
			'',
		db: {
			...host,
			user: pick( 'DB_USER', 'DB_USER' ) ?? '',
			password: pick( 'DB_PASSWORD', 'DB_PASSWORD' ) ?? '',
			database: pick( 'DB_NAME', 'DB_NAME' ) ?? '',
		},
		tablePrefix: pick( 'TABLE_PREFIX', 'table_prefix' ) ?? 'wp_',
		wpDir,
		storageDir:
			pick( 'SYTEOPS_STORAGE_DIR', 'SYTEOPS_BACKUP_STORAGE_DIR' ) ??
			// Outside the web root by default: beside the WordPress directory, never inside it.
			path.join(
				path.dirname( wpDir ?? process.cwd() ),
				'syteops-backup-storage'
			),
		maxSkewSeconds: Number( env.SYTEOPS_MAX_SKEW_SECONDS ?? 300 ),
		maxBodyBytes: Number( env.SYTEOPS_MAX_BODY_BYTES ?? 1024 * 1024 ),
	};
	validateConfig( config );
	return config;
}

function validateConfig( config: Config ): void {
	const fail = ( param: string, reason: string ) => {
		throw new SyteOpsError( 'syteops_config_invalid', { param, reason } );
	};
	if (
		! Number.isInteger( config.port ) ||
		config.port < 1 ||
		config.port > 65535
	) {
		fail(
			'SYTEOPS_SIDECAR_PORT',
			'set a port between 1 and 65535 (or SYTEOPS_BACKUP_SIDECAR_URL in wp-config.php)'
		);
	}
	if ( config.secret.length < 16 ) {
		fail(
			'SYTEOPS_SIDECAR_SECRET',
			'the shared secret must be at least 16 characters'
		);
	}
	if ( ! config.db.database || ! config.db.user ) {
		fail( 'DB_NAME/DB_USER', 'database credentials are missing' );
	}
	if ( ! /^[A-Za-z0-9_]+$/.test( config.tablePrefix ) ) {
		fail(
			'TABLE_PREFIX',
			'only letters, digits and underscores are allowed'
		);
	}
}

/**
 * Values that must never appear in a log line, response or archive.
 * @param config
 */
export function secretValues( config: Config ): string[] {
	return [ config.secret, config.db.password ].filter(
		( s ) => s.length > 0
	);
}
