/**
 * Splits a byte stream into text lines for the row codec. Chunks may end anywhere, including inside a
 * multi-byte UTF-8 character, so bytes are kept until a newline arrives and each line is decoded whole.
 * A line longer than the limit is refused before it is buffered, so one huge row cannot exhaust memory.
 */
import { Transform, type TransformCallback } from 'node:stream';

import { SyteOpsError } from '../errors';

/** Default cap on one row line: generous for WordPress (post_content, option blobs), bounded for memory. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

const NEWLINE = 0x0a;

const decoder = new TextDecoder( 'utf-8', { fatal: true } );

/**
 * One line's text: its bytes decoded as UTF-8, a trailing carriage return dropped.
 * @param bytes      the line without its newline
 * @param entryPath  for the error
 * @param lineNumber 1-based, for the error
 */
export function decodeLine(
	bytes: Uint8Array,
	entryPath: string,
	lineNumber: number
): string {
	let text: string;
	try {
		text = decoder.decode( bytes );
	} catch {
		throw new SyteOpsError( 'syteops_archive_rows_invalid', {
			path: entryPath,
			line: lineNumber,
			reason: 'the line is not valid UTF-8',
		} );
	}
	return text.endsWith( '\r' ) ? text.slice( 0, -1 ) : text;
}

/**
 * Cuts bytes into numbered lines synchronously, handing over each line's bytes (valid only during the call);
 * LineSplitter wraps it as a stream of decoded lines, and verify feeds it directly from the bytes it is
 * already checking (one read of the entry, not two).
 */
export class LineCutter {
	private pending: Buffer[] = [];
	private pendingBytes = 0;
	private lineNumber = 0;

	constructor(
		private readonly entryPath: string,
		private readonly maxLineBytes: number,
		private readonly onLine: ( bytes: Buffer, lineNumber: number ) => void
	) {}

	feed( chunk: Buffer ): void {
		let start = 0;
		let newline = chunk.indexOf( NEWLINE, start );
		while ( newline !== -1 ) {
			this.keep( chunk.subarray( start, newline ) );
			this.emitLine();
			start = newline + 1;
			newline = chunk.indexOf( NEWLINE, start );
		}
		// The unfinished line outlives this call, the chunk may not (verify reuses its read buffers): copy it.
		this.keep( Buffer.from( chunk.subarray( start ) ) );
	}

	end(): void {
		if ( this.pendingBytes > 0 ) {
			this.emitLine();
		}
	}

	private keep( bytes: Buffer ): void {
		if ( bytes.length === 0 ) {
			return;
		}
		this.pendingBytes += bytes.length;
		if ( this.pendingBytes > this.maxLineBytes ) {
			throw new SyteOpsError( 'syteops_archive_row_too_large', {
				path: this.entryPath,
				limit: this.maxLineBytes,
			} );
		}
		this.pending.push( bytes );
	}

	private emitLine(): void {
		this.lineNumber++;
		const bytes =
			this.pending.length === 1
				? this.pending[ 0 ]
				: Buffer.concat( this.pending, this.pendingBytes );
		this.pending = [];
		this.pendingBytes = 0;
		this.onLine( bytes, this.lineNumber );
	}
}

export class LineSplitter extends Transform {
	private readonly cutter: LineCutter;

	constructor( entryPath: string, maxLineBytes = DEFAULT_MAX_LINE_BYTES ) {
		super( { readableObjectMode: true } );
		this.cutter = new LineCutter(
			entryPath,
			maxLineBytes,
			( bytes, line ) =>
				this.push( {
					line,
					text: decodeLine( bytes, entryPath, line ),
				} )
		);
	}

	override _transform(
		chunk: Buffer,
		_encoding: BufferEncoding,
		callback: TransformCallback
	): void {
		try {
			this.cutter.feed( chunk );
			callback();
		} catch ( error ) {
			callback( error as Error );
		}
	}

	override _flush( callback: TransformCallback ): void {
		try {
			this.cutter.end();
			callback();
		} catch ( error ) {
			callback( error as Error );
		}
	}
}

export interface NumberedLine {
	line: number;
	text: string;
}
