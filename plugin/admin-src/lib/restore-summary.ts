/**
 * What the restore wizard says about a preview and a finished restore, computed once here from the server's
 * shapes (docs/rest-api.md, preview and jobs) so the screens only render: the scope in words, the diff in
 * numbers, the URL rewrite as "from → to", and the post-restore checklist. Pure, unit-tested.
 */

/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

export interface ArchiveScope {
	kind: 'full' | 'master' | 'tab' | 'module' | 'user' | string;
	name?: string | null;
	user_login?: string | null;
}

export interface PreviewDiff {
	tables: {
		name: string;
		rows_in_archive: number;
		rows_now: number | null;
	}[];
	media_files: { in_archive: number; now: number | null };
	users: {
		in_archive: number;
		now: number;
		added: number;
		changed: number;
		removed: number;
	} | null;
}

export interface DiffSummary {
	tables: number;
	tablesChanged: number;
	tablesNew: number;
	rowsInArchive: number;
	rowsNow: number;
	usersAdded: number;
	usersChanged: number;
	usersRemoved: number;
	mediaInArchive: number;
	mediaNow: number | null;
}

/**
 * The scope of an archive in words: "Full site", "Master export", "Tab: general", "Module: notes",
 * "User: jdoe".
 * @param scope
 */
export function scopeLabel(
	scope: ArchiveScope | string | null | undefined
): string {
	const value: ArchiveScope =
		typeof scope === 'string'
			? parseScopeString( scope )
			: ( scope ?? { kind: 'full' } );
	switch ( value.kind ) {
		case 'full':
			return __( 'Full site', 'syteops-backup' );
		case 'master':
			return __(
				'Master export (all SyteOps settings and data)',
				'syteops-backup'
			);
		case 'tab':
			return sprintf(
				/* translators: %s: settings tab name, e.g. "general". */
				__( 'Settings tab: %s', 'syteops-backup' ),
				value.name ?? ''
			);
		case 'module':
			return sprintf(
				/* translators: %s: module name, e.g. "notes". */
				__( 'Module: %s', 'syteops-backup' ),
				value.name ?? ''
			);
		case 'user':
			return sprintf(
				/* translators: %s: the exported user's login or id. */
				__( 'User: %s', 'syteops-backup' ),
				value.user_login ?? value.name ?? ''
			);
		default:
			return value.kind;
	}
}

/**
 * The catalog's scope column ("full", "tab:general", "user:12") as a scope object.
 * @param scope
 */
export function parseScopeString( scope: string ): ArchiveScope {
	const at = scope.indexOf( ':' );
	if ( at < 0 ) {
		return { kind: scope };
	}
	return { kind: scope.slice( 0, at ), name: scope.slice( at + 1 ) };
}

/**
 * Totals of a preview's diff: how many tables a restore replaces, how many differ in row count from the live
 * site, how many do not exist here yet, and the user and media changes.
 * @param diff
 */
export function summarizeDiff( diff: PreviewDiff ): DiffSummary {
	let tablesChanged = 0;
	let tablesNew = 0;
	let rowsInArchive = 0;
	let rowsNow = 0;
	for ( const table of diff.tables ) {
		rowsInArchive += table.rows_in_archive;
		if ( table.rows_now === null ) {
			tablesNew++;
		} else {
			rowsNow += table.rows_now;
			if ( table.rows_now !== table.rows_in_archive ) {
				tablesChanged++;
			}
		}
	}
	return {
		tables: diff.tables.length,
		tablesChanged,
		tablesNew,
		rowsInArchive,
		rowsNow,
		usersAdded: diff.users?.added ?? 0,
		usersChanged: diff.users?.changed ?? 0,
		usersRemoved: diff.users?.removed ?? 0,
		mediaInArchive: diff.media_files.in_archive,
		mediaNow: diff.media_files.now,
	};
}

/**
 * A site URL as shown beside the rewrite option: without a trailing slash, scheme kept (http → https is a
 * real change the admin should see).
 * @param url
 */
export function displaySiteUrl( url: string ): string {
	return url.trim().replace( /\/+$/, '' );
}

/**
 * "http://old.example → https://new.example", or null when there is nothing to rewrite.
 * @param rewrite
 * @param rewrite.from
 * @param rewrite.to
 */
export function rewriteLine( rewrite: {
	from: string;
	to: string;
} ): string | null {
	const from = displaySiteUrl( rewrite.from );
	const to = displaySiteUrl( rewrite.to );
	if ( from === '' || to === '' || from === to ) {
		return null;
	}
	return `${ from } → ${ to }`;
}

export interface ChecklistItem {
	/** Stable key: license, integration:<name>, media, or the server's own id. */
	id: string;
	title: string;
	detail: string;
	/** Where to do it, when the server says. */
	url?: string | null;
}

/** The checklist a restore job reports (docs/rest-api.md: `result.checklist`), loosely typed on purpose. */
export interface ServerChecklist {
	/** The sidecar's shape (docs/rest-api.md, "The post-restore checklist"). */
	license_recheck?: { required?: boolean; route?: string } | null;
	profile_pictures?: {
		total?: number;
		items?: { url?: string; user_login?: string | null }[];
	} | null;
	license?: {
		recheck_required?: boolean;
		locked?: boolean;
		message?: string;
		url?: string | null;
	} | null;
	integrations?: (
		| {
				card?: string;
				name?: string;
				label?: string;
				fields?: string[];
				message?: string;
		  }
		| string
	)[];
	media?: { count?: number; message?: string; examples?: string[] } | null;
	items?: {
		id?: string;
		title?: string;
		detail?: string;
		message?: string;
		url?: string | null;
	}[];
}

/**
 * Integration names from excluded secret names ("integrations.stripe.secret_key" → "stripe").
 * @param secrets
 */
export function integrationsFromSecrets( secrets: string[] ): string[] {
	const names = new Set< string >();
	for ( const secret of secrets ) {
		const match = /^integrations\.([^.]+)\./.exec( secret );
		if ( match ) {
			names.add( match[ 1 ] );
		}
	}
	return [ ...names ];
}

/**
 * The post-restore checklist. The restore job's own `result.checklist` is the authority when it is there;
 * otherwise the list is built from what the preview already said (a full restore always needs a license
 * re-check, secrets left out of the archive need re-entering).
 * @param input
 * @param input.checklist       result.checklist of the finished job, if any.
 * @param input.fullRestore     True for a full restore (a scoped import does not lock the license).
 * @param input.secretsExcluded The preview's secrets_excluded.
 */
export function buildChecklist( input: {
	checklist?: ServerChecklist | null;
	fullRestore: boolean;
	secretsExcluded: string[];
} ): ChecklistItem[] {
	const server = input.checklist;
	if ( server && Array.isArray( server.items ) ) {
		return server.items.map( ( item, index ) => ( {
			id: item.id ?? `item-${ index }`,
			title: item.title ?? '',
			detail: item.detail ?? item.message ?? '',
			url: item.url ?? null,
		} ) );
	}
	const items: ChecklistItem[] = [];
	let licenseNeeded = input.fullRestore;
	if ( server?.license_recheck ) {
		licenseNeeded = Boolean( server.license_recheck.required );
	} else if ( server?.license ) {
		licenseNeeded = Boolean(
			server.license.recheck_required ?? server.license.locked ?? true
		);
	}
	if ( licenseNeeded ) {
		items.push( {
			id: 'license',
			title: __( 'Re-check the Product License', 'syteops-backup' ),
			detail:
				server?.license?.message ??
				__(
					'Module updates and workflow-template imports stay locked until the license is re-checked: Admin → Product License → Recheck.',
					'syteops-backup'
				),
			url: server?.license?.url ?? null,
		} );
	}
	const integrations = server?.integrations
		? server.integrations.map( ( entry ) =>
				typeof entry === 'string'
					? entry
					: ( entry.label ?? entry.name ?? entry.card ?? '' )
			)
		: integrationsFromSecrets( input.secretsExcluded );
	for ( const name of integrations.filter( ( value ) => value !== '' ) ) {
		items.push( {
			id: `integration:${ name }`,
			title: sprintf(
				/* translators: %s: integration name, e.g. "stripe". */
				__( 'Re-enter the %s credentials', 'syteops-backup' ),
				name
			),
			detail: __(
				'Secrets are never stored in backups. Open this integration card and enter its keys again.',
				'syteops-backup'
			),
		} );
	}
	const media =
		server?.media ??
		( server?.profile_pictures
			? { count: server.profile_pictures.total ?? 0 }
			: null );
	if ( media && ( media.count ?? 0 ) > 0 ) {
		items.push( {
			id: 'media',
			title: sprintf(
				/* translators: %d: number of profile pictures or media links that point to the source site. */
				__( 'Re-upload %d media links', 'syteops-backup' ),
				media.count ?? 0
			),
			detail:
				media.message ??
				__(
					'Profile pictures are kept as links. Pictures that were uploaded to the source site’s media library must be uploaded again here.',
					'syteops-backup'
				),
		} );
	} else if ( ! media && input.fullRestore ) {
		items.push( {
			id: 'media',
			title: __(
				'Check profile pictures and media links',
				'syteops-backup'
			),
			detail: __(
				'Profile pictures are kept as links. Pictures that were uploaded to the source site’s media library must be uploaded again here.',
				'syteops-backup'
			),
		} );
	}
	return items;
}

/**
 * Whether applying this snapshot is a scoped import (POST /imports) rather than a full restore: a scoped
 * export, whether it was exported here (catalog type `export`) or uploaded from elsewhere (its manifest says
 * so, while the catalog calls it `uploaded`).
 * @param snapshotType  The catalog type.
 * @param summary       The preview's manifest summary.
 * @param summary.type
 * @param summary.scope
 */
export function appliesAsImport(
	snapshotType: string,
	summary: { type?: string; scope?: ArchiveScope | null }
): boolean {
	if ( snapshotType === 'export' || summary.type === 'export' ) {
		return true;
	}
	const kind = summary.scope?.kind ?? 'full';
	return kind !== 'full';
}

/**
 * REST errors that mean the browser's login no longer holds (a restore replaced this site's users).
 * @param failure
 * @param failure.code
 * @param failure.status
 */
export function isSessionLost( failure: {
	code?: string;
	status?: number;
} ): boolean {
	return (
		failure?.code === 'rest_not_logged_in' ||
		failure?.code === 'rest_cookie_invalid_nonce' ||
		failure?.status === 401
	);
}
