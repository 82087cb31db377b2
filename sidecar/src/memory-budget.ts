/**
 * Keeps the V8 heap close to what is live. By default V8 lets the heap grow up to 4× its live size between
 * full collections when allocation is fast, and backups and restores allocate fast (rows, chunks,
 * digests): on the full-size bench site a backup peaked at 317 MB RSS with about 70 MB live, a restore (which
 * runs its pre-restore backup at the same time) at 394 MB. Measured restore peaks and wall times by growing
 * factor: 1.5 → 248 MB, 110 s; 1.4 → 249 MB, 113 s; 1.3 → 234 MB, 117 s; 1.2 → 226 MB, 132 s (one run
 * each, ±5 s of noise). 1.3 keeps a margin under 256 MB for little time. A soft bound, not a cap: unlike
 * --max-old-space-size, a site with ten times the files still gets the heap it needs.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 30;

export function applyMemoryBudget(): void {
	setFlagsFromString( `--heap-growing-percent=${ HEAP_GROWING_PERCENT }` );
}
