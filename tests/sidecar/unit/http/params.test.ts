/**
 * Parameter reading at the sidecar's HTTP edge: a bad value becomes syteops_invalid_param naming it.
 */
import type { Request } from 'express';

import { SyteOpsError } from '../../../../sidecar/src/errors';
import {
	boolParam,
	enumParam,
	idParam,
	input,
	intParam,
	stringParam,
	timeParam,
} from '../../../../sidecar/src/http/params';

function thrown( fn: () => unknown ): SyteOpsError {
	try {
		fn();
	} catch ( error ) {
		return error as SyteOpsError;
	}
	throw new Error( 'expected a SyteOpsError' );
}

function request( parts: Record< string, unknown > ): Request {
	return parts as unknown as Request;
}

describe( 'input', () => {
	it( 'merges the query string and the JSON body, the body winning', () => {
		expect(
			input( request( { query: { a: '1', b: '2' }, body: { b: 3 } } ) )
		).toEqual( { a: '1', b: 3 } );
	} );
} );

describe( 'idParam', () => {
	it( 'accepts 32 lowercase hex characters', () => {
		const id = '0123456789abcdef0123456789abcdef';
		expect(
			idParam(
				request( { params: { id } } ),
				'syteops_snapshot_not_found'
			)
		).toBe( id );
	} );

	it.each( [
		'ABCDEF0123456789ABCDEF0123456789',
		'../etc/passwd',
		'abc',
		'',
	] )( 'answers "not found" with the caller\'s code for %p', ( id ) => {
		const error = thrown( () =>
			idParam( request( { params: { id } } ), 'syteops_job_not_found' )
		);
		expect( error.code ).toBe( 'syteops_job_not_found' );
		expect( error.status ).toBe( 404 );
	} );
} );

describe( 'intParam', () => {
	it( 'reads numbers and numeric strings, and falls back when absent or empty', () => {
		expect( intParam( { page: '3' }, 'page', 1, 1, 10 ) ).toBe( 3 );
		expect( intParam( { page: 4 }, 'page', 1, 1, 10 ) ).toBe( 4 );
		expect( intParam( {}, 'page', 1, 1, 10 ) ).toBe( 1 );
		expect( intParam( { page: '' }, 'page', 1, 1, 10 ) ).toBe( 1 );
	} );

	it.each( [ '0', '11', '2.5', 'two', '1e3' ] )(
		'refuses %p for a range of 1 to 10, naming the parameter',
		( raw ) => {
			const error = thrown( () =>
				intParam( { page: raw }, 'page', 1, 1, 10 )
			);
			expect( error.code ).toBe( 'syteops_invalid_param' );
			expect( error.details.param ).toBe( 'page' );
		}
	);
} );

describe( 'enumParam, boolParam, stringParam, timeParam', () => {
	it( 'accepts a listed value and refuses another one', () => {
		expect(
			enumParam( { order: 'asc' }, 'order', [ 'asc', 'desc' ], 'desc' )
		).toBe( 'asc' );
		expect(
			thrown( () =>
				enumParam( { order: 'up' }, 'order', [ 'asc', 'desc' ], 'desc' )
			).details.param
		).toBe( 'order' );
	} );

	it( 'reads true/false, 1/0 and their string forms, and refuses anything else', () => {
		expect( boolParam( { c: 'true' }, 'c', false ) ).toBe( true );
		expect( boolParam( { c: 1 }, 'c', false ) ).toBe( true );
		expect( boolParam( { c: '0' }, 'c', true ) ).toBe( false );
		expect( boolParam( {}, 'c', true ) ).toBe( true );
		expect(
			thrown( () => boolParam( { c: 'yes' }, 'c', false ) ).details.param
		).toBe( 'c' );
	} );

	it( 'trims text and refuses text that is too long or not text', () => {
		expect( stringParam( { label: '  pre-launch ' }, 'label', 100 ) ).toBe(
			'pre-launch'
		);
		expect(
			thrown( () =>
				stringParam( { label: 'x'.repeat( 101 ) }, 'label', 100 )
			).details.param
		).toBe( 'label' );
		expect(
			thrown( () => stringParam( { label: [ 'a' ] }, 'label', 100 ) )
				.details.param
		).toBe( 'label' );
	} );

	it( 'reads ISO 8601 date-times (no zone means UTC) and refuses others', () => {
		expect(
			timeParam(
				{ after: '2026-05-21T14:30:00' },
				'after'
			)?.toISOString()
		).toBe( '2026-05-21T14:30:00.000Z' );
		expect(
			timeParam(
				{ after: '2026-05-21T16:30:00+02:00' },
				'after'
			)?.toISOString()
		).toBe( '2026-05-21T14:30:00.000Z' );
		expect(
			thrown( () => timeParam( { after: 'yesterday' }, 'after' ) ).details
				.param
		).toBe( 'after' );
	} );
} );
