/**
 * A one-line progress bar on stderr, drawn only for a person at a terminal (never with `--json`, never
 * when stderr is a pipe or file), redrawn at most every REDRAW_MS. The line itself is rendered purely.
 */
import type { Writable } from 'node:stream';

export interface ProgressReporter {
	update: ( phase: string, done: number, total: number ) => void;
	finish: () => void;
}

const REDRAW_MS = 100;
const BAR_WIDTH = 24;

/**
 * `database  [#########...............]  38%  1,234/3,210`; a total of 0 draws the phase alone.
 * @param phase
 * @param done
 * @param total
 * @param width the bar's width in characters
 */
export function renderProgress(
	phase: string,
	done: number,
	total: number,
	width: number = BAR_WIDTH
): string {
	if ( ! ( total > 0 ) ) {
		return `${ phase }…`;
	}
	const ratio = Math.min( 1, Math.max( 0, done / total ) );
	const filled = Math.round( ratio * width );
	const count = ( n: number ) => n.toLocaleString( 'en-US' );
	return `${ phase.padEnd( 18 ) } [${ '#'.repeat( filled ) }${ '.'.repeat(
		width - filled
	) }] ${ String( Math.floor( ratio * 100 ) ).padStart( 3 ) }%  ${ count(
		Math.min( done, total )
	) }/${ count( total ) }`;
}

export const NO_PROGRESS: ProgressReporter = {
	update: () => undefined,
	finish: () => undefined,
};

export function terminalProgress(
	stream: Writable,
	now: () => number = Date.now
): ProgressReporter {
	let last = 0;
	let drawn = false;
	return {
		update: ( phase, done, total ) => {
			const at = now();
			if ( at - last < REDRAW_MS && done < total ) {
				return;
			}
			last = at;
			drawn = true;
			// \r returns to the line start, \x1b[K clears what a longer previous line left.
			stream.write( `\r${ renderProgress( phase, done, total ) }\x1b[K` );
		},
		finish: () => {
			if ( drawn ) {
				stream.write( '\r\x1b[K' );
				drawn = false;
			}
		},
	};
}
