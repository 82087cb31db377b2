/**
 * Scoped exports (master, one tab, one module, one user) and the site's users for the user picker.
 */

/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';

/**
 * Internal dependencies
 */
import { request } from './client';

export type ExportScope =
	| { scope: 'master' }
	| { scope: 'tab'; name: string }
	| { scope: 'module'; name: string }
	| { scope: 'user'; user_id: number };

/**
 * Starts an export; its job's snapshot is the downloadable archive.
 * @param scope
 */
export async function startExport( scope: ExportScope ): Promise< string > {
	const { body } = await request< { job_id: string } >( '/exports', {
		method: 'POST',
		data: scope,
	} );
	return body.job_id;
}

export interface SiteUser {
	id: number;
	name: string;
	slug: string;
}

/**
 * Users matching a search, from WordPress's own users endpoint (context=edit lists every user to those who
 * may list users, not only authors of published posts).
 * @param search
 */
export async function searchUsers( search: string ): Promise< SiteUser[] > {
	const users = ( await apiFetch( {
		path: `/wp/v2/users?${ new URLSearchParams( {
			search,
			per_page: '20',
			context: 'edit',
			_fields: 'id,name,slug,username',
		} ).toString() }`,
	} ) ) as ( SiteUser & { username?: string } )[];
	return users.map( ( user ) => ( {
		id: user.id,
		name: user.name,
		slug: user.username ?? user.slug,
	} ) );
}
