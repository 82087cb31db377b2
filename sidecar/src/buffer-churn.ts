/**
 * Bounds the dead Buffers a streaming loop leaves behind. Each read, inflated chunk and deflated block is a
 * new Buffer whose memory lies outside the V8 heap; it is freed only when the young generation holding its
 * small JS object is collected. Streaming allocates few JS objects per megabyte, so scavenges are rare and
 * dead chunks pile up: sampled per thread, a verify's main thread and its rows worker each reached 29-36 MB
 * of ArrayBuffers before V8 collected them, whatever --max-semi-space-size said. At the peak of a full-size
 * verify, heaptrack found 44 MB of such Buffers on the main thread and 26 MB on the rows worker; and a long
 * run reaches the top of that sawtooth more surely than a short one.
 *
 * The hot paths note the bytes they pass. Every CHURN_SCAVENGE_BYTES noted, this thread looks at the Buffer
 * memory it holds, and when that grew by more than half the interval since the last look (so nothing freed
 * what was noted), asks V8 for one scavenge: about 0.1 ms with a 4 MB semi-space. A thread whose own
 * garbage already triggers scavenges often (the load worker parsing rows) then rarely forces one. Forcing one
 * every interval regardless moved the objects in flight there to the old generation: a full-size restore that
 * loads every table took 99-101 s against 93 s; with the look first, 95-105 s against 104-109 s.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Full-size bench archive, verify, runs alternated with the build before: 2 MB 182-183 MB, 4 MB 191-202 MB,
 * none 210-212 MB, at the same speed (8.2-8.7 s against 8.8-8.9 s).
 */
export const CHURN_SCAVENGE_BYTES = 2 * 1024 * 1024;

/** What BufferChurn looks at and acts on: this thread's Buffer memory, and a collection of it. */
export interface ChurnProbe {
	held: () => number;
	collect: () => void;
}

/**
 * Decides when a collection is worth asking for; pure, apart from the probe.
 */
export class BufferChurn {
	private since = 0;
	private last: number | undefined;

	constructor(
		private readonly probe: ChurnProbe,
		private readonly everyBytes = CHURN_SCAVENGE_BYTES
	) {}

	note( bytes: number ): void {
		this.since += bytes;
		if ( this.since < this.everyBytes ) {
			return;
		}
		this.since = 0;
		const held = this.probe.held();
		// Most of what was noted still held means nothing freed it since the last check.
		if (
			this.last !== undefined &&
			held - this.last > this.everyBytes / 2
		) {
			this.probe.collect();
		}
		this.last = held;
	}
}

type GcFunction = ( options: { type: 'minor' | 'major' } ) => void;
let gc: GcFunction | undefined;

/**
 * One scavenge of this thread's young generation. V8 hands out its `gc` function only to contexts made
 * after --expose-gc is set, hence the new context; the flag is process-wide, so this works the same on a
 * worker thread, and it changes nothing else.
 */
export function scavenge(): void {
	if ( ! gc ) {
		setFlagsFromString( '--expose-gc' );
		gc = runInNewContext( 'gc' ) as GcFunction;
	}
	gc( { type: 'minor' } );
}

/** The Buffer memory of this thread (process.memoryUsage() reports the calling thread's isolate). */
function heldBufferBytes(): number {
	return process.memoryUsage().arrayBuffers;
}

/** This thread's counter (module state is per thread: each worker loads its own copy). */
export const bufferChurn = new BufferChurn( {
	held: heldBufferBytes,
	collect: scavenge,
} );
