/**
 * manifest.json: the one description of what an archive holds. Written last by the ZIP writer, read first
 * by everything else. Validation is hand-written so every defect gets a precise, named error.
 */
import { SyteOpsError } from '../errors';
import { isSafeEntryPath } from './entry-path';
import {
	invalid,
	readArray,
	readCount,
	readCountMap,
	readEnum,
	readObject,
	readOptionalString,
	readString,
	readStringList,
	readTimestamp,
} from './manifest-fields';

export const FORMAT_NAME = 'syteops-backup';
export const FORMAT_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';

export const ARCHIVE_TYPES = [ 'full', 'export', 'pre-restore' ] as const;
export const SCOPE_KINDS = [
	'full',
	'master',
	'tab',
	'module',
	'user',
] as const;

export type ArchiveType = ( typeof ARCHIVE_TYPES )[ number ];
export type ScopeKind = ( typeof SCOPE_KINDS )[ number ];

export interface SourceSite {
	site_id: string;
	site_url: string;
	home_url: string;
	table_prefix: string;
	wp_version: string;
	plugin_version: string;
}

export interface Scope {
	kind: ScopeKind;
	name?: string;
	user_login?: string;
}

export interface TableCount {
	name: string;
	rows: number;
	/** SHA-256 of the table's rows entry as dumped (ORDER BY primary key); restore verification compares it. */
	sha256?: string;
	engine?: string;
	/**
	 * MariaDB's `CHECKSUM TABLE` of the table in the dump's snapshot (an InnoDB table only): a restore
	 * compares the live table's with it to guess, before reading a row, which tables are unchanged.
	 */
	checksum?: string;
}

/** What a ZIP entry cannot carry: symlinks (recorded, never followed) and empty directories. */
export interface FilesRecord {
	symlinks: { path: string; target: string }[];
	directories: string[];
}

export interface Sections {
	tables: TableCount[];
	users: number;
	roles: number;
	settings_tabs: number;
	modules: Record< string, number >;
	licensing_records: number;
	variable_sets: number;
	media_files: number;
	theme_files: number;
	plugin_files: number;
}

export interface ManifestEntry {
	path: string;
	size: number;
	sha256: string;
	compressed?: boolean;
}

export interface Manifest {
	format: typeof FORMAT_NAME;
	format_version: typeof FORMAT_VERSION;
	source: SourceSite;
	type: ArchiveType;
	scope: Scope;
	created_at: string;
	finished_at: string;
	sections: Sections;
	secrets_excluded: string[];
	warnings: string[];
	files?: FilesRecord;
	entries: ManifestEntry[];
}

export type ManifestWithoutEntries = Omit< Manifest, 'entries' >;

/** What a manifest's entry list needs to be for its readers: a list in order with its length. */
export interface EntryList extends Iterable< ManifestEntry > {
	readonly length: number;
}

/** A manifest whose entries may be an array (as written) or a reader's compact list (see entry-table.ts). */
export type ManifestLike = ManifestWithoutEntries & { entries: EntryList };

/**
 * Validates an already JSON-parsed manifest; throws a named SyteOpsError on the first defect.
 * @param raw
 */
export function parseManifest( raw: unknown ): Manifest {
	const { head, entries } = parseManifestHead( raw );
	return { ...head, entries: parseEntries( entries ) };
}

/**
 * Everything but the entries, validated, and the entries still raw (each for parseManifestEntry): a reader
 * that keeps entries in its own compact form (entry-table.ts) never builds the array of 27,500 objects.
 * The same errors in the same order as parseManifest, up to the entries.
 * @param raw
 */
export function parseManifestHead( raw: unknown ): {
	head: ManifestWithoutEntries;
	entries: unknown[];
} {
	const root = readObject( raw, '$' );
	if ( root.format !== FORMAT_NAME ) {
		throw invalid( 'format', `expected "${ FORMAT_NAME }"` );
	}
	if ( root.format_version !== FORMAT_VERSION ) {
		throw new SyteOpsError( 'syteops_archive_unsupported_version', {
			format: FORMAT_NAME,
			version: JSON.stringify( root.format_version ?? null ),
			supported: FORMAT_VERSION,
		} );
	}
	const head: ManifestWithoutEntries = {
		format: FORMAT_NAME,
		format_version: FORMAT_VERSION,
		source: parseSource( root.source ),
		type: readEnum( root.type, 'type', ARCHIVE_TYPES ),
		scope: parseScope( root.scope ),
		created_at: readTimestamp( root.created_at, 'created_at' ),
		finished_at: readTimestamp( root.finished_at, 'finished_at' ),
		sections: parseSections( root.sections ),
		secrets_excluded: readStringList(
			root.secrets_excluded,
			'secrets_excluded'
		),
		warnings: readStringList( root.warnings, 'warnings' ),
		...( root.files === undefined
			? {}
			: { files: parseFiles( root.files ) } ),
	};
	return { head, entries: readArray( root.entries, 'entries' ) };
}

function parseFiles( value: unknown ): FilesRecord {
	const files = readObject( value, 'files' );
	const symlinks = readArray( files.symlinks, 'files.symlinks' ).map(
		( item, i ) => {
			const link = readObject( item, `files.symlinks[${ i }]` );
			const linkPath = readString(
				link.path,
				`files.symlinks[${ i }].path`
			);
			if ( ! isSafeEntryPath( linkPath ) ) {
				throw invalid(
					`files.symlinks[${ i }].path`,
					'not a valid path'
				);
			}
			return {
				path: linkPath,
				target: readString(
					link.target,
					`files.symlinks[${ i }].target`
				),
			};
		}
	);
	const directories = readStringList(
		files.directories,
		'files.directories'
	);
	directories.forEach( ( dir, i ) => {
		if ( ! isSafeEntryPath( dir ) ) {
			throw invalid( `files.directories[${ i }]`, 'not a valid path' );
		}
	} );
	return { symlinks, directories };
}

function parseSource( value: unknown ): SourceSite {
	const source = readObject( value, 'source' );
	const field = ( name: keyof SourceSite ) =>
		readString( source[ name ], `source.${ name }` );
	return {
		site_id: field( 'site_id' ),
		site_url: field( 'site_url' ),
		home_url: field( 'home_url' ),
		table_prefix: field( 'table_prefix' ),
		wp_version: field( 'wp_version' ),
		plugin_version: field( 'plugin_version' ),
	};
}

function parseScope( value: unknown ): Scope {
	const scope = readObject( value, 'scope' );
	const result: Scope = {
		kind: readEnum( scope.kind, 'scope.kind', SCOPE_KINDS ),
	};
	const name = readOptionalString( scope.name, 'scope.name' );
	const userLogin = readOptionalString(
		scope.user_login,
		'scope.user_login'
	);
	if ( ( result.kind === 'tab' || result.kind === 'module' ) && ! name ) {
		throw invalid( 'scope.name', `a ${ result.kind } scope needs a name` );
	}
	if ( result.kind === 'user' && ! userLogin ) {
		throw invalid( 'scope.user_login', 'a user scope needs a user_login' );
	}
	if ( name !== undefined ) {
		result.name = name;
	}
	if ( userLogin !== undefined ) {
		result.user_login = userLogin;
	}
	return result;
}

function parseSections( value: unknown ): Sections {
	const sections = readObject( value, 'sections' );
	const count = ( name: keyof Sections ) =>
		readCount( sections[ name ], `sections.${ name }` );
	const tables = readArray( sections.tables, 'sections.tables' ).map(
		( item, i ): TableCount => {
			const table = readObject( item, `sections.tables[${ i }]` );
			const sha256 = readOptionalString(
				table.sha256,
				`sections.tables[${ i }].sha256`
			);
			if ( sha256 !== undefined && ! /^[0-9a-f]{64}$/.test( sha256 ) ) {
				throw invalid(
					`sections.tables[${ i }].sha256`,
					'not a SHA-256 hex digest'
				);
			}
			const engine = readOptionalString(
				table.engine,
				`sections.tables[${ i }].engine`
			);
			const checksum = readOptionalString(
				table.checksum,
				`sections.tables[${ i }].checksum`
			);
			if ( checksum !== undefined && ! /^\d{1,20}$/.test( checksum ) ) {
				throw invalid(
					`sections.tables[${ i }].checksum`,
					'not a CHECKSUM TABLE value'
				);
			}
			return {
				name: readString( table.name, `sections.tables[${ i }].name` ),
				rows: readCount( table.rows, `sections.tables[${ i }].rows` ),
				...( sha256 === undefined ? {} : { sha256 } ),
				...( engine === undefined ? {} : { engine } ),
				...( checksum === undefined ? {} : { checksum } ),
			};
		}
	);
	return {
		tables,
		users: count( 'users' ),
		roles: count( 'roles' ),
		settings_tabs: count( 'settings_tabs' ),
		modules: readCountMap( sections.modules, 'sections.modules' ),
		licensing_records: count( 'licensing_records' ),
		variable_sets: count( 'variable_sets' ),
		media_files: count( 'media_files' ),
		theme_files: count( 'theme_files' ),
		plugin_files: count( 'plugin_files' ),
	};
}

function parseEntries( items: unknown[] ): ManifestEntry[] {
	const seen = new Set< string >();
	return items.map( ( item, i ): ManifestEntry => {
		const entry = parseManifestEntry( item, i );
		if ( seen.has( entry.path ) ) {
			throw listedTwice( entry.path, i );
		}
		seen.add( entry.path );
		return entry;
	} );
}

/**
 * The error for an entry whose path an earlier entry already listed.
 * @param entryPath
 * @param i         its index in `entries`
 */
export function listedTwice( entryPath: string, i: number ): SyteOpsError {
	return invalid( `entries[${ i }].path`, `${ entryPath } is listed twice` );
}

/**
 * One entry of the manifest, validated on its own (a path listed twice is the caller's to find).
 * @param item the raw entry
 * @param i    its index, for the error's field
 */
export function parseManifestEntry( item: unknown, i: number ): ManifestEntry {
	const at = `entries[${ i }]`;
	const entry = readObject( item, at );
	const entryPath = readString( entry.path, `${ at }.path` );
	if ( ! isSafeEntryPath( entryPath ) || entryPath === MANIFEST_PATH ) {
		throw invalid( `${ at }.path`, 'not a valid entry path' );
	}
	const sha256 = readString( entry.sha256, `${ at }.sha256` );
	if ( ! /^[0-9a-f]{64}$/.test( sha256 ) ) {
		throw invalid( `${ at }.sha256`, 'expected 64 lowercase hex digits' );
	}
	const size = readCount( entry.size, `${ at }.size` );
	if ( entry.compressed === undefined ) {
		return { path: entryPath, size, sha256 };
	}
	if ( typeof entry.compressed !== 'boolean' ) {
		throw invalid( `${ at }.compressed`, 'expected a boolean' );
	}
	// One literal with every field: a field added afterwards goes to a separate property array, 40 bytes
	// more for each of the 27,500 entries of the full-size bench archive (1.1 MB a heap snapshot showed).
	return { path: entryPath, size, sha256, compressed: entry.compressed };
}
