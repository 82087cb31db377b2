/**
 * Small typed readers for hand-written manifest validation. Each names the field it failed on, so a
 * broken manifest is reported as `syteops_archive_manifest_invalid` at an exact JSON path.
 */
import { SyteOpsError } from '../errors';

export type Json = Record< string, unknown >;

export function invalid( field: string, reason: string ): SyteOpsError {
	return new SyteOpsError( 'syteops_archive_manifest_invalid', {
		field,
		reason,
	} );
}

export function readObject( value: unknown, field: string ): Json {
	if (
		typeof value !== 'object' ||
		value === null ||
		Array.isArray( value )
	) {
		throw invalid( field, 'expected an object' );
	}
	return value as Json;
}

export function readArray( value: unknown, field: string ): unknown[] {
	if ( ! Array.isArray( value ) ) {
		throw invalid( field, 'expected an array' );
	}
	return value;
}

export function readString( value: unknown, field: string ): string {
	if ( typeof value !== 'string' ) {
		throw invalid( field, 'expected a string' );
	}
	return value;
}

export function readOptionalString(
	value: unknown,
	field: string
): string | undefined {
	return value === undefined ? undefined : readString( value, field );
}

export function readCount( value: unknown, field: string ): number {
	if (
		typeof value !== 'number' ||
		! Number.isSafeInteger( value ) ||
		value < 0
	) {
		throw invalid( field, 'expected a non-negative integer' );
	}
	return value;
}

export function readEnum< T extends string >(
	value: unknown,
	field: string,
	allowed: readonly T[]
): T {
	if (
		typeof value !== 'string' ||
		! ( allowed as readonly string[] ).includes( value )
	) {
		throw invalid( field, `expected one of ${ allowed.join( ', ' ) }` );
	}
	return value as T;
}

export function readTimestamp( value: unknown, field: string ): string {
	const text = readString( value, field );
	if (
		! /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test( text ) ||
		Number.isNaN( Date.parse( text ) )
	) {
		throw invalid( field, 'expected an ISO 8601 UTC timestamp' );
	}
	return text;
}

export function readStringList( value: unknown, field: string ): string[] {
	return readArray( value, field ).map( ( item, i ) =>
		readString( item, `${ field }[${ i }]` )
	);
}

/**
 * A map of name -> count, e.g. rows per table.
 * @param value
 * @param field
 */
export function readCountMap(
	value: unknown,
	field: string
): Record< string, number > {
	const object = readObject( value, field );
	const result: Record< string, number > = {};
	for ( const [ key, count ] of Object.entries( object ) ) {
		result[ key ] = readCount( count, `${ field }.${ key }` );
	}
	return result;
}
