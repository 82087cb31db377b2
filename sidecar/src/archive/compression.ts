/**
 * Which entries are stored as they are: formats that are already compressed gain nothing from deflate
 * and cost CPU time, so they are stored; everything else (SQL rows, PHP, CSS, JSON) is deflated.
 */
export const STORED_EXTENSIONS: ReadonlySet< string > = new Set( [
	'jpg',
	'jpeg',
	'png',
	'gif',
	'webp',
	'avif',
	'mp4',
	'mov',
	'mp3',
	'zip',
	'gz',
	'bz2',
	'xz',
	'7z',
	'woff2',
	'pdf',
] );

/** A fast level: archives are written during a live site's work, and rows compress well at any level. */
export const DEFLATE_LEVEL = 1;

export function isAlreadyCompressed( entryPath: string ): boolean {
	const base = entryPath.slice( entryPath.lastIndexOf( '/' ) + 1 );
	const dot = base.lastIndexOf( '.' );
	return (
		dot > 0 && STORED_EXTENSIONS.has( base.slice( dot + 1 ).toLowerCase() )
	);
}
