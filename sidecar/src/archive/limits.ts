/**
 * Limits the reader enforces before it trusts an archive (documented in docs/archive-format.md).
 * Callers may tighten or loosen any of them; the defaults fit a large WordPress site.
 */
export interface ArchiveLimits {
	/** Most entries in one archive (uploads folders of big sites hold a few hundred thousand files). */
	maxEntries: number;
	/** Most bytes all entries may unpack to. */
	maxTotalBytes: number;
	/** Most one entry may expand (uncompressed / compressed) once it is bigger than ratioFloorBytes. */
	maxEntryRatio: number;
	/** Most the whole archive may expand, once it unpacks to more than ratioFloorBytes. */
	maxTotalRatio: number;
	/** Entries smaller than this are not ratio-checked: tiny, very repetitive files are harmless. */
	ratioFloorBytes: number;
	/** Largest manifest.json read into memory. */
	maxManifestBytes: number;
	/** Longest single row line in a db/*.rows.ndjson entry. */
	maxRowLineBytes: number;
}

export const DEFAULT_LIMITS: Readonly< ArchiveLimits > = Object.freeze( {
	maxEntries: 500_000,
	maxTotalBytes: 200 * 1024 ** 3,
	maxEntryRatio: 200,
	maxTotalRatio: 100,
	ratioFloorBytes: 1024 * 1024,
	maxManifestBytes: 256 * 1024 * 1024,
	maxRowLineBytes: 64 * 1024 * 1024,
} );

export function withDefaults(
	limits: Partial< ArchiveLimits > = {}
): ArchiveLimits {
	return { ...DEFAULT_LIMITS, ...limits };
}
