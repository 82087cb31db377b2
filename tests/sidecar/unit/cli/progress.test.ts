import { PassThrough } from 'node:stream';

import {
	renderProgress,
	terminalProgress,
} from '../../../../sidecar/src/cli/progress';

describe( 'renderProgress', () => {
	it( 'fills the bar in proportion and shows percent and counts', () => {
		expect( renderProgress( 'database', 1234, 4936, 8 ) ).toBe(
			'database           [##......]  25%  1,234/4,936'
		);
		expect( renderProgress( 'files', 10, 10, 4 ) ).toBe(
			'files              [####] 100%  10/10'
		);
	} );

	it( 'clamps counts beyond the total and draws the phase alone without a total', () => {
		expect( renderProgress( 'x', 12, 10, 2 ) ).toBe(
			'x                  [##] 100%  10/10'
		);
		expect( renderProgress( 'verifying', 0, 0 ) ).toBe( 'verifying…' );
	} );
} );

describe( 'terminalProgress', () => {
	function capture() {
		const stream = new PassThrough();
		const chunks: string[] = [];
		stream.on( 'data', ( c: Buffer ) => chunks.push( c.toString() ) );
		return { stream, chunks };
	}

	it( 'redraws at most every 100 ms but always draws completion, then clears the line', () => {
		const { stream, chunks } = capture();
		let clock = 1000;
		const bar = terminalProgress( stream, () => clock );
		bar.update( 'db', 1, 10 );
		clock += 50;
		bar.update( 'db', 2, 10 );
		bar.update( 'db', 10, 10 );
		bar.finish();
		bar.finish();
		expect( chunks ).toHaveLength( 3 );
		expect( chunks[ 0 ] ).toMatch( /^\rdb .*1\/10\x1b\[K$/ );
		expect( chunks[ 1 ] ).toMatch( /10\/10/ );
		expect( chunks[ 2 ] ).toBe( '\r\x1b[K' );
	} );

	it( 'writes nothing on finish when nothing was drawn', () => {
		const { stream, chunks } = capture();
		terminalProgress( stream ).finish();
		expect( chunks ).toEqual( [] );
	} );
} );
