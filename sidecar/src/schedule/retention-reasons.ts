/**
 * The human sentence for each retention reason. Kept apart from the policy so wording can change without
 * touching the rules; the machine-readable reason codes are what callers and tests key on.
 */
import type {
	RetentionPolicy,
	RetentionReason,
	RetentionSnapshot,
} from './retention-types';

export interface ReasonFacts {
	snapshot: RetentionSnapshot;
	policy: RetentionPolicy;
	/** The instant the reason refers to (deadline or pin expiry), in ms since the epoch. */
	at?: number;
}

type Describer = ( facts: ReasonFacts ) => string;

const DESCRIBERS: Record< RetentionReason, Describer > = {
	pin_expired: ( { at } ) =>
		`The pin expired at ${ iso(
			at
		) }, so the snapshot is unpinned and returns to its normal retention.`,
	pinned: ( { snapshot } ) => describePin( snapshot ),
	restoring: () =>
		'A restore from this snapshot is in progress, so it is kept.',
	capturing: () => 'This snapshot is still being captured, so it is kept.',
	last_available: () =>
		'Kept because it is the last available snapshot the site could restore from.',
	within_retention: ( { at } ) =>
		`Kept until ${ iso( at ) } by its retention window.`,
	no_retention_limit: () =>
		'Kept because no retention window or date applies to it.',
	beyond_keep_last: ( { policy } ) =>
		`Removed because it is older than the ${ policy.keep_last } most recent scheduled backups.`,
	retention_elapsed: ( { at } ) =>
		`Removed because its retention ended at ${ iso( at ) }.`,
	over_max_snapshots: ( { policy } ) =>
		`Removed because the site keeps at most ${ policy.max_snapshots } snapshots and this is one of the oldest.`,
};

export function describeReason(
	reason: RetentionReason,
	facts: ReasonFacts
): string {
	return DESCRIBERS[ reason ]( facts );
}

function describePin( snapshot: RetentionSnapshot ): string {
	const label = snapshot.pin_label ? ` ("${ snapshot.pin_label }")` : '';
	const until = snapshot.pin_expires_at
		? `until ${ snapshot.pin_expires_at }`
		: 'with no expiry';
	return `Pinned${ label } ${ until }, so retention never removes it.`;
}

function iso( ms: number | undefined ): string {
	return ms === undefined ? 'an unknown time' : new Date( ms ).toISOString();
}
