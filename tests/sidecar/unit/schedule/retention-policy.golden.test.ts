/**
 * Golden files for the retention sweep: each tests/sidecar/fixtures/retention/<case>.json holds the catalog rows,
 * the policy, the time and the expected keep/remove/unpin sets with one reason per decision.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import { applyPolicy } from '../../../../sidecar/src/schedule/retention-policy';
import type {
	IgnoredSnapshot,
	RetentionAction,
	RetentionPolicy,
	RetentionReason,
	RetentionSnapshot,
} from '../../../../sidecar/src/schedule/retention-types';

interface GoldenCase {
	description: string;
	snapshots: RetentionSnapshot[];
	policy: RetentionPolicy;
	now: string;
	expected: {
		keep: string[];
		remove: string[];
		unpin: string[];
		ignored: IgnoredSnapshot[];
		decisions: Array< {
			id: string;
			action: RetentionAction;
			reason: RetentionReason;
		} >;
	};
}

const FIXTURES = join( __dirname, '../../fixtures/retention' );
const caseNames = readdirSync( FIXTURES )
	.filter( ( file ) => file.endsWith( '.json' ) )
	.map( ( file ) => file.replace( /\.json$/, '' ) )
	.sort();

function loadCase( name: string ): GoldenCase {
	return JSON.parse(
		readFileSync( join( FIXTURES, `${ name }.json` ), 'utf8' )
	) as GoldenCase;
}

describe( 'retention policy golden files', () => {
	it( 'covers every rule the sweep has', () => {
		expect( caseNames ).toEqual(
			expect.arrayContaining( [
				'pins-without-expiry',
				'expiring-pins',
				'expired-pins',
				'count-caps',
				'keep-n-scheduled',
				'windows',
				'restore-in-progress',
				'last-available',
				'mixed-types',
				'ties-on-taken-at',
			] )
		);
	} );

	it.each( caseNames )( '%s', ( name ) => {
		const golden = loadCase( name );
		const result = applyPolicy(
			golden.snapshots,
			golden.policy,
			new Date( golden.now )
		);
		expect( {
			keep: result.keep,
			remove: result.remove,
			unpin: result.unpin,
			ignored: result.ignored,
			decisions: result.decisions.map( ( { id, action, reason } ) => ( {
				id,
				action,
				reason,
			} ) ),
		} ).toEqual( golden.expected );
	} );
} );
