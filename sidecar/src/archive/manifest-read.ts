/**
 * Reads manifest.json into a validated head and, one at a time, validated entries: the entries go to the
 * caller (a reader's entry table) as they are parsed, and no array or text of all of them is ever held (see
 * manifest-split.ts). Pure. ManifestStreamReader takes the bytes as they stream out of the archive;
 * readManifestWhole() parses what it gives up on.
 *
 * The outcome is parseManifest(JSON.parse(text))'s, errors included and in the same order: a JSON syntax
 * error anywhere first, then the head's first defect, then the first defective entry.
 */
import { isUtf8 } from 'node:buffer';

import { SyteOpsError } from '../errors';
import {
	parseManifestEntry,
	parseManifestHead,
	type ManifestWithoutEntries,
	type ManifestEntry,
} from './manifest';
import { ManifestSplitter } from './manifest-split';

/** Called with each entry, in order; may throw (a path listed twice) to fail the manifest. */
export type EntrySink = ( entry: ManifestEntry, index: number ) => void;

/**
 * The manifest read chunk by chunk. It gives up (feed() false, or end() undefined) when the text must be
 * parsed whole for JSON.parse's own outcome: a structure the splitter does not handle, bytes that are not
 * UTF-8, an element or a head that is not JSON. Entries may have been added by then; the caller takes them
 * back before reading the whole text (EntryTable.forgetListed).
 */
export class ManifestStreamReader {
	private readonly splitter: ManifestSplitter;
	private index = 0;
	private stopped = false;
	private entryFailure: { error: unknown } | undefined;

	constructor( private readonly add: EntrySink ) {
		this.splitter = new ManifestSplitter( ( bytes ) =>
			this.element( bytes )
		);
	}

	/**
	 * The next bytes; false once the manifest must be parsed whole.
	 * @param chunk
	 */
	feed( chunk: Buffer ): boolean {
		return ! this.stopped && this.splitter.feed( chunk ) && ! this.stopped;
	}

	/**
	 * The head once every byte was fed, or undefined when the manifest must be parsed whole. Throws the
	 * head's first defect, then the first defective entry's.
	 */
	end(): ManifestWithoutEntries | undefined {
		const headBytes = this.stopped ? undefined : this.splitter.end();
		const headRoot =
			headBytes && isUtf8( headBytes )
				? tryParse( headBytes.toString( 'utf8' ) )
				: undefined;
		if ( headRoot === undefined ) {
			return undefined;
		}
		const { head } = parseManifestHead( headRoot );
		if ( this.entryFailure ) {
			throw this.entryFailure.error;
		}
		return head;
	}

	private element( bytes: Buffer ): void {
		const i = this.index++;
		if ( this.stopped ) {
			return;
		}
		const item = isUtf8( bytes )
			? tryParse( bytes.toString( 'utf8' ) )
			: undefined;
		if ( item === undefined ) {
			// Not JSON (or not UTF-8), so neither is the whole: parsed whole, for JSON.parse's own message.
			this.stopped = true;
			return;
		}
		if ( this.entryFailure ) {
			return; // still looking for a syntax error, which comes first
		}
		try {
			this.add( parseManifestEntry( item, i ), i );
		} catch ( error ) {
			this.entryFailure = { error };
		}
	}
}

/**
 * The manifest from its whole bytes, parsed at once: what ManifestStreamReader gives up on (the caller has
 * taken back the entries it added). Splitting those bytes again would give up again (the same structure),
 * or find an element or a head that is not JSON, so that the whole text is not JSON either: parsing whole is
 * then JSON.parse's outcome, with its own message.
 * @param bytes manifest.json as stored
 * @param add   takes each validated entry
 */
export function readManifestWhole(
	bytes: Buffer,
	add: EntrySink
): ManifestWithoutEntries {
	if ( ! isUtf8( bytes ) ) {
		throw invalidJson(
			'The encoded data was not valid for encoding utf-8'
		);
	}
	let root: unknown;
	try {
		// TextDecoder, not toString(): it drops a leading byte-order mark, as the reader always has.
		root = JSON.parse( new TextDecoder( 'utf-8' ).decode( bytes ) );
	} catch ( error ) {
		throw invalidJson( ( error as Error ).message );
	}
	const { head, entries } = parseManifestHead( root );
	entries.forEach( ( item, i ) => add( parseManifestEntry( item, i ), i ) );
	return head;
}

/**
 * JSON.parse's value, or undefined when the text is not JSON (JSON itself has no undefined).
 * @param text
 */
function tryParse( text: string ): unknown {
	try {
		return JSON.parse( text ) as unknown;
	} catch {
		return undefined;
	}
}

function invalidJson( reason: string ): SyteOpsError {
	return new SyteOpsError( 'syteops_archive_manifest_invalid_json', {
		reason,
	} );
}
