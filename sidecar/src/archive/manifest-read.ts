/**
 * Reads manifest.json's bytes into a validated head and, one at a time, validated entries: the entries
 * go to the caller (a reader's entry table) as they are parsed, and no array or text of all of them is
 * ever held (see manifest-split.ts). Pure.
 *
 * The outcome is parseManifest(JSON.parse(text))'s, errors included and in the same order: a JSON syntax
 * error anywhere first, then the head's first defect, then the first defective entry.
 */
import { isUtf8 } from 'node:buffer';

import { SyteOpsError } from '../errors';
import {
	parseManifestEntry,
	parseManifestHead,
	type ManifestEntry,
	type ManifestWithoutEntries,
} from './manifest';
import { splitManifest } from './manifest-split';

/** Called with each entry, in order; may throw (a path listed twice) to fail the manifest. */
export type EntrySink = ( entry: ManifestEntry, index: number ) => void;

/**
 * @param bytes manifest.json as stored
 * @param add   takes each validated entry
 */
export function readManifestBytes(
	bytes: Buffer,
	add: EntrySink
): ManifestWithoutEntries {
	if ( ! isUtf8( bytes ) ) {
		throw invalidJson(
			'The encoded data was not valid for encoding utf-8'
		);
	}
	const split = splitManifest( bytes );
	const headRoot = split && tryParse( split.head );
	if ( ! split || headRoot === undefined ) {
		return readWhole( bytes, add );
	}
	let entryFailure: { error: unknown } | undefined;
	const { elements } = split;
	for ( let i = 0; i < elements.length / 2; i++ ) {
		const item = tryParse(
			bytes.toString( 'utf8', elements[ 2 * i ], elements[ 2 * i + 1 ] )
		);
		if ( item === undefined ) {
			// Not JSON, so neither is the whole: parse it whole for JSON.parse's own message.
			return readWhole( bytes, add );
		}
		if ( entryFailure ) {
			continue; // still looking for a syntax error, which comes first
		}
		try {
			add( parseManifestEntry( item, i ), i );
		} catch ( error ) {
			entryFailure = { error };
		}
	}
	const { head } = parseManifestHead( headRoot );
	if ( entryFailure ) {
		throw entryFailure.error;
	}
	return head;
}

/**
 * The whole text parsed at once: for a manifest splitManifest does not handle, or one that is not JSON.
 * @param bytes
 * @param add
 */
function readWhole( bytes: Buffer, add: EntrySink ): ManifestWithoutEntries {
	let root: unknown;
	try {
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
