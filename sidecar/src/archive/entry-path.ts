/**
 * ZIP entry names are untrusted input: an uploaded archive may try to write outside the directory it is
 * restored into (zip-slip). Every name is checked here before anything else looks at it. Pure.
 */
import path from 'node:path';

import { SyteOpsError } from '../errors';

/** Longer names than this are refused; real WordPress paths stay far below it. */
export const MAX_ENTRY_NAME_BYTES = 1024;

// Control characters (C0, DEL, C1) never appear in a path we write and can hide a name from a reader.

const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const DRIVE_LETTER = /^[a-zA-Z]:/;
/** Every name holding an empty, `.` or `..` segment matches (a leading or trailing `/`, `//`, `/.`, `./`, or empty); most names do not. */
const MAYBE_BAD_SEGMENT = /^$|^\.|\/\/|\/\.|\/$/;

/**
 * Throws a named SyteOpsError when `name` is not a safe, relative, forward-slash entry name.
 * @param name
 */
export function validateEntryPath( name: string ): void {
	// Called for every entry twice on open (directory and manifest): the failure details are built only
	// for a failure, and a name is split into segments only when it could hold a bad one.
	const detail = () => ( { path: JSON.stringify( name ) } );
	if (
		name.length * 3 > MAX_ENTRY_NAME_BYTES &&
		Buffer.byteLength( name, 'utf8' ) > MAX_ENTRY_NAME_BYTES
	) {
		throw new SyteOpsError( 'syteops_archive_entry_name_too_long', {
			path: JSON.stringify( name.slice( 0, 80 ) + '…' ),
			limit: MAX_ENTRY_NAME_BYTES,
		} );
	}
	if ( CONTROL_CHARS.test( name ) ) {
		throw new SyteOpsError(
			'syteops_archive_entry_control_char',
			detail()
		);
	}
	if ( name.includes( '\\' ) ) {
		throw new SyteOpsError( 'syteops_archive_entry_backslash', detail() );
	}
	if ( DRIVE_LETTER.test( name ) ) {
		throw new SyteOpsError(
			'syteops_archive_entry_drive_letter',
			detail()
		);
	}
	if ( name.startsWith( '/' ) ) {
		throw new SyteOpsError(
			'syteops_archive_entry_absolute_path',
			detail()
		);
	}
	if ( ! MAYBE_BAD_SEGMENT.test( name ) ) {
		return;
	}
	const segments = name.split( '/' );
	if ( segments.includes( '..' ) ) {
		throw new SyteOpsError( 'syteops_archive_entry_traversal', detail() );
	}
	if ( segments.some( ( segment ) => segment === '' || segment === '.' ) ) {
		throw new SyteOpsError(
			'syteops_archive_entry_empty_segment',
			detail()
		);
	}
}

/**
 * True when `name` passes validateEntryPath.
 * @param name
 */
export function isSafeEntryPath( name: string ): boolean {
	try {
		validateEntryPath( name );
		return true;
	} catch {
		return false;
	}
}

/**
 * The absolute path of `relative` inside `root`, refusing anything that lands outside it. Compares whole
 * path segments (via path.relative), so `/x/storage-evil` is not mistaken for a child of `/x/storage`.
 * @param root
 * @param relative
 */
export function resolveInside( root: string, relative: string ): string {
	validateEntryPath( relative );
	const base = path.resolve( root );
	const target = path.resolve( base, relative );
	const rel = path.relative( base, target );
	if (
		rel === '' ||
		rel === '..' ||
		rel.startsWith( '..' + path.sep ) ||
		path.isAbsolute( rel )
	) {
		throw new SyteOpsError( 'syteops_archive_entry_outside_root', {
			path: JSON.stringify( relative ),
		} );
	}
	return target;
}
