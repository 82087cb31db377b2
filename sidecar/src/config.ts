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
	/**
	 * Base64 of the license authority's raw Ed25519 public key (SYTEOPS_LICENSE_AUTHORITY_KEY), which signs
	 * Product Licenses and packages. Null when not configured: license checks then answer
	 * syteops_license_authority_unconfigured. A public key, not a secret.
	 */
	licenseAuthorityKey?: string | null;
}

/**
 * Reads `define( 'NAME', 'value' )` constants and `$table_prefix` from wp-config.php text, without running PHP.
 * Values are unescaped as PHP does (\' and \\ in single quotes, \" and \\ in double quotes; no interpolation).
 * @param source
 */
export function parseWpConfig( source: string ): Record< string, string > {
	const text = withoutPhpComments( source );
	const found: Record< string, string > = {};
	const quoted = `'((?:[^'\\\\]|\\\\.)*)'|"((?:[^"\\\\]|\\\\.)*)"`;
	const defineRe = new RegExp(
		`define\\s*\\(\\s*(?:${ quoted })\\s*,\\s*(?:${ quoted })\\s*\\)`,
		'g'
	);
	for ( const m of text.matchAll( defineRe ) ) {
		const name = m[ 1 ] ?? m[ 2 ];
		if ( name !== undefined && ( m[ 3 ] ?? m[ 4 ] ) !== undefined ) {
			found[ name ] =
				m[ 3 ] !== undefined
					? m[ 3 ].replace( /\\(['\\])/g, '$1' )
					: ( m[ 4 ] as string ).replace( /\\(["\\])/g, '$1' );
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
 * The PHP source with its //, # and /* *\/ comments blanked out, so a commented-out define is not read.
 * Quoted strings are copied as they are: a URL's // or a password's # is not a comment.
 * @param source
 */
function withoutPhpComments( source: string ): string {
	let out = '';
	let i = 0;
	while ( i < source.length ) {
		const c = source[ i ];
		if ( c === "'" || c === '"' ) {
			let j = i + 1;
			while ( j < source.length && source[ j ] !== c ) {
				j += source[ j ] === '\\' ? 2 : 1;
			}
			out += source.slice( i, j + 1 );
			i = j + 1;
		} else if ( c === '#' || source.startsWith( '//', i ) ) {
			const end = source.indexOf( '\n', i );
			i = end === -1 ? source.length : end;
		} else if ( source.startsWith( '/*', i ) ) {
			const end = source.indexOf( '*/', i + 2 );
			i = end === -1 ? source.length : end + 2;
			out += ' ';
		} else {
			out += c;
			i++;
		}
	}
	return out;
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

export interface LoadOptions {
	/**
	 * False for the command line's local commands: they talk to the database and storage directly, so the
	 * sidecar's port and shared secret are neither needed nor checked.
	 */
	service?: boolean;
}

export function loadConfig(
	env: NodeJS.ProcessEnv,
	options: LoadOptions = {}
): Config {
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
		licenseAuthorityKey:
			pick(
				'SYTEOPS_LICENSE_AUTHORITY_KEY',
				'SYTEOPS_LICENSE_AUTHORITY_KEY'
			) || null,
	};
	validateConfig( config, options.service !== false );
	return config;
}

function validateConfig( config: Config, service: boolean ): void {
	const fail = ( param: string, reason: string ) => {
		throw new SyteOpsError( 'syteops_config_invalid', { param, reason } );
	};
	if ( service ) {
		validateService( config, fail );
	}
	validateNumbers( config, fail );
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

function validateService(
	config: Config,
	fail: ( param: string, reason: string ) => void
): void {
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
}

/**
 * A skew or body limit that is not a number would silently turn the stale-request or body checks off.
 * @param config
 * @param fail
 */
function validateNumbers(
	config: Config,
	fail: ( param: string, reason: string ) => void
): void {
	const wholeIn = ( value: number, min: number, max: number ) =>
		Number.isInteger( value ) && value >= min && value <= max;
	if ( ! wholeIn( config.db.port, 1, 65535 ) ) {
		fail( 'DB_HOST/DB_PORT', 'the database port must be from 1 to 65535' );
	}
	if ( ! wholeIn( config.maxSkewSeconds, 1, 3600 ) ) {
		fail( 'SYTEOPS_MAX_SKEW_SECONDS', 'set whole seconds from 1 to 3600' );
	}
	if ( ! wholeIn( config.maxBodyBytes, 1, Number.MAX_SAFE_INTEGER ) ) {
		fail( 'SYTEOPS_MAX_BODY_BYTES', 'set a whole number of bytes' );
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
