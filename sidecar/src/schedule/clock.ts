/**
 * The scheduler's only contact with real time. Production uses node-schedule (which copes with timers days or
 * weeks away, past setTimeout's 24.8-day limit); tests pass a fake clock they advance by hand.
 */
import { scheduleJob } from 'node-schedule';
import type { Job } from 'node-schedule';

export interface TimerHandle {
	cancel: () => void;
}

export interface Clock {
	now: () => Date;
	/** Call `fire` once at `when`; a time already past fires as soon as possible. */
	at: ( when: Date, fire: () => void ) => TimerHandle;
}

export const nodeScheduleClock: Clock = {
	now: () => new Date(),
	at( when, fire ) {
		// node-schedule returns null (despite its types) for a date already past; run that one right away.
		const job = scheduleJob( when, fire ) as Job | null;
		if ( job === null ) {
			const immediate = setImmediate( fire );
			return { cancel: () => clearImmediate( immediate ) };
		}
		return { cancel: () => void job.cancel() };
	},
};
