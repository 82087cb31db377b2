/**
 * How many files the live site's uploads hold (a preview compares it with the archive's count). The tree is
 * read through directory handles, a few hundred entries at a time: `readdir` returns a whole directory at
 * once, and a site whose uploads are not sorted into year/month folders keeps tens of thousands of files in
 * one (the full-size bench site: 23,894), which raised a preview's peak RSS by about 3 MB
 * (docs/performance.md, twentieth round). Links are not followed and count as no file, as in a backup.
 */
import { promises as fs, type Dir } from 'node:fs';
import path from 'node:path';

/** Directory entries read per call: bounded memory, few round trips to the thread pool. */
const ENTRIES_PER_READ = 256;

/**
 * The regular files under `<wpDir>/wp-content/uploads`, at any depth; 0 when there is no such directory. A
 * directory that cannot be opened holds no file that a restore would replace.
 * @param wpDir the WordPress directory
 */
export async function countUploads( wpDir: string ): Promise< number > {
	let count = 0;
	const walk = async ( dir: string ): Promise< void > => {
		let entries: Dir;
		try {
			entries = await fs.opendir( dir, {
				bufferSize: ENTRIES_PER_READ,
			} );
		} catch {
			return;
		}
		// for await closes the handle when the loop ends, normally or by a throw.
		for await ( const entry of entries ) {
			if ( entry.isDirectory() ) {
				await walk( path.join( dir, entry.name ) );
			} else if ( entry.isFile() ) {
				count++;
			}
		}
	};
	await walk( path.join( wpDir, 'wp-content', 'uploads' ) );
	return count;
}
