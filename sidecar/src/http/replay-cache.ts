/**
 * Remembers request ids for as long as their timestamps could still pass the clock-skew check, so a captured
 * request cannot be sent twice. Bounded: entries expire, and the map never holds more than `maxEntries`.
 */
export class ReplayCache {
	private readonly seen = new Map< string, number >();

	constructor(
		private readonly ttlMs: number,
		private readonly maxEntries = 100_000
	) {}

	/**
	 * Records the id; false when it was already seen within the window.
	 * @param requestId
	 * @param nowMs
	 */
	remember( requestId: string, nowMs: number ): boolean {
		this.expire( nowMs );
		if ( this.seen.has( requestId ) ) {
			return false;
		}
		if ( this.seen.size >= this.maxEntries ) {
			const oldest = this.seen.keys().next().value;
			if ( oldest !== undefined ) {
				this.seen.delete( oldest );
			}
		}
		this.seen.set( requestId, nowMs + this.ttlMs );
		return true;
	}

	private expire( nowMs: number ): void {
		// Insertion order is expiry order (constant ttl), so stop at the first live entry.
		for ( const [ id, expiresAt ] of this.seen ) {
			if ( expiresAt > nowMs ) {
				break;
			}
			this.seen.delete( id );
		}
	}
}
