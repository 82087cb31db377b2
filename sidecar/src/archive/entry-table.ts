/* eslint-disable no-bitwise -- an entry's flags are bits of one byte per row. */
/**
 * What an ArchiveReader keeps of every entry, in columns: the ZIP directory's fields and the manifest's
 * (size, SHA-256, compressed) in typed arrays outside the V8 heap, and the paths with their lookup outside it
 * too (path-index.ts). Objects and path strings are made on demand for the entries a caller asks for.
 *
 * An object per entry (a directory record, its place in a map, a manifest entry with a 64-character hex
 * digest, and the two maps) was 443 bytes of heap for each of the 27,500 entries of the full-size bench
 * archive, 12 MB that every collection walked for as long as the reader lived; and since V8 sizes its heap
 * to what survives, the heap it reserved was 20 MB more than at the quick size. A row here is 91 bytes
 * of typed arrays and its path's bytes and 21-29 more in the path index; the path string and Map entry
 * it once kept on the heap were about 120 bytes.
 *
 * Rows in the ZIP come first, in directory order; rows the manifest lists but the ZIP lacks follow.
 */
import { readDigest, SHA256_BYTES, writeDigest } from './digest-slots';
import type { ManifestEntry } from './manifest';
import { listedTwice } from './manifest';
import { PathIndex } from '../path-index';

/** What reading an entry needs of its directory record. */
export interface EntryRecord {
	path: string;
	crc32: number;
	compressedSize: number;
	uncompressedSize: number;
	compressionMethod: number;
	offsetToLocalFileHeader: number;
}

const IN_ZIP = 1;
const LISTED = 2;
/** The manifest gave `compressed` (its value is COMPRESSED). */
const HAS_COMPRESSED = 4;
const COMPRESSED = 8;

const NOT_KNOWN = -1;

export class EntryTable {
	private capacity: number;
	private rows = 0;
	private zipRows = 0;
	private listedRows = 0;
	/** Each row's path; row numbers are the table's. */
	private readonly names: PathIndex;
	private flags: Uint8Array;
	private crc32: Uint32Array;
	private method: Uint16Array;
	private compressedSize: Float64Array;
	private uncompressedSize: Float64Array;
	private localOffset: Float64Array;
	/** Where the entry's data starts once its local header is proven; NOT_KNOWN until then. */
	private dataStarts: Float64Array;
	/** Where its directory record starts, to read it again to prove the local header later. */
	private directoryAts: Float64Array;
	private listedSize: Float64Array;
	private sha256: Uint8Array;
	/** The rows in the manifest's order. */
	private listedOrder: Uint32Array;

	/** @param capacity rows to make room for at first (the directory's count); grows if need be */
	constructor( capacity: number ) {
		this.capacity = Math.max( 16, capacity );
		this.names = new PathIndex( this.capacity );
		this.flags = new Uint8Array( this.capacity );
		this.crc32 = new Uint32Array( this.capacity );
		this.method = new Uint16Array( this.capacity );
		this.compressedSize = new Float64Array( this.capacity );
		this.uncompressedSize = new Float64Array( this.capacity );
		this.localOffset = new Float64Array( this.capacity );
		this.dataStarts = new Float64Array( this.capacity );
		this.directoryAts = new Float64Array( this.capacity );
		this.listedSize = new Float64Array( this.capacity );
		this.sha256 = new Uint8Array( this.capacity * SHA256_BYTES );
		this.listedOrder = new Uint32Array( this.capacity );
	}

	/** How many entries the ZIP directory holds. */
	get zipCount(): number {
		return this.zipRows;
	}

	/** How many entries the manifest lists. */
	get listedCount(): number {
		return this.listedRows;
	}

	/**
	 * Adds a directory record (in directory order, before any listed entry). A name already in the table
	 * is not added again: the directory check reports it (see isInZip).
	 * @param record
	 * @param directoryAt where the record starts in the file
	 */
	addZipEntry( record: EntryRecord, directoryAt: number ): void {
		if ( this.listedRows > 0 ) {
			throw new Error( 'directory records come before listed entries' );
		}
		const { row, added } = this.rowFor( record.path );
		if ( ! added ) {
			return;
		}
		this.flags[ row ] = IN_ZIP;
		this.crc32[ row ] = record.crc32;
		this.method[ row ] = record.compressionMethod;
		this.compressedSize[ row ] = record.compressedSize;
		this.uncompressedSize[ row ] = record.uncompressedSize;
		this.localOffset[ row ] = record.offsetToLocalFileHeader;
		this.dataStarts[ row ] = NOT_KNOWN;
		this.directoryAts[ row ] = directoryAt;
		this.zipRows++;
	}

	/**
	 * Adds the manifest's next entry (in manifest order), already validated on its own.
	 * @param entry
	 * @param i     its index in the manifest, for the error when its path is listed twice
	 */
	addListedEntry( entry: ManifestEntry, i: number ): void {
		const { row, added } = this.rowFor( entry.path );
		if ( ! added && this.flags[ row ] & LISTED ) {
			throw listedTwice( entry.path, i );
		}
		let flags = this.flags[ row ] | LISTED;
		if ( entry.compressed !== undefined ) {
			flags |= HAS_COMPRESSED | ( entry.compressed ? COMPRESSED : 0 );
		}
		this.flags[ row ] = flags;
		this.listedSize[ row ] = entry.size;
		writeDigest( this.sha256, row, entry.sha256 );
		this.listedOrder[ this.listedRows++ ] = row;
	}

	/**
	 * Takes back every listed entry, as if the manifest had not been read: a manifest read as it streams in
	 * may turn out to need parsing whole (manifest-read.ts), after some of its entries were added.
	 */
	forgetListed(): void {
		this.names.truncate( this.zipRows );
		this.rows = this.zipRows;
		for ( let row = 0; row < this.rows; row++ ) {
			this.flags[ row ] &= IN_ZIP; // the one flag the directory set
			this.listedSize[ row ] = 0;
		}
		this.sha256.fill( 0 );
		this.listedRows = 0;
	}

	isInZip( entryPath: string ): boolean {
		return this.zipRow( entryPath ) !== undefined;
	}

	isListed( entryPath: string ): boolean {
		return this.listedRow( entryPath ) !== undefined;
	}

	/**
	 * The entry's row if the ZIP holds it.
	 * @param entryPath
	 */
	zipRow( entryPath: string ): number | undefined {
		const row = this.names.rowOf( entryPath );
		return row !== undefined && this.flags[ row ] & IN_ZIP
			? row
			: undefined;
	}

	/**
	 * The entry's row if the manifest lists it.
	 * @param entryPath
	 */
	listedRow( entryPath: string ): number | undefined {
		const row = this.names.rowOf( entryPath );
		return row !== undefined && this.flags[ row ] & LISTED
			? row
			: undefined;
	}

	/** @param row a row in the ZIP */
	record( row: number ): EntryRecord {
		return {
			path: this.names.pathOf( row ),
			crc32: this.crc32[ row ],
			compressedSize: this.compressedSize[ row ],
			uncompressedSize: this.uncompressedSize[ row ],
			compressionMethod: this.method[ row ],
			offsetToLocalFileHeader: this.localOffset[ row ],
		};
	}

	/** @param row a listed row */
	listedEntry( row: number ): ManifestEntry {
		const path = this.names.pathOf( row );
		const size = this.listedSize[ row ];
		const sha256 = readDigest( this.sha256, row );
		const flags = this.flags[ row ];
		return flags & HAS_COMPRESSED
			? { path, size, sha256, compressed: ( flags & COMPRESSED ) !== 0 }
			: { path, size, sha256 };
	}

	/** @param row a row in the ZIP; its data start once proven */
	dataStart( row: number ): number | undefined {
		const at = this.dataStarts[ row ];
		return at === NOT_KNOWN ? undefined : at;
	}

	setDataStart( row: number, at: number ): void {
		this.dataStarts[ row ] = at;
	}

	/** @param row a row in the ZIP */
	directoryAt( row: number ): number {
		return this.directoryAts[ row ];
	}

	/** @param row a row in the ZIP */
	localOffsetOf( row: number ): number {
		return this.localOffset[ row ];
	}

	pathOf( row: number ): string {
		return this.names.pathOf( row );
	}

	/** The ZIP's rows sorted by where their local headers start (the order entries lie in the file). */
	zipRowsByOffset(): Uint32Array {
		const rows = new Uint32Array( this.zipRows );
		for ( let row = 0; row < this.zipRows; row++ ) {
			rows[ row ] = row;
		}
		const offsets = this.localOffset;
		return rows.sort( ( a, b ) => offsets[ a ] - offsets[ b ] );
	}

	/** Every name in the ZIP directory, in directory order. */
	*zipPaths(): IterableIterator< string > {
		for ( let row = 0; row < this.zipRows; row++ ) {
			yield this.names.pathOf( row );
		}
	}

	/** The listed rows, in the manifest's order. */
	*listedRowsInOrder(): IterableIterator< number > {
		for ( let i = 0; i < this.listedRows; i++ ) {
			yield this.listedOrder[ i ];
		}
	}

	/**
	 * The path's row, made as the next row when the table does not have it yet (one lookup either way:
	 * the path index numbers its paths as this table numbers its rows).
	 * @param entryPath
	 */
	private rowFor( entryPath: string ): { row: number; added: boolean } {
		const row = this.names.add( entryPath );
		if ( row < this.rows ) {
			return { row, added: false };
		}
		if ( this.rows === this.capacity ) {
			this.grow();
		}
		this.rows++;
		return { row, added: true };
	}

	private grow(): void {
		const capacity = this.capacity * 2;
		const widen = <
			T extends Uint8Array | Uint16Array | Uint32Array | Float64Array,
		>(
			from: T,
			make: ( length: number ) => T,
			perRow = 1
		): T => {
			const to = make( capacity * perRow );
			to.set( from );
			return to;
		};
		this.flags = widen( this.flags, ( n ) => new Uint8Array( n ) );
		this.crc32 = widen( this.crc32, ( n ) => new Uint32Array( n ) );
		this.method = widen( this.method, ( n ) => new Uint16Array( n ) );
		const floats = ( from: Float64Array ) =>
			widen( from, ( n ) => new Float64Array( n ) );
		this.compressedSize = floats( this.compressedSize );
		this.uncompressedSize = floats( this.uncompressedSize );
		this.localOffset = floats( this.localOffset );
		this.dataStarts = floats( this.dataStarts );
		this.directoryAts = floats( this.directoryAts );
		this.listedSize = floats( this.listedSize );
		this.sha256 = widen(
			this.sha256,
			( n ) => new Uint8Array( n ),
			SHA256_BYTES
		);
		this.listedOrder = widen(
			this.listedOrder,
			( n ) => new Uint32Array( n )
		);
		this.capacity = capacity;
	}
}

/**
 * The manifest's entries as a reader keeps them: in the manifest's order, each made on demand, with a
 * lookup by path that needs no array of every entry.
 */
export class ListedEntries implements Iterable< ManifestEntry > {
	constructor( private readonly table: EntryTable ) {}

	get length(): number {
		return this.table.listedCount;
	}

	has( entryPath: string ): boolean {
		return this.table.isListed( entryPath );
	}

	get( entryPath: string ): ManifestEntry | undefined {
		const row = this.table.listedRow( entryPath );
		return row === undefined ? undefined : this.table.listedEntry( row );
	}

	/** The listed paths, in order, without making an entry for each. */
	*paths(): IterableIterator< string > {
		for ( const row of this.table.listedRowsInOrder() ) {
			yield this.table.pathOf( row );
		}
	}

	*[ Symbol.iterator ](): IterableIterator< ManifestEntry > {
		for ( const row of this.table.listedRowsInOrder() ) {
			yield this.table.listedEntry( row );
		}
	}
}
