/**
 * The shapes the retention sweep reads and returns. A snapshot here is the subset of a catalog row the policy
 * needs (the catalog keeps more: size, manifest, archive name); timestamps are ISO 8601 UTC strings as stored.
 */

export type SnapshotType = 'manual' | 'scheduled' | 'uploaded' | 'export';

export type SnapshotStatus =
	'capturing' | 'available' | 'restoring' | 'deleted' | 'failed';

export interface RetentionSnapshot {
	id: string;
	taken_at: string;
	type: SnapshotType;
	status: SnapshotStatus;
	/** Per-snapshot deadline; when set it wins over the policy window (e.g. a 30-day pre-restore snapshot). */
	retention_until: string | null;
	pinned: boolean;
	pin_label: string | null;
	pin_expires_at: string | null;
}

/** Every rule is optional: `null` switches it off. All three are caps, so the strictest one decides. */
export interface RetentionPolicy {
	/**
	 * Keep at most the N most recent scheduled snapshots. Manual, uploaded and export snapshots are not counted,
	 * nor are pinned or restoring ones: they sit outside the rotation and are kept anyway.
	 */
	keep_last: number | null;
	/** Window measured from taken_at, for snapshots without their own retention_until. */
	retention_days: number | null;
	/** Cap on restorable snapshots (available or restoring) of every type; the oldest unprotected go first. */
	max_snapshots: number | null;
}

export type RetentionAction = 'keep' | 'remove' | 'unpin';

/** Stable machine-readable reasons; the admin and the audit log key on these, so never rename one. */
export type RetentionReason =
	| 'pin_expired'
	| 'pinned'
	| 'restoring'
	| 'capturing'
	| 'last_available'
	| 'within_retention'
	| 'no_retention_limit'
	| 'beyond_keep_last'
	| 'retention_elapsed'
	| 'over_max_snapshots';

export interface RetentionDecision {
	id: string;
	action: RetentionAction;
	reason: RetentionReason;
	/** A human sentence for the admin and the audit log. */
	message: string;
}

/** A deleted or failed row: not a candidate, reported so every input id is accounted for. */
export interface IgnoredSnapshot {
	id: string;
	status: 'deleted' | 'failed';
}

export interface RetentionResult {
	/** Ids to keep, newest first. */
	keep: string[];
	/** Ids whose archive the sweep deletes (the catalog row becomes `deleted`), newest first. */
	remove: string[];
	/** Ids whose pin expired: the sweep clears pinned/pin_expires_at before acting on keep/remove. */
	unpin: string[];
	/** One unpin decision (when the pin expired) and then one keep/remove decision per candidate, newest first. */
	decisions: RetentionDecision[];
	ignored: IgnoredSnapshot[];
}
