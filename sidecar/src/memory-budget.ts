/**
 * Keeps the V8 heap close to what is live. By default V8 lets the heap grow up to 4× its live size between
 * full collections when allocation is fast, and backups and restores allocate fast (rows, chunks,
 * digests): on the full-size bench site a backup peaked at 317 MB RSS with about 70 MB live, a restore (which
 * runs its pre-restore backup at the same time) at 394 MB. Measured restore peaks and wall times by growing
 * factor: 1.5 → 248 MB, 110 s; 1.4 → 249 MB, 113 s; 1.3 → 234 MB, 117 s; 1.2 → 226 MB, 132 s (one run
 * each, ±5 s of noise). 1.3 keeps a margin under 256 MB for little time. A soft bound, not a cap: unlike
 * --max-old-space-size, a site with ten times the files still gets the heap it needs.
 *
 * Two more settings bound what lies outside the old generation, and both must be given when a process
 * starts, so the launcher (sidecar/bin/syteops-backup) passes them:
 *   - the young generation: V8 lets each isolate's grow to three 16 MB semi-spaces, and a restore runs two
 *     isolates (this thread and the load worker), verify two as well; `--max-semi-space-size` sets the main
 *     thread's, and every worker gets the same bound through WORKER_RESOURCE_LIMITS;
 *   - glibc's malloc arenas (`MALLOC_ARENA_MAX`): by default up to eight per core, one per thread that
 *     allocates (libuv's pool inflating and reading, the workers, V8's helpers), each keeping what it freed.
 * A full-size restore on the bench site (one run each, 2-core AMD EPYC): as before 274–280 MB peak RSS in
 * 64.5–65.0 s; arenas at 2: 257 MB, 65.5 s; semi-space 4 MB: 228 MB, 68.5 s; both, semi-space 8 MB: 207 MB,
 * 66.7 s; both, semi-space 4 MB: 194 MB, 67.6 s. Verify 288 → 220 MB, preview 147 → 129 MB. One arena
 * instead of two (runs alternated, full size, 2026-12-07): verify 196-205 against 209-219 MB, restore 177-182
 * against 182-199 MB, cross-site restore 202-209 against 212-216 MB, backup 134 against 132-137 MB, with wall
 * times within the runs' spread (docs/performance.md, fifteenth round). What lies outside both, the Buffers a
 * streaming thread has dropped but V8 has not yet collected, is bounded by buffer-churn.ts.
 *
 * The growing factor and the young generation act together. V8 starts marking the old generation as soon as
 * the room left under its limit is smaller than the young generation's capacity (what one scavenge may
 * promote). With 1.3 and 8 MB semi-spaces, a restore's main thread (about 30 MB live) had 9 MB of room, so a
 * full marking started after every 1-3 MB promoted: 341 mark-compacts in one restore (the load worker 255),
 * each freeing under a megabyte, and V8's helper threads spent 22-25 s of CPU marking (--trace-gc-nvp: 45 s
 * of background marking on the main thread's heap). With 1.6 and 4 MB semi-spaces marking starts after about
 * 14 MB: the helpers' CPU fell to 16-17 s and peak RSS did not grow (full-size restores, semi-space 8 and
 * 1.3 against 4 and 1.6, runs alternated: 233-234 MB against 223-227 MB; user+sys CPU 106-114 s against
 * 96-110 s, within this VM's spread). 1.6 with 8 MB semi-spaces gave 240 MB, 2.0 with 4 MB 252-257 MB.
 */
import { setFlagsFromString } from 'node:v8';
import type { ResourceLimits } from 'node:worker_threads';

export const HEAP_GROWING_PERCENT = 60;

/** The semi-space the launcher gives the main thread (`--max-semi-space-size`, in MB). */
export const SEMI_SPACE_MB = 4;

/**
 * Every worker thread's heap bounds: V8's young generation is two semi-spaces plus a new large-object space
 * of the same size, so this is the main thread's semi-space bound.
 */
export const WORKER_RESOURCE_LIMITS: ResourceLimits = {
	maxYoungGenerationSizeMb: 3 * SEMI_SPACE_MB,
};

/**
 * Runs a full collection of this thread's heap now, when the launcher exposed V8's collector (`--expose-gc`;
 * elsewhere, as under jest, it does nothing). For the one moment a thread knows it has finished a large
 * piece of work and will allocate little for a while: V8 collects only as a thread allocates, so the
 * garbage that work left and the heap pages it grew stay resident until then. In a restore, the main
 * thread finishes the pre-restore snapshot and the extraction and then waits for the load worker (the last
 * 8-14 s of a full-size cross-site restore, where its peak was); a collection there took the main thread's
 * heap from 29-32 to 12-15 MB used and its external memory from 19 to 4-7 MB, and the process's RSS from
 * 172-176 to 147-159 MB for the rest of the load. It pauses the thread for tens of milliseconds.
 */
export function collectGarbageNow(): void {
	( globalThis as { gc?: () => void } ).gc?.();
}

export function applyMemoryBudget(): void {
	setFlagsFromString( `--heap-growing-percent=${ HEAP_GROWING_PERCENT }` );
}
