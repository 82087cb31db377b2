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
	/** Stable key: license, integration:<card>, pictures, or media. */
	id: string;
	title: string;
	detail: string;
	/** Where to do it, when known. */
	url?: string | null;
}

/** `result.checklist` of a restore job (docs/rest-api.md, "The post-restore checklist"). */
export interface ServerChecklist {
	license_recheck?: { required: boolean; reason?: string; route?: string };
	integrations?: {
		card: string;
		enabled?: boolean;
		secret_fields?: {
			name: string;
			label: string;
			set_on_this_site: boolean;
		}[];
	}[];
	profile_pictures?: {
		total: number;
		truncated?: boolean;
		items: { user_id: number; user_login: string | null; url: string }[];
	};
	count?: number;
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

const SHOWN_LOGINS = 5;

function licenseItem(): ChecklistItem {
	return {
		id: 'license',
		title: __( 'Re-check the Product License', 'syteops-backup' ),
		detail: __(
			'Module updates and workflow-template imports stay locked until the license is re-checked: Admin → Product License → Recheck.',
			'syteops-backup'
		),
		// The SyteOps Admin tab (relative to wp-admin, where the Backup tab lives).
		url: 'admin.php?page=syteops-admin',
	};
}

function integrationItem( card: string, fields: string[] ): ChecklistItem {
	return {
		id: `integration:${ card }`,
		title: sprintf(
			/* translators: %s: integration card name, e.g. "stripe". */
			__( 'Re-enter the %s credentials', 'syteops-backup' ),
			card
		),
		detail:
			fields.length > 0
				? sprintf(
						/* translators: %s: comma-separated names of the secret fields, e.g. "Stripe secret key". */
						__(
							'Secrets are never stored in backups. Open this integration card and enter: %s.',
							'syteops-backup'
						),
						fields.join( ', ' )
					)
				: __(
						'Secrets are never stored in backups. Open this integration card and enter its keys again.',
						'syteops-backup'
					),
	};
}

function picturesDetail( logins: string[], more: number ): string {
	if ( logins.length === 0 ) {
		return __(
			'They still point to the source site’s media library.',
			'syteops-backup'
		);
	}
	if ( more > 0 ) {
		return sprintf(
			/* translators: 1: comma-separated user logins, 2: how many more users. */
			__(
				'They still point to the source site’s media library. Users: %1$s and %2$d more.',
				'syteops-backup'
			),
			logins.join( ', ' ),
			more
		);
	}
	return sprintf(
		/* translators: %s: comma-separated user logins. */
		__(
			'They still point to the source site’s media library. Users: %s.',
			'syteops-backup'
		),
		logins.join( ', ' )
	);
}

function picturesItem(
	pictures: NonNullable< ServerChecklist[ 'profile_pictures' ] >
): ChecklistItem {
	const logins = ( pictures.items ?? [] )
		.map( ( item ) => item.user_login ?? `#${ item.user_id }` )
		.slice( 0, SHOWN_LOGINS );
	return {
		id: 'pictures',
		title: sprintf(
			/* translators: %d: number of profile pictures to upload again. */
			__( 'Re-upload %d profile pictures', 'syteops-backup' ),
			pictures.total
		),
		detail: picturesDetail( logins, pictures.total - logins.length ),
	};
}

const MEDIA_NOTE = (): ChecklistItem => ( {
	id: 'media',
	title: __( 'Check profile pictures and media links', 'syteops-backup' ),
	detail: __(
		'Profile pictures are kept as links. Pictures that were uploaded to the source site’s media library must be uploaded again here.',
		'syteops-backup'
	),
} );

/**
 * The post-restore checklist. The restore job's `result.checklist` is the authority when it is there (the
 * license re-check, each integration card with the secret fields to re-enter, the profile pictures to
 * re-upload). Without one (a scoped import reports none) the list is derived from what is known: a full
 * restore needs the license re-check; integration secrets matter only when the scope carries the
 * integrations (full, master, or the integrations tab); profile pictures are links for users and master.
 * @param input
 * @param input.checklist       result.checklist of the finished job, if any.
 * @param input.fullRestore     True for a full restore.
 * @param input.secretsExcluded The archive's secrets_excluded.
 * @param input.scope           The archive's scope (for imports).
 */
export function buildChecklist( input: {
	checklist?: ServerChecklist | null;
	fullRestore: boolean;
	secretsExcluded: string[];
	scope?: ArchiveScope | null;
} ): ChecklistItem[] {
	const server = input.checklist;
	if ( server && typeof server === 'object' && 'license_recheck' in server ) {
		const items: ChecklistItem[] = [];
		if ( server.license_recheck?.required ) {
			items.push( licenseItem() );
		}
		for ( const card of server.integrations ?? [] ) {
			const fields = card.secret_fields ?? [];
			const missing = fields.filter( ( f ) => ! f.set_on_this_site );
			items.push(
				integrationItem(
					card.card,
					( missing.length > 0 ? missing : fields ).map(
						( f ) => f.label
					)
				)
			);
		}
		if ( server.profile_pictures && server.profile_pictures.total > 0 ) {
			items.push( picturesItem( server.profile_pictures ) );
		}
		return items;
	}
	const kind = input.fullRestore ? 'full' : ( input.scope?.kind ?? 'full' );
	const carriesIntegrations =
		kind === 'full' ||
		kind === 'master' ||
		( kind === 'tab' && input.scope?.name === 'integrations' );
	const items: ChecklistItem[] = input.fullRestore ? [ licenseItem() ] : [];
	if ( carriesIntegrations ) {
		for ( const card of integrationsFromSecrets( input.secretsExcluded ) ) {
			items.push( integrationItem( card, [] ) );
		}
	}
	if ( kind === 'full' || kind === 'master' || kind === 'user' ) {
		items.push( MEDIA_NOTE() );
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

/** The parts of an import plan (preview `import`) the wizard shows. */
export interface ImportPlan {
	options?: {
		in_archive: number;
		added: number;
		changed: number;
		unchanged: number;
	};
	users?: {
		in_archive: number;
		matched_by_login: number;
		matched_by_email: number;
		created: number;
		updated: number;
		left_alone: number;
	};
	modules?: Record<
		string,
		{
			in_archive: number;
			added: number;
			replaced: number;
			left_alone: number;
		}
	>;
}

/**
 * What an import would do, one sentence per part it touches (parts the export does not carry are left out).
 * @param plan
 */
export function importPlanLines(
	plan: ImportPlan | null | undefined
): string[] {
	const lines: string[] = [];
	if ( plan?.options && plan.options.in_archive > 0 ) {
		lines.push(
			sprintf(
				/* translators: 1: options added, 2: options changed, 3: options unchanged. */
				__(
					'Settings: %1$d added, %2$d changed, %3$d unchanged.',
					'syteops-backup'
				),
				plan.options.added,
				plan.options.changed,
				plan.options.unchanged
			)
		);
	}
	if ( plan?.users && plan.users.in_archive > 0 ) {
		lines.push(
			sprintf(
				/* translators: 1: users in the export, 2: matched by login, 3: matched by email, 4: created, 5: users here left alone. */
				__(
					'Users: %1$d in the export; %2$d matched by login, %3$d by email, %4$d created. %5$d other users here are left alone.',
					'syteops-backup'
				),
				plan.users.in_archive,
				plan.users.matched_by_login,
				plan.users.matched_by_email,
				plan.users.created,
				plan.users.left_alone
			)
		);
	}
	for ( const [ name, module ] of Object.entries( plan?.modules ?? {} ) ) {
		lines.push(
			sprintf(
				/* translators: 1: module name, 2: rows added, 3: rows replaced, 4: rows of other users left alone. */
				__(
					'%1$s: %2$d rows added, %3$d replaced, %4$d of other users left alone.',
					'syteops-backup'
				),
				name,
				module.added,
				module.replaced,
				module.left_alone
			)
		);
	}
	return lines;
}

/** `result.applied` of an import job. */
export interface ImportApplied {
	options_written?: number;
	users_created?: number;
	users_updated?: number;
	module_rows?: Record< string, { inserted: number; removed: number } >;
	users?: { login: string; how: string }[];
}

/**
 * What an import did, in one sentence.
 * @param applied
 */
export function importOutcome(
	applied: ImportApplied | null | undefined
): string {
	const rows = Object.entries( applied?.module_rows ?? {} )
		.map( ( [ name, counts ] ) => `${ name } ${ counts.inserted }` )
		.join( ', ' );
	return sprintf(
		/* translators: 1: users created, 2: users updated, 3: settings written, 4: module rows per module, e.g. "notes 9, estimates 6" (or "none"). */
		__(
			'Imported: %1$d users created, %2$d updated, %3$d settings written; module rows: %4$s.',
			'syteops-backup'
		),
		applied?.users_created ?? 0,
		applied?.users_updated ?? 0,
		applied?.options_written ?? 0,
		rows === '' ? __( 'none', 'syteops-backup' ) : rows
	);
}
