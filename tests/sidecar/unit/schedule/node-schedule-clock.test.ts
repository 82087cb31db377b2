import { nodeScheduleClock } from '../../../../sidecar/src/schedule/clock';

describe( 'nodeScheduleClock (the production wiring)', () => {
	it( 'fires a timer set a few milliseconds ahead', async () => {
		const fired = await new Promise< number >( ( resolve ) => {
			const due = Date.now() + 30;
			nodeScheduleClock.at( new Date( due ), () =>
				resolve( Date.now() - due )
			);
		} );
		expect( fired ).toBeGreaterThanOrEqual( -5 );
	} );

	it( 'fires a timer whose time has already passed right away', async () => {
		await expect(
			new Promise< string >( ( resolve ) => {
				nodeScheduleClock.at( new Date( Date.now() - 60000 ), () =>
					resolve( 'fired' )
				);
			} )
		).resolves.toBe( 'fired' );
	} );

	it( 'does not fire a cancelled timer', async () => {
		let fired = false;
		const handle = nodeScheduleClock.at(
			new Date( Date.now() + 20 ),
			() => {
				fired = true;
			}
		);
		handle.cancel();
		await new Promise( ( resolve ) => setTimeout( resolve, 60 ) );
		expect( fired ).toBe( false );
	} );
} );
