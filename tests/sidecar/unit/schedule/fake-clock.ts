/**
 * A clock the test moves by hand: timers fire in time order as `advanceTo` passes them, with `now()` set to each
 * timer's moment while it fires (as a real clock would read at that instant).
 */
import type {
	Clock,
	TimerHandle,
} from '../../../../sidecar/src/schedule/clock';

interface PendingTimer {
	at: number;
	fire: () => void;
	cancelled: boolean;
}

export class FakeClock implements Clock {
	private nowMs: number;
	private timers: PendingTimer[] = [];

	constructor( start: string ) {
		this.nowMs = Date.parse( start );
	}

	now(): Date {
		return new Date( this.nowMs );
	}

	at( when: Date, fire: () => void ): TimerHandle {
		const timer = { at: when.getTime(), fire, cancelled: false };
		this.timers.push( timer );
		return {
			cancel: () => {
				timer.cancelled = true;
			},
		};
	}

	/**
	 * Moves time forward to `iso`, firing every timer due on the way, then lets pending promises settle.
	 *
	 * @param iso The moment to stop at (ISO 8601).
	 */
	async advanceTo( iso: string ): Promise< void > {
		const target = Date.parse( iso );
		for (;;) {
			const due = this.nextDue( target );
			if ( ! due ) {
				break;
			}
			this.nowMs = Math.max( this.nowMs, due.at );
			due.cancelled = true;
			due.fire();
			await settle();
		}
		this.nowMs = Math.max( this.nowMs, target );
		await settle();
	}

	pendingTimers(): number {
		return this.timers.filter( ( t ) => ! t.cancelled ).length;
	}

	private nextDue( target: number ): PendingTimer | undefined {
		return this.timers
			.filter( ( t ) => ! t.cancelled && t.at <= target )
			.sort( ( a, b ) => a.at - b.at )[ 0 ];
	}
}

/** Lets every already-resolved promise chain run to its end. */
export async function settle(): Promise< void > {
	for ( let i = 0; i < 10; i++ ) {
		await Promise.resolve();
	}
}
