/**
 * The cross-site import gate's decision and its settings input (pure).
 */
import {
	gateFromInput,
	importGateDecision,
} from '../../../../sidecar/src/engine/import-gate';
import { SyteOpsError } from '../../../../sidecar/src/errors';

const own = 'a'.repeat( 32 );
const friend = 'b'.repeat( 32 );
const stranger = 'c'.repeat( 32 );

describe( 'importGateDecision', () => {
	it( 'lets every archive in while the gate is disabled, even one from a site not on the list', () => {
		expect(
			importGateDecision(
				{ enabled: false, allowed_site_ids: [ friend ] },
				stranger,
				own
			)
		).toEqual( { allowed: true, reason: 'gate_disabled' } );
	} );

	it( 'refuses an archive from a site that is not on the allowlist when enabled', () => {
		expect(
			importGateDecision(
				{ enabled: true, allowed_site_ids: [ friend ] },
				stranger,
				own
			)
		).toEqual( { allowed: false, reason: 'not_allowlisted' } );
	} );

	it( 'accepts an allowlisted site and this site itself when enabled', () => {
		const gate = { enabled: true, allowed_site_ids: [ friend ] };
		expect( importGateDecision( gate, friend, own ) ).toEqual( {
			allowed: true,
			reason: 'allowlisted',
		} );
		expect(
			importGateDecision(
				{ enabled: true, allowed_site_ids: [] },
				own,
				own
			)
		).toEqual( { allowed: true, reason: 'same_site' } );
	} );
} );

describe( 'gateFromInput', () => {
	const current = { enabled: false, allowed_site_ids: [ friend ] };

	it( 'changes only the fields given and drops duplicate ids', () => {
		expect( gateFromInput( { enabled: true }, current ) ).toEqual( {
			enabled: true,
			allowed_site_ids: [ friend ],
		} );
		expect(
			gateFromInput(
				{ allowed_source_site_ids: [ stranger, stranger ] },
				current
			)
		).toEqual( { enabled: false, allowed_site_ids: [ stranger ] } );
	} );

	it.each( [
		[ 'enabled', { enabled: 'yes' } ],
		[ 'allowed_source_site_ids', { allowed_source_site_ids: 'x' } ],
		[ 'allowed_source_site_ids', { allowed_source_site_ids: [ 'ABC' ] } ],
		[
			'allowed_source_site_ids',
			{
				allowed_source_site_ids: Array.from(
					{ length: 101 },
					( _, i ) => i.toString( 16 ).padStart( 32, '0' )
				),
			},
		],
	] )( 'refuses a bad %s by name', ( param, body ) => {
		let caught: unknown;
		try {
			gateFromInput( body, current );
		} catch ( error ) {
			caught = error;
		}
		expect( caught ).toBeInstanceOf( SyteOpsError );
		expect( ( caught as SyteOpsError ).code ).toBe(
			'syteops_invalid_param'
		);
		expect( ( caught as SyteOpsError ).details.param ).toBe( param );
	} );
} );
