/**
 * Identity and counts of the live site that go into a manifest: URLs and versions, and the section counts of
 * the SyteOps data a backup carries.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2';

import type { SourceSite } from '../archive/manifest';
import type { SiteContext } from './context';

async function option(
	site: SiteContext,
	name: string
): Promise< string | null > {
	const [ rows ] = await site.pool.query< RowDataPacket[] >(
		`SELECT option_value FROM \`${ site.config.tablePrefix }options\` WHERE option_name = ?`,
		[ name ]
	);
	return ( rows[ 0 ]?.option_value as string | undefined ) ?? null;
}

/**
 * Number of elements of a PHP-serialized array, read from its header only (never unserialized).
 * @param value
 */
export function serializedArrayCount( value: string | null ): number {
	const match = value ? /^a:(\d+):\{/.exec( value ) : null;
	return match ? Number( match[ 1 ] ) : 0;
}

type SiteIdentity = Pick< SourceSite, 'site_id' | 'site_url' >;

/**
 * An archive comes from another site when its site id or its URL differs from this site's.
 * @param source the manifest's source site
 * @param target this site
 */
export function isCrossSite(
	source: SiteIdentity,
	target: SiteIdentity
): boolean {
	return (
		source.site_id !== target.site_id || source.site_url !== target.site_url
	);
}

/**
 * The URL rewrite a restore or import applies: the source site's URL to this site's, when it is wanted and the
 * two differ (the same URL under another site id has nothing to rewrite).
 * @param source the manifest's source site
 * @param target this site
 * @param wanted the caller asked for URL rewrite
 */
export function urlRewriteFor(
	source: SiteIdentity,
	target: SiteIdentity,
	wanted: boolean
): { from: string; to: string } | null {
	return wanted && source.site_url !== target.site_url
		? { from: source.site_url, to: target.site_url }
		: null;
}

export async function wordpressVersion(
	wpDir: string | null
): Promise< string > {
	if ( ! wpDir ) {
		return 'unknown';
	}
	const text = await fs
		.readFile( path.join( wpDir, 'wp-includes', 'version.php' ), 'utf8' )
		.catch( () => '' );
	return /\$wp_version\s*=\s*'([^']+)'/.exec( text )?.[ 1 ] ?? 'unknown';
}

export async function sourceSite( site: SiteContext ): Promise< SourceSite > {
	const settings = await site.settings.get();
	return {
		site_id: settings.site_id,
		site_url: ( await option( site, 'siteurl' ) ) ?? '',
		home_url: ( await option( site, 'home' ) ) ?? '',
		table_prefix: site.config.tablePrefix,
		wp_version: await wordpressVersion( site.config.wpDir ),
		plugin_version: site.version,
	};
}

export async function roleCount( site: SiteContext ): Promise< number > {
	const wpRoles = serializedArrayCount(
		await option( site, `${ site.config.tablePrefix }user_roles` )
	);
	const syteopsRoles = serializedArrayCount(
		await option( site, 'syteops_roles' )
	);
	return wpRoles + syteopsRoles;
}

export async function variableSetCount( site: SiteContext ): Promise< number > {
	return serializedArrayCount(
		await option( site, 'syteops_variable_sets' )
	);
}
