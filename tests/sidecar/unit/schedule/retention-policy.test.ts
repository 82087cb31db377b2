/**
 * The sweep's safety promises, checked on random catalogs, plus the sentences and input checks the golden
 * files do not look at.
 */
import fc from 'fast-check';

import { SyteOpsError } from '../../../../sidecar/src/errors';
import { applyPolicy } from '../../../../sidecar/src/schedule/retention-policy';
import type {
	RetentionPolicy,
	RetentionSnapshot,
} from '../../../../sidecar/src/schedule/retention-types';

const NOW = new Date( '2026-05-21T12:00:00.000Z' );
const DAY = 24 * 60 * 60 * 1000;

const snapshotArb = fc.record( {
	takenDaysAgo: fc.integer( { min: 0, max: 60 } ),
	type: fc.constantFrom( 'manual', 'scheduled', 'uploaded', 'export' ),
	status: fc.constantFrom(
		'capturing',
		'available',
		'available',
		'restoring',
		'deleted',
		'failed'
	),
	untilDaysAgo: fc.option( fc.integer( { min: -30, max: 30 } ) ),
	pinned: fc.boolean(),
	pinExpiresDaysAgo: fc.option( fc.integer( { min: -10, max: 10 } ) ),
} );

const catalogArb = fc.array( snapshotArb, { maxLength: 12 } ).map( ( rows ) =>
	rows.map( ( row, index ): RetentionSnapshot => ( {
		id: `snap-${ String( index ).padStart( 2, '0' ) }`,
		taken_at: daysAgo( row.takenDaysAgo ),
		type: row.type,
		status: row.status,
		retention_until:
			row.untilDaysAgo === null ? null : daysAgo( row.untilDaysAgo ),
		pinned: row.pinned,
		pin_label: null,
		pin_expires_at:
			row.pinned && row.pinExpiresDaysAgo !== null
				? daysAgo( row.pinExpiresDaysAgo )
				: null,
	} ) )
);

const policyArb: fc.Arbitrary< RetentionPolicy > = fc.record( {
	keep_last: fc.option( fc.integer( { min: 0, max: 5 } ) ),
	retention_days: fc.option( fc.integer( { min: 0, max: 30 } ) ),
	max_snapshots: fc.option( fc.integer( { min: 0, max: 6 } ) ),
} );

function daysAgo( days: number ): string {
	return new Date( NOW.getTime() - days * DAY ).toISOString();
}

function pinStillActive( snapshot: RetentionSnapshot ): boolean {
	return (
		snapshot.pinned &&
		( snapshot.pin_expires_at === null ||
			Date.parse( snapshot.pin_expires_at ) > NOW.getTime() )
	);
}

describe( 'applyPolicy safety properties', () => {
	it( 'never removes a pinned, restoring or capturing snapshot', () => {
		fc.assert(
			fc.property( catalogArb, policyArb, ( catalog, policy ) => {
				const removed = new Set(
					applyPolicy( catalog, policy, NOW ).remove
				);
				return catalog
					.filter(
						( s ) =>
							pinStillActive( s ) ||
							s.status === 'restoring' ||
							s.status === 'capturing'
					)
					.every( ( s ) => ! removed.has( s.id ) );
			} ),
			{ numRuns: 300 }
		);
	} );

	it( 'always keeps one available snapshot when the catalog has one', () => {
		fc.assert(
			fc.property( catalogArb, policyArb, ( catalog, policy ) => {
				const kept = new Set(
					applyPolicy( catalog, policy, NOW ).keep
				);
				const available = catalog.filter(
					( s ) => s.status === 'available'
				);
				return (
					available.length === 0 ||
					available.some( ( s ) => kept.has( s.id ) )
				);
			} ),
			{ numRuns: 300 }
		);
	} );

	it( 'accounts for every row exactly once and never touches deleted or failed rows', () => {
		fc.assert(
			fc.property( catalogArb, policyArb, ( catalog, policy ) => {
				const result = applyPolicy( catalog, policy, NOW );
				const seen = [
					...result.keep,
					...result.remove,
					...result.ignored.map( ( i ) => i.id ),
				].sort();
				const ignoredOk = result.ignored.every( ( i ) =>
					catalog.some(
						( s ) =>
							s.id === i.id &&
							( s.status === 'deleted' || s.status === 'failed' )
					)
				);
				return (
					ignoredOk &&
					JSON.stringify( seen ) ===
						JSON.stringify( catalog.map( ( s ) => s.id ).sort() )
				);
			} ),
			{ numRuns: 300 }
		);
	} );

	it( 'gives the same answer whatever order the catalog rows arrive in', () => {
		fc.assert(
			fc.property(
				catalogArb.chain( ( catalog ) =>
					fc.tuple(
						fc.constant( catalog ),
						fc.shuffledSubarray( catalog, {
							minLength: catalog.length,
						} )
					)
				),
				policyArb,
				( [ catalog, shuffled ], policy ) => {
					const a = applyPolicy( catalog, policy, NOW );
					const b = applyPolicy( shuffled, policy, NOW );
					return (
						JSON.stringify( a.decisions ) ===
						JSON.stringify( b.decisions )
					);
				}
			),
			{ numRuns: 200 }
		);
	} );
} );

describe( 'applyPolicy decisions', () => {
	const pinned: RetentionSnapshot = {
		id: 'p',
		taken_at: '2026-01-01T00:00:00Z',
		type: 'manual',
		status: 'available',
		retention_until: null,
		pinned: true,
		pin_label: 'pre-launch',
		pin_expires_at: null,
	};
	const policy: RetentionPolicy = {
		keep_last: null,
		retention_days: 7,
		max_snapshots: null,
	};

	it( 'explains a pin with its label in a sentence', () => {
		const [ only ] = applyPolicy( [ pinned ], policy, NOW ).decisions;
		expect( only.message ).toBe(
			'Pinned ("pre-launch") with no expiry, so retention never removes it.'
		);
	} );

	it( 'names the deadline when a window elapsed', () => {
		const old = { ...pinned, id: 'old', pinned: false, pin_label: null };
		const fresh = { ...old, id: 'fresh', taken_at: '2026-05-20T00:00:00Z' };
		const decisions = applyPolicy( [ old, fresh ], policy, NOW ).decisions;
		expect( decisions[ 1 ] ).toEqual( {
			id: 'old',
			action: 'remove',
			reason: 'retention_elapsed',
			message:
				'Removed because its retention ended at 2026-01-08T00:00:00.000Z.',
		} );
	} );

	it( 'rejects a row whose timestamp cannot be read, naming the field', () => {
		const broken = { ...pinned, taken_at: 'yesterday' };
		expect( () => applyPolicy( [ broken ], policy, NOW ) ).toThrow(
			SyteOpsError
		);
		expect( () => applyPolicy( [ broken ], policy, NOW ) ).toThrow(
			/taken_at of snapshot p/
		);
	} );
} );
