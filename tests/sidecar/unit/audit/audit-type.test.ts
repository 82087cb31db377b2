import { auditTypeOf } from '../../../../sidecar/src/audit/record';

describe( 'auditTypeOf (the filter an audit entry shows under)', () => {
	it( 'files exports, restores and imports by the action name', () => {
		expect( auditTypeOf( 'export.create', false ) ).toBe( 'exports' );
		expect( auditTypeOf( 'restore.start', false ) ).toBe( 'restores' );
		expect( auditTypeOf( 'restore.finish', false ) ).toBe( 'restores' );
		expect( auditTypeOf( 'import.start', false ) ).toBe( 'restores' );
		expect( auditTypeOf( 'import.finish', false ) ).toBe( 'restores' );
	} );

	it( 'files everything the scheduler does as automatic, whatever the action', () => {
		for ( const action of [
			'snapshot.create',
			'snapshot.sweep',
			'snapshot.unpin',
			'restore.start',
		] ) {
			expect( auditTypeOf( action, true ) ).toBe( 'automatic' );
		}
	} );

	it( 'files other writes of a user as other, even when "import" appears later in the name', () => {
		for ( const action of [
			'snapshot.create',
			'snapshot.delete',
			'snapshot.pin',
			'snapshot.upload',
			'schedule.edit',
			'retention.change',
			'license.recheck',
			'workflow_template.import',
		] ) {
			expect( auditTypeOf( action, false ) ).toBe( 'other' );
		}
	} );
} );
