import { FailureSignal } from '../../../../sidecar/src/archive/failure-signal';

/**
 * How many waits are registered: the leak the signal exists to prevent is this number only growing.
 * @param signal
 */
function waiting( signal: FailureSignal ): number {
	return ( signal as unknown as { waiters: Set< unknown > } ).waiters.size;
}

describe( 'FailureSignal', () => {
	it( 'resolves with the work’s value and leaves no listener behind (the Promise.race leak)', async () => {
		const signal = new FailureSignal();
		for ( let i = 0; i < 1000; i++ ) {
			await expect( signal.race( Promise.resolve( i ) ) ).resolves.toBe(
				i
			);
		}
		expect( waiting( signal ) ).toBe( 0 );
	} );

	it( 'passes on the work’s own rejection and removes its listener', async () => {
		const signal = new FailureSignal();
		await expect(
			signal.race( Promise.reject( new Error( 'disk full' ) ) )
		).rejects.toThrow( 'disk full' );
		expect( waiting( signal ) ).toBe( 0 );
	} );

	it( 'rejects every wait in progress with the first failure, and every later wait too', async () => {
		const signal = new FailureSignal();
		const never = new Promise< number >( () => {} );
		const pending = [ signal.race( never ), signal.race( never ) ];
		signal.fail( new Error( 'first' ) );
		signal.fail( new Error( 'second' ) );
		for ( const wait of pending ) {
			await expect( wait ).rejects.toThrow( 'first' );
		}
		await expect( signal.race( Promise.resolve( 1 ) ) ).rejects.toThrow(
			'first'
		);
		expect( waiting( signal ) ).toBe( 0 );
	} );
} );
