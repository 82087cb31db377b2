import type { Manifest } from '../../../../sidecar/src/archive/manifest';
import {
	MISSING_CODE,
	planRescan,
	type ArchiveOnDisk,
} from '../../../../sidecar/src/cli/rescan-plan';
import type { SnapshotRow } from '../../../../sidecar/src/repository/catalog';

const NAME_A = `${ 'a'.repeat( 32 ) }.zip`;
const NAME_B = `${ 'b'.repeat( 32 ) }.zip`;
const NAME_C = `${ 'c'.repeat( 32 ) }.zip`;

function manifest( type: Manifest[ 'type' ], scope: Manifest[ 'scope' ] ) {
	return {
		type,
		scope,
		created_at: '2026-01-02T03:04:05.000Z',
	} as Manifest;
}

function archive(
	name: string,
	m: Manifest | null = manifest( 'full', { kind: 'full' } )
): ArchiveOnDisk {
	return m
		? { name, size: 10, manifest: m }
		: {
				name,
				size: 10,
				manifest: null,
				error: {
					code: 'syteops_archive_manifest_missing',
					message: 'no manifest',
				},
			};
}

function row( fields: Partial< SnapshotRow > ): SnapshotRow {
	return {
		id: 'r'.repeat( 32 ),
		status: 'available',
		archive_name: '',
		error_code: null,
		type: 'manual',
		...fields,
	} as SnapshotRow;
}

describe( 'planRescan', () => {
	it( 'adds an available row for each readable archive no row names, typed from the manifest', () => {
		const plan = planRescan(
			[
				archive( NAME_A ),
				archive(
					NAME_B,
					manifest( 'export', { kind: 'tab', name: 'crm' } )
				),
				archive( NAME_C, manifest( 'pre-restore', { kind: 'full' } ) ),
			],
			[]
		);
		expect(
			plan.add.map( ( a ) => [
				a.name,
				a.type,
				a.scope,
				a.takenAt.toISOString(),
			] )
		).toEqual( [
			[ NAME_A, 'manual', 'full', '2026-01-02T03:04:05.000Z' ],
			[ NAME_B, 'export', 'tab:crm', '2026-01-02T03:04:05.000Z' ],
			[ NAME_C, 'manual', 'full', '2026-01-02T03:04:05.000Z' ],
		] );
		expect( plan.add[ 0 ].label ).toBe( 'rescanned full 2026-01-02T03:04' );
	} );

	it( 'leaves archives a row already names alone, whatever that row says', () => {
		const plan = planRescan(
			[ archive( NAME_A ), archive( NAME_B ) ],
			[
				row( { archive_name: NAME_A, type: 'scheduled' } ),
				row( {
					archive_name: NAME_B,
					status: 'failed',
					error_code: 'x',
				} ),
			]
		);
		expect( plan ).toEqual( {
			add: [],
			missing: [],
			returned: [],
			unreadable: [],
			known: 2,
		} );
	} );

	it( 'marks available rows whose file is gone as missing, and only those', () => {
		const gone = row( { id: '1'.repeat( 32 ), archive_name: NAME_A } );
		const failedGone = row( {
			id: '2'.repeat( 32 ),
			archive_name: NAME_B,
			status: 'failed',
		} );
		const deleted = row( { id: '3'.repeat( 32 ), status: 'deleted' } );
		const plan = planRescan( [], [ gone, failedGone, deleted ] );
		expect( plan.missing ).toEqual( [ gone ] );
	} );

	it( 'brings a row failed for a missing file back when the file is there again', () => {
		const back = row( {
			archive_name: NAME_A,
			status: 'failed',
			error_code: MISSING_CODE,
		} );
		const plan = planRescan( [ archive( NAME_A ) ], [ back ] );
		expect( plan.returned.map( ( r ) => r.row ) ).toEqual( [ back ] );
		expect( plan.returned[ 0 ].archive.name ).toBe( NAME_A );
		expect( plan.known ).toBe( 1 );
	} );

	it( 'reports unreadable archives without cataloguing them', () => {
		const plan = planRescan( [ archive( NAME_A, null ) ], [] );
		expect( plan.add ).toEqual( [] );
		expect( plan.unreadable ).toEqual( [
			{
				name: NAME_A,
				code: 'syteops_archive_manifest_missing',
				message: 'no manifest',
			},
		] );
	} );
} );
