/**
 * Seeder entry point: `node build/node/tools/seed/main.js --db-name N --db-user U --site-url URL
 * --uploads-dir DIR [--seed 42] [--scale 1]` (DB_* / TABLE_PREFIX / WP_URL / WP_DIR env vars as defaults).
 */
import { createConnection } from 'mysql2/promise';

import { parseSeedArgs } from './args';
import { runSeed } from './run';

async function main(): Promise< void > {
	const options = parseSeedArgs( process.argv.slice( 2 ), process.env );
	const connection = await createConnection( {
		host: options.dbHost,
		port: options.dbPort,
		user: options.dbUser,
		password: options.dbPassword,
		database: options.dbName,
		charset: 'utf8mb4',
	} );
	try {
		await connection.beginTransaction();
		const summary = await runSeed( connection, options );
		await connection.commit();
		process.stdout.write(
			`Seeded ${ options.siteUrl } (seed ${ options.seed }, scale ${ options.scale }): ${ JSON.stringify( summary ) }\n`
		);
	} catch ( error ) {
		await connection.rollback();
		throw error;
	} finally {
		await connection.end();
	}
}

main().catch( ( error: unknown ) => {
	process.stderr.write(
		`seed: ${ error instanceof Error ? error.message : String( error ) }\n`
	);
	process.exitCode = 1;
} );
