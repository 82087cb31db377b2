/**
 * Builds small WordPress-like sites on disk for the files-layer tests, and describes trees exactly
 * (file hashes, link targets, empty directories) without following links.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';

import { baseManifest } from '../../fixtures/archive/archive-builder';
import {
	ArchiveWriter,
	type FinishedArchive,
} from '../../../../sidecar/src/archive/zip-writer';
import {
	captureContent,
	type CaptureOptions,
	type CaptureResult,
} from '../../../../sidecar/src/engine/files/capture';

export const CANARY = 'CANARY-7f3a9c1e-wp-config-secret';

export async function makeTempDir( label: string ): Promise< string > {
	return fs.mkdtemp( path.join( os.tmpdir(), `syteops-files-${ label }-` ) );
}

export async function writeFiles(
	root: string,
	files: Record< string, string | Buffer >
): Promise< void > {
	for ( const [ rel, content ] of Object.entries( files ) ) {
		const target = path.join( root, rel );
		await fs.mkdir( path.dirname( target ), { recursive: true } );
		await fs.writeFile( target, content );
	}
}

/**
 * Bytes that look like nothing compressible: a JPEG is stored, not deflated, so its bytes sit raw in the ZIP.
 * @param length
 * @param seed
 */
export function pseudoRandom( length: number, seed: number ): Buffer {
	const bytes = Buffer.alloc( length );
	let state = seed;
	for ( let i = 0; i < length; i++ ) {
		state = ( state * 1103515245 + 12345 ) % 2147483648;
		bytes[ i ] = state % 256;
	}
	return bytes;
}

/**
 * `<root>/wp-config.php` (with the canary) beside `<root>/wp-content` holding uploads, themes, plugins,
 * our own plugin, an empty directory and links that stay inside wp-content.
 * @param root the site root
 */
export async function buildSite( root: string ): Promise< string > {
	const content = path.join( root, 'wp-content' );
	await writeFiles( root, {
		'wp-config.php': `<?php define( 'DB_PASSWORD', '${ CANARY }' );\n`,
	} );
	await writeFiles( content, {
		'uploads/2024/01/photo.jpg': pseudoRandom( 70000, 1 ),
		'uploads/2024/01/notes.txt': 'plain text\n'.repeat( 500 ),
		'uploads/empty.bin': '',
		'themes/twentytwo/style.css': 'body { color: red; }\n',
		'themes/twentytwo/functions.php': '<?php // theme\n',
		'plugins/hello/hello.php': '<?php // hello dolly\n',
		'plugins/syteops-backup/syteops-backup.php':
			'<?php // our own plugin\n',
		'index.php': '<?php // silence is golden\n',
	} );
	await fs.mkdir( path.join( content, 'uploads/2024/02/empty' ), {
		recursive: true,
	} );
	await fs.symlink(
		'2024/01/photo.jpg',
		path.join( content, 'uploads/latest.jpg' )
	);
	await fs.symlink(
		'../plugins/hello',
		path.join( content, 'themes/hello-link' )
	);
	return content;
}

export type TreeDescription = Record< string, string >;

/**
 * Every path under `dir` (relative, posix) → `file <sha256>`, `link -> <target>` or `dir`.
 * @param dir     the tree's root
 * @param exclude relative paths to leave out (with everything below them)
 */
export async function describeTree(
	dir: string,
	exclude: readonly string[] = []
): Promise< TreeDescription > {
	const tree: TreeDescription = {};
	async function visit( rel: string ): Promise< void > {
		for ( const name of (
			await fs.readdir( path.join( dir, rel ) )
		).sort() ) {
			const child = rel ? `${ rel }/${ name }` : name;
			if (
				exclude.some(
					( e ) => child === e || child.startsWith( e + '/' )
				)
			) {
				continue;
			}
			const absolute = path.join( dir, child );
			const stats = await fs.lstat( absolute );
			if ( stats.isSymbolicLink() ) {
				tree[ child ] = `link -> ${ await fs.readlink( absolute ) }`;
			} else if ( stats.isDirectory() ) {
				tree[ child ] = 'dir';
				await visit( child );
			} else {
				const hash = createHash( 'sha256' ).update(
					await fs.readFile( absolute )
				);
				tree[ child ] = `file ${ hash.digest( 'hex' ) }`;
			}
		}
	}
	await visit( '' );
	return tree;
}

/**
 * The part of a tree description under one top directory.
 * @param tree a description from describeTree
 * @param top  a top directory name
 */
export function subtree( tree: TreeDescription, top: string ): TreeDescription {
	return Object.fromEntries(
		Object.entries( tree ).filter(
			( [ rel ] ) => rel === top || rel.startsWith( top + '/' )
		)
	);
}

export interface Backup {
	archive: FinishedArchive;
	capture: CaptureResult;
}

/**
 * Captures wp-content into a finished archive in `storageDir`.
 * @param wpContent  the wp-content directory
 * @param storageDir where the archive goes
 * @param options    capture options
 * @param extra      entries to add after the capture (to craft archives)
 */
export async function backup(
	wpContent: string,
	storageDir: string,
	options: CaptureOptions = {},
	extra: Record< string, Buffer > = {}
): Promise< Backup > {
	const writer = await ArchiveWriter.open( storageDir );
	const capture = await captureContent( writer, wpContent, options );
	let plugins = capture.plugin_files;
	for ( const [ entryPath, data ] of Object.entries( extra ) ) {
		await writer.addBuffer( entryPath, data );
		plugins += entryPath.startsWith( 'files/wp-content/plugins/' ) ? 1 : 0;
	}
	const base = baseManifest();
	const archive = await writer.finish( {
		...base,
		sections: {
			...base.sections,
			tables: [],
			media_files: capture.media_files,
			theme_files: capture.theme_files,
			plugin_files: plugins,
		},
	} );
	return { archive, capture };
}

export async function readAll( stream: Readable ): Promise< Buffer > {
	const chunks: Buffer[] = [];
	for await ( const chunk of stream ) {
		chunks.push( chunk as Buffer );
	}
	return Buffer.concat( chunks );
}
