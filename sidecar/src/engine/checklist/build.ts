/**
 * The post-restore checklist: what a person must do after a full restore (or a scoped import) because some
 * things never travel in an archive. Pure: built from facts read out of the archive and the target site.
 *
 *   - license_recheck  a full restore locks encrypted-package operations until the Product License of this
 *                      site is re-checked (POST /license/recheck);
 *   - integrations     every integration card with secret fields: secrets are never in an archive, so after a
 *                      restore from another site each card's credentials must be re-entered (and on any
 *                      restore, those this site has no value for);
 *   - profile_pictures each user's `syteops_profile_picture_url` that pointed into the source site's media
 *                      library (uploads URL), when that is not this site's: to re-upload. External URLs keep
 *                      working and are not listed.
 */
import {
	asRecord,
	unserializePlain,
	type PlainValue,
} from '../../php/plain-value';

export const MAX_LISTED_PICTURES = 500;

export interface ChecklistFacts {
	kind: 'full_restore' | 'import';
	source: { site_id: string; site_url: string };
	target: { site_id: string; site_url: string };
	/** Base URL of the source site's media library, e.g. `https://a.example/wp-content/uploads`. */
	sourceUploadsUrl: string;
	/** Base URL of this site's media library. */
	targetUploadsUrl: string;
	/** The archive's `syteops_integrations` option value (PHP-serialized), as captured; null when absent. */
	integrations: string | null;
	/** Labels of the registry's secret fields, by name. */
	secretLabels: Readonly< Record< string, string > >;
	/** Names of the secrets this site holds a non-empty value for (names only, never values). */
	secretsSetOnTarget: ReadonlySet< string >;
	/** Every `syteops_profile_picture_url` in the archive, as captured (before any URL rewrite). */
	profilePictures: ReadonlyArray< {
		user_id: number;
		user_login: string | null;
		url: string;
	} >;
	/** The URL rewrite the restore applied, if any. */
	urlRewrite: { from: string; to: string } | null;
	/** Whether the archive carries `files/wp-content/<path>`. */
	archiveHasFile: ( wpContentPath: string ) => boolean;
}

export interface IntegrationItem {
	card: string;
	enabled: boolean;
	secret_fields: Array< {
		name: string;
		label: string;
		set_on_this_site: boolean;
	} >;
}

export interface PictureItem {
	user_id: number;
	user_login: string | null;
	/** The URL as it was on the source site. */
	url: string;
	/** The URL as it is now on this site (after the URL rewrite, if one was applied). */
	url_now: string;
	/** The file's path under wp-content, e.g. `uploads/2023/11/ann.png`. */
	file: string;
	/** The archive carried that file (a full restore put it back under this site's uploads). */
	file_in_archive: boolean;
}

export interface PostRestoreChecklist {
	license_recheck: {
		required: boolean;
		reason: 'full_restore' | null;
		route: string;
	};
	integrations: IntegrationItem[];
	profile_pictures: {
		total: number;
		truncated: boolean;
		items: PictureItem[];
	};
	/** Number of things to do: 1 for the license re-check when required, one per card, one per picture. */
	count: number;
}

/**
 * A URL without its scheme, with a lowercase host and no `www.`, for prefix comparison; null if no URL.
 * @param url
 */
function comparable( url: string ): string | null {
	const match = /^(?:https?:)?\/\/([^/?#]+)(.*)$/i.exec( url.trim() );
	if ( ! match ) {
		return null;
	}
	const host = match[ 1 ].toLowerCase().replace( /^www\./, '' );
	return `${ host }${ match[ 2 ] }`;
}

/**
 * The path under the uploads base of `url`, or null when the URL is not inside that media library.
 * @param url
 * @param uploadsUrl
 */
export function mediaLibraryPath(
	url: string,
	uploadsUrl: string
): string | null {
	const base = comparable( uploadsUrl.replace( /\/+$/, '' ) );
	const target = comparable( url );
	if ( ! base || ! target || ! target.startsWith( `${ base }/` ) ) {
		return null;
	}
	const rest = target.slice( base.length + 1 ).replace( /[?#].*$/, '' );
	if ( rest === '' ) {
		return null;
	}
	try {
		return decodeURIComponent( rest );
	} catch {
		return rest;
	}
}

function isCrossSite( facts: ChecklistFacts ): boolean {
	return (
		facts.source.site_id !== facts.target.site_id ||
		comparable( facts.source.site_url ) !==
			comparable( facts.target.site_url )
	);
}

function integrationItems( facts: ChecklistFacts ): IntegrationItem[] {
	const cards = asRecord(
		asRecord( unserializePlain( facts.integrations ) ).cards ?? null
	);
	const crossSite = isCrossSite( facts );
	const items: IntegrationItem[] = [];
	for ( const [ card, raw ] of Object.entries( cards ) ) {
		const value = asRecord( raw );
		const names = Object.values(
			asRecord( value.secret_fields ?? null )
		).filter( ( n ): n is string => typeof n === 'string' && n !== '' );
		if ( names.length === 0 ) {
			continue;
		}
		const fields = names.map( ( name ) => ( {
			name,
			label: facts.secretLabels[ name ] ?? name,
			set_on_this_site: facts.secretsSetOnTarget.has( name ),
		} ) );
		if ( crossSite || fields.some( ( f ) => ! f.set_on_this_site ) ) {
			items.push( {
				card,
				enabled: isTrue( value.enabled ),
				secret_fields: fields,
			} );
		}
	}
	return items;
}

function isTrue( value: PlainValue | undefined ): boolean {
	return value === true || value === 1 || value === '1';
}

function rewritten( url: string, rewrite: ChecklistFacts[ 'urlRewrite' ] ) {
	if ( ! rewrite ) {
		return url;
	}
	const from = comparable( rewrite.from.replace( /\/+$/, '' ) );
	const here = comparable( url );
	if (
		! from ||
		! here ||
		! ( here === from || here.startsWith( `${ from }/` ) )
	) {
		return url;
	}
	return rewrite.to.replace( /\/+$/, '' ) + here.slice( from.length );
}

function pictureItems( facts: ChecklistFacts ): PictureItem[] {
	const sameLibrary =
		comparable( facts.sourceUploadsUrl.replace( /\/+$/, '' ) ) ===
		comparable( facts.targetUploadsUrl.replace( /\/+$/, '' ) );
	if ( sameLibrary ) {
		return [];
	}
	const items: PictureItem[] = [];
	for ( const picture of facts.profilePictures ) {
		const file = mediaLibraryPath( picture.url, facts.sourceUploadsUrl );
		if ( file === null ) {
			continue;
		}
		items.push( {
			user_id: picture.user_id,
			user_login: picture.user_login,
			url: picture.url,
			url_now: rewritten( picture.url, facts.urlRewrite ),
			file: `uploads/${ file }`,
			file_in_archive: facts.archiveHasFile( `uploads/${ file }` ),
		} );
	}
	return items.sort( ( a, b ) => a.user_id - b.user_id );
}

export function buildPostRestoreChecklist(
	facts: ChecklistFacts
): PostRestoreChecklist {
	const required = facts.kind === 'full_restore';
	const integrations = integrationItems( facts );
	const pictures = pictureItems( facts );
	return {
		license_recheck: {
			required,
			reason: required ? 'full_restore' : null,
			route: '/syteops/v1/license/recheck',
		},
		integrations,
		profile_pictures: {
			total: pictures.length,
			truncated: pictures.length > MAX_LISTED_PICTURES,
			items: pictures.slice( 0, MAX_LISTED_PICTURES ),
		},
		count: ( required ? 1 : 0 ) + integrations.length + pictures.length,
	};
}
