/**
 * Row actions of the Saved Backups list: offered only when the role holds the capability and the snapshot's
 * state allows the action.
 */
import { rowActions } from '../../plugin/admin-src/lib/row-actions';
import { can } from '../../plugin/admin-src/lib/capabilities';

const ALL = Object.fromEntries(
	[
		'list',
		'create',
		'delete',
		'pin',
		'unpin',
		'verify',
		'download',
		'restore',
		'upload',
		'schedule',
		'retention',
	].map( ( action ) => [ `syteops_backup_${ action }`, true ] )
);
// The default map's Editor: list, create, verify.
const EDITOR = {
	syteops_backup_list: true,
	syteops_backup_create: true,
	syteops_backup_verify: true,
	syteops_backup_delete: false,
	syteops_backup_restore: false,
};
const available = {
	status: 'available',
	pinned: false,
	scope: 'full',
	type: 'manual',
};

describe( 'rowActions', () => {
	it( 'offers an administrator every action on an available full backup', () => {
		expect( rowActions( available, ALL ) ).toEqual( [
			'restore',
			'download',
			'pin',
			'verify',
			'delete',
		] );
	} );

	it( 'offers an editor only Verify: no Restore, Download, Pin or Delete', () => {
		expect( rowActions( available, EDITOR ) ).toEqual( [ 'verify' ] );
	} );

	it( 'offers Unpin instead of Pin on a pinned backup, and still Delete (the server explains the refusal)', () => {
		expect( rowActions( { ...available, pinned: true }, ALL ) ).toEqual( [
			'restore',
			'download',
			'unpin',
			'verify',
			'delete',
		] );
	} );

	it( 'offers nothing on a snapshot being captured', () => {
		expect(
			rowActions( { ...available, status: 'capturing' }, ALL )
		).toEqual( [] );
	} );

	it( 'offers only Delete on a failed capture', () => {
		expect( rowActions( { ...available, status: 'failed' }, ALL ) ).toEqual(
			[ 'delete' ]
		);
	} );

	it( 'does not offer Restore for a scoped export (it is imported, not restored)', () => {
		expect(
			rowActions( { ...available, scope: 'user', type: 'export' }, ALL )
		).not.toContain( 'restore' );
	} );
} );

describe( 'can', () => {
	it( 'denies an action whose capability is missing or false', () => {
		expect( can( 'delete', { syteops_backup_delete: true } ) ).toBe( true );
		expect( can( 'delete', { syteops_backup_delete: false } ) ).toBe(
			false
		);
		expect( can( 'delete', {} ) ).toBe( false );
	} );
} );
