/**
 * PHP-serialized option values as plain data, and back, for the plain shapes the plugin stores (arrays of
 * strings, numbers, booleans, null). Parsed as text by the rewriter's strict reader: nothing is ever
 * instantiated; objects, references and custom payloads read as null. Pure.
 */
import {
	bytesFromText,
	strictTextFromBytes,
	type ByteString,
} from '../rewrite/bytes';
import { parseSerialized } from '../rewrite/php-serialized/parse';
import type { PhpNode } from '../rewrite/php-serialized/types';
import { writeSerialized } from '../rewrite/php-serialized/write';

export type PlainValue =
	| null
	| boolean
	| number
	| string
	| PlainValue[]
	| { [ key: string ]: PlainValue };

function text( bytes: ByteString ): string {
	return strictTextFromBytes( bytes ) ?? '';
}

function toPlain( node: PhpNode ): PlainValue {
	switch ( node.kind ) {
		case 'string':
			return text( node.bytes );
		case 'int':
		case 'float':
			return Number( node.token );
		case 'bool':
			return node.token === '1';
		case 'array': {
			const out: Record< string, PlainValue > = {};
			for ( const entry of node.entries ) {
				const key =
					entry.key.kind === 'string'
						? text( entry.key.bytes )
						: String( ( entry.key as { token?: string } ).token );
				out[ key ] = toPlain( entry.value );
			}
			return out;
		}
		default:
			return null;
	}
}

/**
 * The plain value of a PHP-serialized text (given as UTF-8 text), or null when it is not serialized data.
 * @param value
 */
export function unserializePlain( value: string | null ): PlainValue {
	if ( value === null ) {
		return null;
	}
	try {
		return toPlain( parseSerialized( bytesFromText( value ) ) );
	} catch {
		return null;
	}
}

function toNode( value: PlainValue ): PhpNode {
	if ( value === null ) {
		return { kind: 'null' };
	}
	if ( typeof value === 'boolean' ) {
		return { kind: 'bool', token: value ? '1' : '0' };
	}
	if ( typeof value === 'number' ) {
		return Number.isInteger( value )
			? { kind: 'int', token: String( value ) }
			: { kind: 'float', token: String( value ) };
	}
	if ( typeof value === 'string' ) {
		return { kind: 'string', bytes: bytesFromText( value ) };
	}
	const entries = Object.entries( value ).map( ( [ key, item ] ) => ( {
		key: /^(0|-?[1-9]\d*)$/.test( key )
			? ( { kind: 'int', token: key } as PhpNode )
			: ( { kind: 'string', bytes: bytesFromText( key ) } as PhpNode ),
		value: toNode( item ),
	} ) );
	return { kind: 'array', entries };
}

/**
 * PHP's serialize() of a plain value, as UTF-8 text (what update_option() would store).
 * @param value
 */
export function serializePlain( value: PlainValue ): string {
	return Buffer.from( writeSerialized( toNode( value ) ), 'latin1' ).toString(
		'utf8'
	);
}

/**
 * A plain value as a string-keyed record, or an empty one.
 * @param value
 */
export function asRecord( value: PlainValue ): Record< string, PlainValue > {
	return value !== null &&
		typeof value === 'object' &&
		! Array.isArray( value )
		? value
		: {};
}
