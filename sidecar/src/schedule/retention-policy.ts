/**
 * The retention sweep as a pure function: given the catalog rows, the policy and the time, decide what to keep,
 * what to remove and which pins have expired. No I/O; the sweep job applies the result.
 *
 * Order of reasoning, per candidate (status capturing, available or restoring), newest first:
 * 1. an expired pin un-pins itself (an `unpin` decision) and the snapshot is then judged like any other;
 * 2. protected and always kept: pinned, restoring, capturing;
 * 3. a scheduled snapshot older than the `keep_last` most recent scheduled ones is removed;
 * 4. a snapshot whose deadline (retention_until, else taken_at + retention_days) has passed is removed;
 * 5. while more than `max_snapshots` restorable snapshots remain, the oldest unprotected one is removed;
 * 6. if no `available` snapshot would remain, the newest available one is kept after all (a full restore
 *    point, manual/scheduled/uploaded, is preferred over a scoped export).
 * Ties on taken_at are broken by id (the greater id counts as newer) so the result never depends on input order.
 */
import { SyteOpsError } from '../errors';
import { describeReason } from './retention-reasons';
import type {
	IgnoredSnapshot,
	RetentionDecision,
	RetentionPolicy,
	RetentionReason,
	RetentionResult,
	RetentionSnapshot,
} from './retention-types';

const DAY_MS = 24 * 60 * 60 * 1000;
const PROTECTED_REASONS: ReadonlySet< RetentionReason > = new Set( [
	'pinned',
	'restoring',
	'capturing',
] );
const FULL_RESTORE_TYPES = new Set( [ 'manual', 'scheduled', 'uploaded' ] );

interface Verdict {
	action: 'keep' | 'remove';
	reason: RetentionReason;
	at?: number;
}

interface Candidate {
	snapshot: RetentionSnapshot;
	takenMs: number;
	pinExpiredAt: number | null;
	verdict: Verdict;
}

export function applyPolicy(
	snapshots: readonly RetentionSnapshot[],
	policy: RetentionPolicy,
	now: Date
): RetentionResult {
	const nowMs = now.getTime();
	const ignored: IgnoredSnapshot[] = [];
	const candidates: Candidate[] = [];
	for ( const snapshot of snapshots ) {
		if ( snapshot.status === 'deleted' || snapshot.status === 'failed' ) {
			ignored.push( { id: snapshot.id, status: snapshot.status } );
		} else {
			candidates.push( toCandidate( snapshot, nowMs ) );
		}
	}
	candidates.sort( newestFirst );
	judgeEach( candidates, policy, nowMs );
	enforceMaxSnapshots( candidates, policy.max_snapshots );
	keepLastAvailable( candidates );
	return buildResult( candidates, policy, ignored );
}

function toCandidate( snapshot: RetentionSnapshot, nowMs: number ): Candidate {
	const pinExpiresMs =
		snapshot.pinned && snapshot.pin_expires_at !== null
			? parseTime(
					snapshot.pin_expires_at,
					snapshot.id,
					'pin_expires_at'
				)
			: null;
	const pinExpiredAt =
		pinExpiresMs !== null && pinExpiresMs <= nowMs ? pinExpiresMs : null;
	return {
		snapshot,
		takenMs: parseTime( snapshot.taken_at, snapshot.id, 'taken_at' ),
		pinExpiredAt,
		verdict: { action: 'keep', reason: 'no_retention_limit' },
	};
}

function newestFirst( a: Candidate, b: Candidate ): number {
	if ( a.takenMs !== b.takenMs ) {
		return b.takenMs - a.takenMs;
	}
	if ( a.snapshot.id === b.snapshot.id ) {
		return 0;
	}
	return a.snapshot.id < b.snapshot.id ? 1 : -1;
}

// Steps 2-4: the per-snapshot rules, in the order a human would explain them.
function judgeEach(
	candidates: Candidate[],
	policy: RetentionPolicy,
	nowMs: number
): void {
	let scheduledSeen = 0;
	for ( const candidate of candidates ) {
		const { snapshot } = candidate;
		const stillPinned = snapshot.pinned && candidate.pinExpiredAt === null;
		if ( stillPinned || snapshot.status !== 'available' ) {
			candidate.verdict = {
				action: 'keep',
				reason: protectedReason( candidate ),
			};
			continue;
		}
		if ( snapshot.type === 'scheduled' ) {
			scheduledSeen++;
			if (
				policy.keep_last !== null &&
				scheduledSeen > policy.keep_last
			) {
				candidate.verdict = {
					action: 'remove',
					reason: 'beyond_keep_last',
				};
				continue;
			}
		}
		candidate.verdict = judgeDeadline( candidate, policy, nowMs );
	}
}

function protectedReason( candidate: Candidate ): RetentionReason {
	if ( candidate.snapshot.pinned && candidate.pinExpiredAt === null ) {
		return 'pinned';
	}
	return candidate.snapshot.status === 'restoring'
		? 'restoring'
		: 'capturing';
}

function judgeDeadline(
	candidate: Candidate,
	policy: RetentionPolicy,
	nowMs: number
): Verdict {
	const { snapshot } = candidate;
	let deadline: number | null = null;
	if ( snapshot.retention_until !== null ) {
		deadline = parseTime(
			snapshot.retention_until,
			snapshot.id,
			'retention_until'
		);
	} else if ( policy.retention_days !== null ) {
		deadline = candidate.takenMs + policy.retention_days * DAY_MS;
	}
	if ( deadline === null ) {
		return { action: 'keep', reason: 'no_retention_limit' };
	}
	return deadline <= nowMs
		? { action: 'remove', reason: 'retention_elapsed', at: deadline }
		: { action: 'keep', reason: 'within_retention', at: deadline };
}

// Step 5: protected snapshots count toward the cap but are never the ones removed.
function enforceMaxSnapshots(
	candidates: Candidate[],
	maxSnapshots: number | null
): void {
	if ( maxSnapshots === null ) {
		return;
	}
	const restorableKept = candidates.filter(
		( c ) =>
			c.verdict.action === 'keep' && c.snapshot.status !== 'capturing'
	);
	let excess = restorableKept.length - maxSnapshots;
	for ( let i = restorableKept.length - 1; i >= 0 && excess > 0; i-- ) {
		const candidate = restorableKept[ i ];
		if ( ! PROTECTED_REASONS.has( candidate.verdict.reason ) ) {
			candidate.verdict = {
				action: 'remove',
				reason: 'over_max_snapshots',
			};
			excess--;
		}
	}
}

// Step 6: the site must always keep one snapshot it can restore from.
function keepLastAvailable( candidates: Candidate[] ): void {
	const available = candidates.filter(
		( c ) => c.snapshot.status === 'available'
	);
	if (
		available.length === 0 ||
		available.some( ( c ) => c.verdict.action === 'keep' )
	) {
		return;
	}
	const fallback =
		available.find( ( c ) => FULL_RESTORE_TYPES.has( c.snapshot.type ) ) ??
		available[ 0 ];
	fallback.verdict = { action: 'keep', reason: 'last_available' };
}

function buildResult(
	candidates: Candidate[],
	policy: RetentionPolicy,
	ignored: IgnoredSnapshot[]
): RetentionResult {
	const result: RetentionResult = {
		keep: [],
		remove: [],
		unpin: [],
		decisions: [],
		ignored,
	};
	for ( const candidate of candidates ) {
		const { snapshot, verdict, pinExpiredAt } = candidate;
		if ( pinExpiredAt !== null ) {
			result.unpin.push( snapshot.id );
			result.decisions.push(
				decision(
					snapshot,
					'unpin',
					'pin_expired',
					policy,
					pinExpiredAt
				)
			);
		}
		result[ verdict.action ].push( snapshot.id );
		result.decisions.push(
			decision(
				snapshot,
				verdict.action,
				verdict.reason,
				policy,
				verdict.at
			)
		);
	}
	return result;
}

function decision(
	snapshot: RetentionSnapshot,
	action: RetentionDecision[ 'action' ],
	reason: RetentionReason,
	policy: RetentionPolicy,
	at?: number
): RetentionDecision {
	const message = describeReason( reason, { snapshot, policy, at } );
	return { id: snapshot.id, action, reason, message };
}

function parseTime( value: string, id: string, field: string ): number {
	const ms = Date.parse( value );
	if ( Number.isNaN( ms ) ) {
		throw new SyteOpsError( 'syteops_invalid_param', {
			param: `${ field } of snapshot ${ id }`,
			reason: `"${ value }" is not an ISO 8601 timestamp.`,
		} );
	}
	return ms;
}
