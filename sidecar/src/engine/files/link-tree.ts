/**
 * Duplicates a live tree without taking it away: directories are made anew, files are hard-linked (the
 * same bytes, no copy; a plain copy where the filesystem or its hard-link protection refuses), symlinks
 * are made again with the same target. The swap uses it to give the restored tree our own plugin before
 * the live tree is set aside, so WordPress never serves a request without SyteOps Backup loaded
 * (its REST routes, among them the job a browser is polling, would answer rest_no_route).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Why fs.link may refuse where a copy still works: another filesystem, protected_hardlinks, no support. */
const LINK_REFUSALS = new Set( [
	'EXDEV',
	'EPERM',
	'EACCES',
	'EMLINK',
	'ENOTSUP',
] );

/**
 * Makes `to` a duplicate of `from` (a directory, file or symlink); `to` must not exist. Special files
 * (sockets, fifos) are left out: they are nothing a plugin ships.
 * @param from absolute path of the tree to duplicate
 * @param to   absolute path where the duplicate is made
 */
export async function linkTree( from: string, to: string ): Promise< void > {
	const stat = await fs.lstat( from );
	if ( stat.isSymbolicLink() ) {
		await fs.symlink( await fs.readlink( from ), to );
	} else if ( stat.isDirectory() ) {
		await fs.mkdir( to );
		// mkdir's mode is cut by the umask: set the permission bits of st_mode after it.
		await fs.chmod( to, stat.mode & 0o7777 ); // eslint-disable-line no-bitwise -- permission bits
		for ( const name of await fs.readdir( from ) ) {
			await linkTree( path.join( from, name ), path.join( to, name ) );
		}
	} else if ( stat.isFile() ) {
		await fs.link( from, to ).catch( ( error: NodeJS.ErrnoException ) => {
			if ( ! LINK_REFUSALS.has( error.code ?? '' ) ) {
				throw error;
			}
			return fs.copyFile( from, to ); // copies the mode too
		} );
	}
}
