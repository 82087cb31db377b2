/**
 * The manifest entries a writer has written so far, as bytes outside the V8 heap (64 KiB blocks, like the
 * central directory in directory-records.ts, spilled to an unlinked file when a directory is given:
 * block-spool.ts), and manifest.json rendered from them at the end.
 *
 * An object per entry with its 64-character hex digest, then at the end a validated copy of the list and
 * its JSON text as one 5.4 MB string, held a backup's main-thread heap high while the archive finished
 * (27,535 entries on the full-size bench site; a restore's pre-restore snapshot finishes while the
 * restore holds its own reader). A record here is the path's bytes and 45 bytes more.
 *
 * Record layout: path length (u32), path (UTF-8), size (f64), SHA-256 (32 bytes), compressed (u8: 0 false,
 * 1 true, 2 absent).
 */
import { BlockSpool } from './block-spool';
import { SHA256_BYTES } from './digest-slots';
import type {
	EntryList,
	ManifestEntry,
	ManifestWithoutEntries,
} from './manifest';

const FIXED_BYTES = 4 + 8 + 32 + 1;
const ABSENT = 2;

export class ManifestEntryLog implements EntryList {
	private readonly spool: BlockSpool;
	private count = 0;

	/** @param spoolDir where full blocks go (block-spool.ts); undefined keeps them in memory */
	constructor( spoolDir?: string ) {
		this.spool = new BlockSpool( spoolDir );
	}

	get length(): number {
		return this.count;
	}

	/**
	 * Appends one entry (already validated).
	 * @param entry
	 */
	add( entry: ManifestEntry ): void {
		const pathBytes = Buffer.byteLength( entry.path );
		const size = FIXED_BYTES + pathBytes;
		const { block, at: start } = this.spool.room( size );
		let at = block.writeUInt32LE( pathBytes, start );
		at += block.write( entry.path, at, 'utf8' );
		at = block.writeDoubleLE( entry.size, at );
		at += block.write( entry.sha256, at, 'hex' );
		block[ at++ ] =
			entry.compressed === undefined
				? ABSENT
				: Number( entry.compressed );
		this.spool.commit( at - start );
		this.count++;
	}

	/** Frees the entries (and closes their spool file). */
	close(): void {
		this.spool.close();
	}

	/** The entries in the order added. */
	*[ Symbol.iterator ](): IterableIterator< ManifestEntry > {
		for ( const block of this.spool.blocks() ) {
			for ( let at = 0; at < block.length; ) {
				const pathBytes = block.readUInt32LE( at );
				at += 4;
				const path = block.toString( 'utf8', at, at + pathBytes );
				at += pathBytes;
				const size = block.readDoubleLE( at );
				at += 8;
				const sha256 = block.toString( 'hex', at, at + SHA256_BYTES );
				at += SHA256_BYTES;
				const compressed = block[ at++ ];
				yield compressed === ABSENT
					? { path, size, sha256 }
					: { path, size, sha256, compressed: compressed === 1 };
			}
		}
	}

	/**
	 * manifest.json's bytes: exactly JSON.stringify({ ...head, entries }, null, '\t'), written into one
	 * buffer of its exact size, with no string of the whole text (or of all the entries) ever made.
	 * @param head the validated manifest without its entries
	 */
	renderManifest( head: ManifestWithoutEntries ): Buffer {
		const headText = JSON.stringify( head, null, '\t' );
		// The head ends with "\n}"; the entries go last, before it, as parseManifest orders them.
		const before = headText.slice( 0, -2 ) + ',\n\t"entries": ';
		const after = '\n}';
		let total = Buffer.byteLength( before ) + Buffer.byteLength( after );
		if ( this.count === 0 ) {
			total += 2;
		} else {
			total += 5; // "[\n" and "\n\t]"
			let first = true;
			for ( const entry of this ) {
				total +=
					Buffer.byteLength( entryText( entry ) ) + ( first ? 0 : 2 );
				first = false;
			}
		}
		const bytes = Buffer.allocUnsafe( total );
		let at = 0;
		const put = ( text: string ) => {
			const written = bytes.write( text, at );
			if ( written !== Buffer.byteLength( text ) ) {
				throw new Error(
					`manifest.json rendered past its ${ total } bytes`
				);
			}
			at += written;
		};
		put( before );
		if ( this.count === 0 ) {
			put( '[]' );
		} else {
			put( '[\n' );
			let first = true;
			for ( const entry of this ) {
				put( ( first ? '' : ',\n' ) + entryText( entry ) );
				first = false;
			}
			put( '\n\t]' );
		}
		put( after );
		if ( at !== total ) {
			throw new Error(
				`manifest.json rendered ${ at } of ${ total } bytes`
			);
		}
		return bytes;
	}
}

/**
 * One entry as JSON.stringify(manifest, null, '\t') writes it inside the entries array.
 * @param entry
 */
function entryText( entry: ManifestEntry ): string {
	const compressed =
		entry.compressed === undefined
			? ''
			: `,\n\t\t\t"compressed": ${ entry.compressed }`;
	return `\t\t{\n\t\t\t"path": ${ JSON.stringify( entry.path ) },\n\t\t\t"size": ${ JSON.stringify(
		entry.size
	) },\n\t\t\t"sha256": "${ entry.sha256 }"${ compressed }\n\t\t}`;
}
