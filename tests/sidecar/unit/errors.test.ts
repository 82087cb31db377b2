import {
	ERRORS,
	SyteOpsError,
	formatMessage,
} from '../../../sidecar/src/errors';

describe( 'error catalogue', () => {
	it( 'renders a catalogued error in the WordPress REST error shape with its status', () => {
		const error = new SyteOpsError( 'syteops_snapshot_not_found', {
			id: 'abc',
		} );
		expect( error.toRestBody() ).toEqual( {
			code: 'syteops_snapshot_not_found',
			message: 'There is no snapshot with id abc.',
			data: { status: 404, details: { id: 'abc' } },
		} );
	} );

	it( 'leaves a placeholder visible when its detail is missing instead of printing "undefined"', () => {
		expect( formatMessage( 'Invalid {param}', {} ) ).toBe(
			'Invalid {param}'
		);
	} );

	it( 'gives every catalogue entry an HTTP error status and a message', () => {
		for ( const [ code, entry ] of Object.entries( ERRORS ) ) {
			expect( code ).toMatch( /^syteops_[a-z_]+$/ );
			expect( entry.status ).toBeGreaterThanOrEqual( 400 );
			expect( entry.message.length ).toBeGreaterThan( 10 );
		}
	} );
} );
