/**
 * Finds the plugin files the seeder shares with PHP (schema.sql, data-model.json), whether it runs
 * from tools/seed (ts-jest) or build/node/tools/seed (compiled).
 */
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';

export function findProjectFile( relative: string, from = __dirname ): string {
	let dir = from;
	for (;;) {
		const candidate = join( dir, relative );
		if ( existsSync( candidate ) ) {
			return candidate;
		}
		const parent = dirname( dir );
		if ( parent === dir ) {
			throw new Error( `Cannot find ${ relative } above ${ from }` );
		}
		dir = parent;
	}
}

/**
 * The CREATE TABLE statements of schema.sql, made idempotent, for the given prefix.
 * @param prefix
 */
export function schemaStatements( prefix: string ): Map< string, string > {
	const sql = readFileSync(
		findProjectFile( 'plugin/includes/data-model/schema.sql' ),
		'utf8'
	)
		.split( '\n' )
		.filter( ( line ) => ! line.trim().startsWith( '--' ) )
		.join( '\n' );
	const statements = new Map< string, string >();
	for ( const statement of sql
		.split( ';' )
		.map( ( s ) => s.trim() )
		.filter( Boolean ) ) {
		const name = /^CREATE TABLE \{prefix\}(\w+)/.exec( statement )?.[ 1 ];
		if ( name ) {
			statements.set(
				name,
				statement
					.replace( 'CREATE TABLE', 'CREATE TABLE IF NOT EXISTS' )
					.replace( '{prefix}', prefix )
					.replace(
						'{charset_collate}',
						'DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci'
					)
			);
		}
	}
	return statements;
}

/** Secret field names declared in plugin/data-model.json. */
export function registrySecretNames(): string[] {
	const registry = JSON.parse(
		readFileSync( findProjectFile( 'plugin/data-model.json' ), 'utf8' )
	) as {
		secrets?: { fields?: Array< { name?: string } > };
	};
	return ( registry.secrets?.fields ?? [] ).map( ( field ) =>
		String( field.name )
	);
}
