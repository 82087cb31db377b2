import {
	BufferChurn,
	CHURN_SCAVENGE_BYTES,
	bufferChurn,
	scavenge,
} from '../../../sidecar/src/buffer-churn';

const MB = 1024 * 1024;
// Three intervals and a chunk are what the loop below can hold (see its comment); one interval more is margin
// for the helper thread that frees them running late on a busy machine. Without the notes it held 32 MB.
const WITH_NOTES_BOUND = 4 * CHURN_SCAVENGE_BYTES + MB;

function arrayBufferBytes(): number {
	return process.memoryUsage().arrayBuffers;
}

const nextTurn = () => new Promise( ( resolve ) => setImmediate( resolve ) );

/**
 * V8 frees the Buffers a scavenge found dead on a helper thread, shortly after it: waits until this thread's
 * Buffer memory stops falling (at most two seconds), and returns it.
 */
async function settled(): Promise< number > {
	const until = Date.now() + 2000;
	let held = arrayBufferBytes();
	for (;;) {
		await new Promise( ( resolve ) => setTimeout( resolve, 20 ) );
		const now = arrayBufferBytes();
		if ( now >= held || Date.now() > until ) {
			return now;
		}
		held = now;
	}
}

/** A scavenge, then the baseline once its frees have landed. */
async function cleanBaseline(): Promise< number > {
	scavenge();
	return settled();
}

/**
 * Allocates and drops `count` buffers of `bytes`, as a stream's chunks are (a turn of the event loop after
 * each); calls `each` after each one.
 * @param count
 * @param bytes
 * @param each
 */
async function churn(
	count: number,
	bytes: number,
	each: () => void = () => {}
) {
	for ( let i = 0; i < count; i++ ) {
		Buffer.allocUnsafe( bytes ).fill( i );
		each();
		await nextTurn();
	}
}

/**
 * A probe whose held memory the test sets.
 * @param freed what each collection frees
 */
function fakeProbe( freed = 0 ) {
	const probe = {
		bytes: 0,
		collections: 0,
		held: () => probe.bytes,
		collect: () => {
			probe.collections++;
			probe.bytes -= freed;
		},
	};
	return probe;
}

describe( 'BufferChurn', () => {
	test( 'collects when most of an interval noted is still held at the next check, and checks once per interval', () => {
		const probe = fakeProbe( 6 * MB );
		const churnCounter = new BufferChurn( probe, 4 * MB );
		probe.bytes = 2 * MB;
		churnCounter.note( 4 * MB ); // the first look: nothing to compare with
		probe.bytes = 8 * MB;
		churnCounter.note( 3 * MB ); // not an interval yet: no look
		expect( probe.collections ).toBe( 0 );
		churnCounter.note( 1 * MB ); // 6 MB more held than at the last look
		expect( probe.collections ).toBe( 1 );
		expect( probe.bytes ).toBe( 2 * MB );
	} );

	test( "does not collect when the thread's own collections freed what was noted", () => {
		const probe = fakeProbe();
		const churnCounter = new BufferChurn( probe, 4 * MB );
		// Never more than half an interval over the last look.
		for ( const held of [ 3, 5, 2, 4, 5, 1, 3 ] ) {
			probe.bytes = held * MB;
			churnCounter.note( 4 * MB );
		}
		expect( probe.collections ).toBe( 0 );
	} );

	test( 'growth of exactly half the interval is not enough; a byte more is', () => {
		const probe = fakeProbe();
		const churnCounter = new BufferChurn( probe, 4 * MB );
		churnCounter.note( 4 * MB );
		probe.bytes = 2 * MB;
		churnCounter.note( 4 * MB );
		expect( probe.collections ).toBe( 0 );
		probe.bytes = 4 * MB + 1;
		churnCounter.note( 4 * MB );
		expect( probe.collections ).toBe( 1 );
	} );

	test( 'the default interval is the measured 2 MB', () => {
		expect( CHURN_SCAVENGE_BYTES ).toBe( 2 * MB );
	} );
} );

describe( 'scavenge (the real V8 collection)', () => {
	test( 'frees the memory of Buffers that were dropped while young', async () => {
		const before = await cleanBaseline();
		await churn( 16, MB );
		// Below the amount at which V8 collects them by itself, so they are all still held.
		expect( arrayBufferBytes() - before ).toBeGreaterThanOrEqual( 15 * MB );
		scavenge();
		expect( ( await settled() ) - before ).toBeLessThan( 2 * MB );
	} );

	test( 'a loop that notes each chunk never holds more than about three intervals of dead chunks', async () => {
		const before = await cleanBaseline();
		let held = 0;
		await churn( 200, 256 * 1024, () => {
			bufferChurn.note( 256 * 1024 );
			held = Math.max( held, arrayBufferBytes() - before );
		} );
		// 50 MB went through. A look once per interval noted collects when half of it is still held. V8 frees what
		// a scavenge found a moment later, so the next look sees less and only the one after collects: two
		// intervals between collections, plus the chunks noted before the frees land (6 MB measured).
		expect( held ).toBeLessThanOrEqual( WITH_NOTES_BOUND );
	} );

	test( 'the same loop without the notes piles up more than twice as much (what the notes prevent)', async () => {
		const before = await cleanBaseline();
		let held = 0;
		await churn( 200, 256 * 1024, () => {
			held = Math.max( held, arrayBufferBytes() - before );
		} );
		expect( held ).toBeGreaterThan( 2 * WITH_NOTES_BOUND );
	} );
} );
