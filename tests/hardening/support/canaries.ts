/**
 * Canary secrets planted in the stack's site A, each undone by `restore()`: a define in wp-config.php, an
 * `.env` file in the site root, every row of the secrets table (integration secrets and the license key)
 * and a symlink from uploads to wp-config.php.
 */
import { randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { dbConnection } from '../../support/site-fingerprint';
import type { StackEnv } from '../../support/stack';

const ALPHABET =
	'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const REQUIRE_LINE = "require_once ABSPATH . 'wp-settings.php';";

export function canaryValue(): string {
	let value = '';
	for ( let i = 0; i < 24; i++ ) {
		value += ALPHABET[ randomInt( ALPHABET.length ) ];
	}
	return value;
}

export interface PlantedCanaries {
	/** Where each canary was planted -> its value. */
	values: Record< string, string >;
	/** A value in an ordinary uploads file: a scan that does not find it proves nothing. */
	control: string;
	restore: () => Promise< void >;
}

async function plantInConfig(
	site: string,
	values: Record< string, string >,
	undo: ( () => Promise< void > )[]
): Promise< void > {
	const config = path.join( site, 'wp-config.php' );
	const original = await fs.readFile( config, 'utf8' );
	if ( ! original.includes( REQUIRE_LINE ) ) {
		throw new Error( 'wp-config.php has no wp-settings require line' );
	}
	values[ 'wp-config.php' ] = canaryValue();
	undo.push( () => fs.writeFile( config, original ) );
	await fs.writeFile(
		config,
		original.replace(
			REQUIRE_LINE,
			`define( 'SYTEOPS_CANARY_CONFIG', '${ values[ 'wp-config.php' ] }' );\n${ REQUIRE_LINE }`
		)
	);
}

async function plantFiles(
	site: string,
	values: Record< string, string >,
	undo: ( () => Promise< void > )[]
): Promise< void > {
	const env = path.join( site, '.env' );
	values[ '.env' ] = canaryValue();
	undo.push( () => fs.rm( env, { force: true } ) );
	await fs.writeFile(
		env,
		`SYTEOPS_CANARY_ENV=${ values[ '.env' ] }\nDB_PASSWORD=${ values[ '.env' ] }\n`
	);
	const control = path.join(
		site,
		'wp-content',
		'uploads',
		'syteops-canary-control.txt'
	);
	undo.push( () => fs.rm( control, { force: true } ) );
	await fs.writeFile( control, values.control );
	const link = path.join( site, 'wp-content', 'uploads', 'x' );
	undo.push( () => fs.rm( link, { force: true } ) );
	await fs.symlink( '../../wp-config.php', link );
}

async function plantSecrets(
	stack: StackEnv,
	values: Record< string, string >,
	undo: ( () => Promise< void > )[]
): Promise< void > {
	const table = `${ stack.TABLE_PREFIX }syteops_secrets`;
	const conn = await dbConnection( stack );
	try {
		const [ rows ] = await conn.query(
			`SELECT name, value FROM ${ table }`
		);
		for ( const row of rows as { name: string; value: string }[] ) {
			values[ `secret ${ row.name }` ] = canaryValue();
			undo.push( async () => {
				const again = await dbConnection( stack );
				try {
					await again.query(
						`UPDATE ${ table } SET value = ? WHERE name = ?`,
						[ row.value, row.name ]
					);
				} finally {
					await again.end();
				}
			} );
			await conn.query(
				`UPDATE ${ table } SET value = ? WHERE name = ?`,
				[ values[ `secret ${ row.name }` ], row.name ]
			);
		}
	} finally {
		await conn.end();
	}
}

/**
 * Plants every canary; if planting fails half way, what was planted is undone before rethrowing.
 * @param stack
 */
export async function plantCanaries(
	stack: StackEnv
): Promise< PlantedCanaries > {
	const values: Record< string, string > = { control: canaryValue() };
	const undo: ( () => Promise< void > )[] = [];
	const restore = async () => {
		const errors: unknown[] = [];
		for ( const step of undo.reverse() ) {
			await step().catch( ( error ) => errors.push( error ) );
		}
		undo.length = 0;
		if ( errors.length > 0 ) {
			throw errors[ 0 ];
		}
	};
	try {
		await plantInConfig( stack.WP_DIR, values, undo );
		await plantFiles( stack.WP_DIR, values, undo );
		await plantSecrets( stack, values, undo );
	} catch ( error ) {
		await restore();
		throw error;
	}
	const { control, ...secrets } = values;
	return { values: secrets, control, restore };
}
