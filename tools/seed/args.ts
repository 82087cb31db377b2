/**
 * Command line and environment parsing for the seeder (pure: argv and env in, options out).
 */

export interface SeedOptions {
	dbHost: string;
	dbPort: number;
	dbUser: string;
	dbPassword: string;
	dbName: string;
	prefix: string;
	siteUrl: string;
	uploadsDir: string;
	uploadsUrl: string;
	seed: number;
	scale: number;
}

const FLAGS: Record< string, keyof SeedOptions > = {
	'--db-host': 'dbHost',
	'--db-port': 'dbPort',
	'--db-user': 'dbUser',
	'--db-password': 'dbPassword',
	'--db-name': 'dbName',
	'--prefix': 'prefix',
	'--site-url': 'siteUrl',
	'--uploads-dir': 'uploadsDir',
	'--uploads-url': 'uploadsUrl',
	'--seed': 'seed',
	'--scale': 'scale',
};

function positiveInteger( name: string, raw: string, min: number ): number {
	if ( ! /^\d+$/.test( raw ) || Number( raw ) < min ) {
		throw new Error(
			`${ name } must be an integer >= ${ min }, got "${ raw }"`
		);
	}
	return Number( raw );
}

/**
 * Parses `--flag value` pairs over env defaults; throws an Error with a readable message.
 * @param argv
 * @param env
 */
export function parseSeedArgs(
	argv: string[],
	env: NodeJS.ProcessEnv
): SeedOptions {
	const raw: Record< string, string | undefined > = {
		dbHost: env.DB_HOST ?? '127.0.0.1',
		dbPort: env.DB_PORT ?? '3306',
		dbUser: env.DB_USER,
		dbPassword: env.DB_PASSWORD ?? '',
		dbName: env.DB_NAME,
		prefix: env.TABLE_PREFIX ?? 'wp_',
		siteUrl: env.WP_URL,
		uploadsDir: env.WP_DIR
			? `${ env.WP_DIR }/wp-content/uploads`
			: undefined,
		seed: '42',
		scale: '1',
	};
	for ( let i = 0; i < argv.length; i += 2 ) {
		const key = FLAGS[ argv[ i ] ];
		if ( ! key || argv[ i + 1 ] === undefined ) {
			throw new Error(
				`Unknown option or missing value: ${ argv[ i ] }`
			);
		}
		raw[ key ] = argv[ i + 1 ];
	}
	for ( const key of [ 'dbUser', 'dbName', 'siteUrl', 'uploadsDir' ] ) {
		if ( ! raw[ key ] ) {
			throw new Error(
				`Missing required option --${ key.replace( /[A-Z]/g, ( c ) => '-' + c.toLowerCase() ) }`
			);
		}
	}
	if ( ! /^\w+$/.test( raw.prefix ?? '' ) ) {
		throw new Error(
			`--prefix may only contain letters, digits and underscores`
		);
	}
	const siteUrl = String( raw.siteUrl ).replace( /\/+$/, '' );
	return {
		dbHost: String( raw.dbHost ),
		dbPort: positiveInteger( '--db-port', String( raw.dbPort ), 1 ),
		dbUser: String( raw.dbUser ),
		dbPassword: String( raw.dbPassword ),
		dbName: String( raw.dbName ),
		prefix: String( raw.prefix ),
		siteUrl,
		uploadsDir: String( raw.uploadsDir ),
		uploadsUrl: (
			raw.uploadsUrl ?? `${ siteUrl }/wp-content/uploads`
		).replace( /\/+$/, '' ),
		seed: positiveInteger( '--seed', String( raw.seed ), 0 ),
		scale: positiveInteger( '--scale', String( raw.scale ), 1 ),
	};
}
