/**
 * Gathers the checklist's facts for a restore or import: rows are observed on their way out of the archive
 * (row-facts.ts: the options that matter and the profile-picture meta, before any URL rewrite), then the
 * target's secret names and the users' logins are looked up.
 */
import type { RowDataPacket } from 'mysql2';

import type { ManifestWithoutEntries } from '../../archive/manifest';
import type { Pool } from '../../db/pool';
import type { Registry } from '../registry';
import { RowFacts } from './row-facts';
import {
	buildPostRestoreChecklist,
	type ChecklistFacts,
	type PostRestoreChecklist,
} from './build';

export function uploadsUrlOf(
	siteUrl: string,
	uploadUrlPath: string | null
): string {
	return uploadUrlPath && uploadUrlPath.trim() !== ''
		? uploadUrlPath.trim().replace( /\/+$/, '' )
		: `${ siteUrl.replace( /\/+$/, '' ) }/wp-content/uploads`;
}

export interface ChecklistContext {
	kind: ChecklistFacts[ 'kind' ];
	target: { site_id: string; site_url: string };
	urlRewrite: ChecklistFacts[ 'urlRewrite' ];
	pool: Pool;
	prefix: string;
	/** Where to look the users' logins up (the staged users table during a restore). */
	usersTable: string;
	registry: Registry;
}

export class ChecklistCollector {
	/** Observed by the load (on its worker thread, then absorbed here: see restore.ts). */
	readonly rows: RowFacts;

	/**
	 * @param manifest the archive's; its entries are looked up by path (the reader's list does that without
	 *                 a set of every uploads path, 20,000 strings held through a restore on a large site)
	 */
	constructor(
		private readonly manifest: ManifestWithoutEntries & {
			entries: { has: ( entryPath: string ) => boolean };
		}
	) {
		this.rows = new RowFacts( manifest.source.site_url );
	}

	/**
	 * Whether the archive holds a file of the uploads directory.
	 * @param file relative to wp-content, as the checklist names it (`uploads/2024/05/a.jpg`)
	 */
	private hasUpload( file: string ): boolean {
		return (
			file.startsWith( 'uploads/' ) &&
			this.manifest.entries.has( `files/wp-content/${ file }` )
		);
	}

	async build( ctx: ChecklistContext ): Promise< PostRestoreChecklist > {
		const [ secrets ] = await ctx.pool.query< RowDataPacket[] >(
			`SELECT name FROM \`${ ctx.prefix }${ ctx.registry.secrets.table }\` WHERE value <> ''`
		);
		const logins = await this.logins( ctx );
		const source = this.manifest.source;
		return buildPostRestoreChecklist( {
			kind: ctx.kind,
			source: { site_id: source.site_id, site_url: source.site_url },
			target: ctx.target,
			sourceUploadsUrl: uploadsUrlOf(
				source.site_url,
				this.rows.options.get( 'upload_url_path' ) ?? null
			),
			targetUploadsUrl: uploadsUrlOf( ctx.target.site_url, null ),
			integrations:
				this.rows.options.get( 'syteops_integrations' ) ?? null,
			secretLabels: Object.fromEntries(
				ctx.registry.secrets.fields.map( ( f ) => [ f.name, f.label ] )
			),
			secretsSetOnTarget: new Set(
				secrets.map( ( r ) => String( r.name ) )
			),
			profilePictures: this.rows.pictures.map( ( p ) => ( {
				...p,
				user_login: logins.get( p.user_id ) ?? null,
			} ) ),
			urlRewrite: ctx.urlRewrite,
			archiveHasFile: ( file ) => this.hasUpload( file ),
		} );
	}

	private async logins(
		ctx: ChecklistContext
	): Promise< Map< number, string > > {
		const ids = [
			...new Set( this.rows.pictures.map( ( p ) => p.user_id ) ),
		];
		const found = new Map< number, string >();
		for ( let i = 0; i < ids.length; i += 500 ) {
			const [ rows ] = await ctx.pool.query< RowDataPacket[] >(
				`SELECT ID, user_login FROM \`${ ctx.usersTable }\` WHERE ID IN (?)`,
				[ ids.slice( i, i + 500 ) ]
			);
			for ( const row of rows ) {
				found.set( Number( row.ID ), String( row.user_login ) );
			}
		}
		return found;
	}
}
