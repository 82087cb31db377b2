/**
 * The SyteOps data model registry as the site publishes it (option `syteops_registry`, written by the plugin
 * after its `syteops_backup_registry` filter), falling back to the copy shipped with the plugin.
 */
import type { RowDataPacket } from 'mysql2';

import type { Pool } from '../db/pool';
import shipped from '../../../plugin/data-model.json';

export type Registry = typeof shipped;

export async function loadRegistry(
	pool: Pool,
	prefix: string
): Promise< Registry > {
	const [ rows ] = await pool.query< RowDataPacket[] >(
		`SELECT option_value FROM \`${ prefix }options\` WHERE option_name = 'syteops_registry'`
	);
	const raw = rows[ 0 ]?.option_value as string | undefined;
	if ( raw && raw.trim().startsWith( '{' ) ) {
		try {
			const published = JSON.parse( raw ) as Partial< Registry >;
			if ( published.internal && published.secrets ) {
				return { ...shipped, ...published } as Registry;
			}
		} catch {}
	}
	return shipped;
}
