/**
 * Where wp-content lives inside an archive and which parts of it the files layer handles. Pure: names
 * and path arithmetic only, shared by capture (walk → entries) and restore (entries → staging → live).
 */

/** Every captured file is stored under this prefix, followed by its path relative to wp-content. */
export const CONTENT_ENTRY_PREFIX = 'files/wp-content/';

/** The wp-content directories a full backup captures and a restore swaps, in this order. */
export const DEFAULT_TOP_DIRS: readonly string[] = [
	'uploads',
	'themes',
	'plugins',
];

/** SyteOps Backup's own directory: never captured, never overwritten by a restore. */
export const OWN_PLUGIN_DIR = 'plugins/syteops-backup';

/** Scratch and cache directories whose contents are rebuilt by their owners and are not worth a backup. */
export const DEFAULT_EXCLUDES: readonly string[] = [
	'uploads/syteops-backup-tmp',
	'uploads/cache',
	'themes/cache',
	'plugins/cache',
];

/** Permissions of restored files and directories (the archive stores no modes). */
export const FILE_MODE = 0o644;
export const DIR_MODE = 0o755;

/** Names of the transient directories that swapContent creates next to the live ones. */
export const STAGING_PREFIX = '.syteops-staging-';
export const OLD_PREFIX = '.syteops-old-';
export const DISCARD_PREFIX = '.syteops-discard-';

/** The manifest's file-count sections, keyed by the top directory whose files they count. */
export type FileSection = 'media_files' | 'theme_files' | 'plugin_files';
const SECTION_BY_TOP_DIR: Readonly< Record< string, FileSection > > = {
	uploads: 'media_files',
	themes: 'theme_files',
	plugins: 'plugin_files',
};

/**
 * The archive entry name of a path relative to wp-content.
 * @param rel posix path relative to wp-content, e.g. `uploads/2024/01/a.jpg`
 */
export function entryPathOf( rel: string ): string {
	return CONTENT_ENTRY_PREFIX + rel;
}

/**
 * The path relative to wp-content of an archive entry, or undefined when the entry is not a content file.
 * @param entryPath an archive entry name
 */
export function relOfEntry( entryPath: string ): string | undefined {
	return entryPath.startsWith( CONTENT_ENTRY_PREFIX )
		? entryPath.slice( CONTENT_ENTRY_PREFIX.length )
		: undefined;
}

/**
 * The first segment of a relative path (`uploads` for `uploads/2024/a.jpg`).
 * @param rel posix path relative to wp-content
 */
export function topDirOf( rel: string ): string {
	const slash = rel.indexOf( '/' );
	return slash === -1 ? rel : rel.slice( 0, slash );
}

/**
 * The manifest section that counts a file, or undefined for files outside uploads/themes/plugins.
 * @param rel posix path relative to wp-content
 */
export function sectionOf( rel: string ): FileSection | undefined {
	return SECTION_BY_TOP_DIR[ topDirOf( rel ) ];
}

/**
 * True when `rel` is `base` itself or lies below it, comparing whole segments (`plugins/a` is not
 * below `plugins/ab`).
 * @param rel  posix path relative to wp-content
 * @param base posix path relative to wp-content
 */
export function isAtOrBelow( rel: string, base: string ): boolean {
	return rel === base || rel.startsWith( base + '/' );
}

/**
 * True when `rel` is at or below any of `bases`.
 * @param rel   posix path relative to wp-content
 * @param bases posix paths relative to wp-content
 */
export function isAtOrBelowAny(
	rel: string,
	bases: readonly string[]
): boolean {
	return bases.some( ( base ) => isAtOrBelow( rel, base ) );
}

/**
 * Throws unless `name` is a single plain directory name (what swapContent may rename).
 * @param name a top directory name such as `uploads`
 */
export function assertTopDirName( name: string ): void {
	if (
		name === '' ||
		name === '.' ||
		name === '..' ||
		name.includes( '/' ) ||
		name.includes( '\\' ) ||
		name.startsWith( '.syteops-' )
	) {
		throw new TypeError( `Not a wp-content top directory name: ${ name }` );
	}
}
