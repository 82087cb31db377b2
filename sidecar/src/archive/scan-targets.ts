/**
 * Many scan targets at once, packed. Verify hands every entry of an archive to its passes (this thread's and
 * two workers'), and as objects a target cost about 300 bytes on every thread that held it: a heap snapshot
 * of a full-size verify (27,500 entries) found 8.5 MB of target objects, hex digests and boxed numbers on
 * the main thread, and the file-pass worker held a structured clone of its 17,000. Packed, a target is its
 * path (the reader's own string) and 81 bytes of typed arrays, a clone copies each column in one piece, and
 * a target becomes an object only while it is checked.
 */
/* eslint-disable no-bitwise -- the flags column holds bits. */
import { readDigest, SHA256_BYTES, writeDigest } from './digest-slots';
import type { ScanTarget } from './entry-scan';

/** Plain data (a structured clone keeps it whole), in file order: by offset. */
export interface PackedTargets {
	paths: string[];
	/** NUMBER_FIELDS a target: see the field indexes below. */
	numbers: Float64Array;
	/** One a target: DEFLATED, LISTED, HAS_COMPRESSED, COMPRESSED. */
	flags: Uint8Array;
	/** SHA256_BYTES a target: the manifest's digest (zero when not listed). */
	sha256: Uint8Array;
}

/** Targets as objects (a caller's few) or packed (verify's many): every pass takes either. */
export type Targets = readonly ScanTarget[] | PackedTargets;

const SIZE = 0;
const CRC32 = 1;
const OFFSET = 2;
const DATA_START = 3;
const COMPRESSED_SIZE = 4;
const LISTED_SIZE = 5;
const NUMBER_FIELDS = 6;

const DEFLATED = 1;
const LISTED = 2;
const HAS_COMPRESSED = 4;
const COMPRESSED = 8;

/**
 * Packs the targets, sorted by offset (the order a sequential pass reads them in). Each is read once and
 * may be dropped at once: a generator's targets never all exist as objects.
 * @param targets
 */
export function packTargets( targets: Iterable< ScanTarget > ): PackedTargets {
	const paths: string[] = [];
	const numbers: number[] = []; // holds unboxed doubles, like a Float64Array
	const flags: number[] = [];
	let sha256 = Buffer.alloc( 1024 * SHA256_BYTES );
	for ( const target of targets ) {
		const i = paths.length;
		paths.push( target.path );
		numbers.push(
			target.size,
			target.crc32,
			target.offset,
			target.dataStart,
			target.compressedSize,
			target.manifest?.size ?? 0
		);
		flags.push( targetFlags( target ) );
		if ( target.manifest ) {
			while ( ( i + 1 ) * SHA256_BYTES > sha256.length ) {
				const wider = Buffer.alloc( sha256.length * 2 );
				sha256.copy( wider );
				sha256 = wider;
			}
			writeDigest( sha256, i, target.manifest.sha256 );
		}
	}
	const arrived: PackedTargets = {
		paths,
		numbers: Float64Array.from( numbers ),
		flags: Uint8Array.from( flags ),
		sha256,
	};
	return inOrder(
		arrived,
		Array.from( paths, ( _, i ) => i ).sort(
			( a, b ) =>
				numbers[ a * NUMBER_FIELDS + OFFSET ] -
				numbers[ b * NUMBER_FIELDS + OFFSET ]
		)
	);
}

function targetFlags( target: ScanTarget ): number {
	const listed = target.manifest;
	let flags = target.deflated ? DEFLATED : 0;
	if ( listed ) {
		flags |= LISTED;
		if ( listed.compressed !== undefined ) {
			flags |= HAS_COMPRESSED | ( listed.compressed ? COMPRESSED : 0 );
		}
	}
	return flags;
}

/**
 * The packed form of either kind (sorted by offset).
 * @param targets
 */
export function asPacked( targets: Targets ): PackedTargets {
	return isPacked( targets ) ? targets : packTargets( targets );
}

function isPacked( targets: Targets ): targets is PackedTargets {
	return ! Array.isArray( targets );
}

export function targetCount( packed: PackedTargets ): number {
	return packed.paths.length;
}

/**
 * The i-th target (in offset order) as the object the checks take.
 * @param packed
 * @param i
 */
export function targetAt( packed: PackedTargets, i: number ): ScanTarget {
	const at = i * NUMBER_FIELDS;
	const flags = packed.flags[ i ];
	const entryPath = packed.paths[ i ];
	return {
		path: entryPath,
		size: packed.numbers[ at + SIZE ],
		crc32: packed.numbers[ at + CRC32 ],
		offset: packed.numbers[ at + OFFSET ],
		dataStart: packed.numbers[ at + DATA_START ],
		compressedSize: packed.numbers[ at + COMPRESSED_SIZE ],
		deflated: ( flags & DEFLATED ) !== 0,
		...( flags & LISTED
			? {
					manifest: {
						path: entryPath,
						size: packed.numbers[ at + LISTED_SIZE ],
						sha256: readDigest( packed.sha256, i ),
						...( flags & HAS_COMPRESSED
							? { compressed: ( flags & COMPRESSED ) !== 0 }
							: {} ),
					},
				}
			: {} ),
	};
}

/**
 * Every target, made one at a time, in offset order.
 * @param packed
 */
export function* eachTarget( packed: PackedTargets ): Generator< ScanTarget > {
	for ( let i = 0; i < targetCount( packed ); i++ ) {
		yield targetAt( packed, i );
	}
}

/** What planning needs of a target (verify.ts planVerify), and where it is in the packed list. */
export interface TargetSize {
	path: string;
	compressedSize: number;
	deflated: boolean;
	index: number;
}

export function targetSizes( packed: PackedTargets ): TargetSize[] {
	return packed.paths.map( ( entryPath, i ) => ( {
		path: entryPath,
		compressedSize: packed.numbers[ i * NUMBER_FIELDS + COMPRESSED_SIZE ],
		deflated: ( packed.flags[ i ] & DEFLATED ) !== 0,
		index: i,
	} ) );
}

/**
 * Some of the targets, packed on their own (still in offset order).
 * @param packed
 * @param picked the targets by their index in `packed`
 */
export function pickTargets(
	packed: PackedTargets,
	picked: readonly Pick< TargetSize, 'index' >[]
): PackedTargets {
	return inOrder(
		packed,
		picked.map( ( { index } ) => index ).sort( ( a, b ) => a - b )
	);
}

/**
 * The targets at these indexes, in this order, as new columns.
 * @param packed
 * @param order
 */
function inOrder( packed: PackedTargets, order: number[] ): PackedTargets {
	const out: PackedTargets = {
		paths: order.map( ( i ) => packed.paths[ i ] ),
		numbers: new Float64Array( order.length * NUMBER_FIELDS ),
		flags: new Uint8Array( order.length ),
		sha256: new Uint8Array( order.length * SHA256_BYTES ),
	};
	order.forEach( ( from, to ) => {
		out.numbers.set(
			packed.numbers.subarray(
				from * NUMBER_FIELDS,
				( from + 1 ) * NUMBER_FIELDS
			),
			to * NUMBER_FIELDS
		);
		out.flags[ to ] = packed.flags[ from ];
		out.sha256.set(
			packed.sha256.subarray(
				from * SHA256_BYTES,
				( from + 1 ) * SHA256_BYTES
			),
			to * SHA256_BYTES
		);
	} );
	return out;
}
