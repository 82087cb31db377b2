/**
 * Applies checked packages: the installed module versions and the imported workflow templates, each kept as
 * one JSON option. Ordinary site data (not internal): a full backup carries them like any other option.
 */
import type { Pool } from '../db/pool';
import {
	parseJsonObject,
	readOption,
	writeOption,
} from '../repository/options';
import {
	MODULE_VERSIONS_OPTION,
	WORKFLOW_TEMPLATES_OPTION,
	type ModulePackage,
	type TemplatePackage,
} from './packages';

export interface ModuleVersionRecord {
	version: string;
	updated_at: string;
	updated_by_user_id: number | null;
}

export async function moduleVersions(
	pool: Pool,
	prefix: string
): Promise< Record< string, ModuleVersionRecord > > {
	return ( parseJsonObject(
		await readOption( pool, prefix, MODULE_VERSIONS_OPTION )
	) ?? {} ) as Record< string, ModuleVersionRecord >;
}

export async function recordModuleVersion(
	pool: Pool,
	prefix: string,
	pkg: ModulePackage,
	userId: number | null,
	now: Date
): Promise< ModuleVersionRecord > {
	const all = await moduleVersions( pool, prefix );
	const record = {
		version: pkg.version,
		updated_at: now.toISOString(),
		updated_by_user_id: userId,
	};
	all[ pkg.module ] = record;
	await writeOption(
		pool,
		prefix,
		MODULE_VERSIONS_OPTION,
		JSON.stringify( all )
	);
	return record;
}

export interface StoredTemplate {
	name: string;
	version: string;
	template: Record< string, unknown >;
	imported_at: string;
	imported_by_user_id: number | null;
}

/**
 * Stores a template under its id (a re-import replaces it). Returns whether one was replaced.
 * @param pool
 * @param prefix
 * @param pkg
 * @param userId
 * @param now
 */
export async function storeTemplate(
	pool: Pool,
	prefix: string,
	pkg: TemplatePackage,
	userId: number | null,
	now: Date
): Promise< { replaced: boolean; stored: StoredTemplate } > {
	const all = ( parseJsonObject(
		await readOption( pool, prefix, WORKFLOW_TEMPLATES_OPTION )
	) ?? {} ) as Record< string, StoredTemplate >;
	const replaced = pkg.id in all;
	const stored: StoredTemplate = {
		name: pkg.name,
		version: pkg.version,
		template: pkg.template,
		imported_at: now.toISOString(),
		imported_by_user_id: userId,
	};
	all[ pkg.id ] = stored;
	await writeOption(
		pool,
		prefix,
		WORKFLOW_TEMPLATES_OPTION,
		JSON.stringify( all )
	);
	return { replaced, stored };
}
