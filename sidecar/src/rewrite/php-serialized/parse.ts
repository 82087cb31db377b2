/**
 * A strict reader of PHP's serialize() format, following the grammar of PHP's own unserializer: lengths are
 * byte counts, strings may contain anything (`";`, `}`, NUL, serialized data), and the whole input must be
 * one value. It only builds a syntax tree; nothing is instantiated. Any failure is a SerializedParseError.
 */
import type { ByteString } from '../bytes';
import { SerializedParseError, type PhpEntry, type PhpNode } from './types';

/** Deeper nesting than this is refused rather than risking the call stack on hostile input. */
export const MAX_SERIALIZED_DEPTH = 512;

const DIGITS = /[0-9]+/y;
const INT_TOKEN = /[+-]?[0-9]+/y;
/** The grammar's float token and class name, shared with the one-pass rewriter (../serialized-splice.ts). */
export const FLOAT_TOKEN =
	/(?:NAN|-?INF|[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)/y;
const BOOL_TOKEN = /[01]/y;
export const CLASS_NAME = /^[A-Za-z0-9_\\\x80-\xff]+$/;
export const ENUM_NAME = /^[^:]+:[^:]+$/;

export function parseSerialized( bytes: ByteString ): PhpNode {
	const reader = new Reader( bytes );
	const node = readValue( reader, 0 );
	if ( reader.pos !== bytes.length ) {
		throw reader.fail( 'unexpected bytes after the value' );
	}
	return node;
}

class Reader {
	pos = 0;

	constructor( readonly bytes: ByteString ) {}

	fail( reason: string ): SerializedParseError {
		return new SerializedParseError( reason, this.pos );
	}

	peek(): string {
		return this.bytes.charAt( this.pos );
	}

	expect( literal: string ): void {
		if ( ! this.bytes.startsWith( literal, this.pos ) ) {
			throw this.fail( `expected '${ literal }'` );
		}
		this.pos += literal.length;
	}

	token( pattern: RegExp, what: string ): string {
		pattern.lastIndex = this.pos;
		const match = pattern.exec( this.bytes );
		if ( match === null ) {
			throw this.fail( `expected ${ what }` );
		}
		this.pos += match[ 0 ].length;
		return match[ 0 ];
	}

	/** An unsigned length or count; one that cannot fit in the input is refused at once. */
	size(): number {
		const value = Number( this.token( DIGITS, 'a length' ) );
		if ( ! Number.isSafeInteger( value ) || value > this.bytes.length ) {
			throw this.fail( 'length larger than the input' );
		}
		return value;
	}

	take( length: number ): ByteString {
		if ( this.pos + length > this.bytes.length ) {
			throw this.fail( 'string runs past the end of the input' );
		}
		const slice = this.bytes.slice( this.pos, this.pos + length );
		this.pos += length;
		return slice;
	}

	/** `N:"<N bytes>"` – the length-prefixed quoted text used by strings, class names and enums. */
	quoted(): ByteString {
		const length = this.size();
		this.expect( ':"' );
		const text = this.take( length );
		this.expect( '"' );
		return text;
	}
}

function readValue( reader: Reader, depth: number ): PhpNode {
	if ( depth > MAX_SERIALIZED_DEPTH ) {
		throw reader.fail( 'nesting too deep' );
	}
	const type = reader.peek();
	switch ( type ) {
		case 'N':
			reader.expect( 'N;' );
			return { kind: 'null' };
		case 's':
			reader.expect( 's:' );
			return {
				kind: 'string',
				bytes: endScalar( reader, reader.quoted() ),
			};
		case 'i':
			reader.expect( 'i:' );
			return {
				kind: 'int',
				token: endScalar(
					reader,
					reader.token( INT_TOKEN, 'an integer' )
				),
			};
		case 'd':
			reader.expect( 'd:' );
			return {
				kind: 'float',
				token: endScalar(
					reader,
					reader.token( FLOAT_TOKEN, 'a float' )
				),
			};
		case 'b':
			reader.expect( 'b:' );
			return {
				kind: 'bool',
				token: endScalar(
					reader,
					reader.token( BOOL_TOKEN, '0 or 1' )
				),
			};
		case 'r':
		case 'R':
			reader.expect( `${ type }:` );
			return {
				kind: 'reference',
				type,
				token: endScalar(
					reader,
					reader.token( DIGITS, 'a slot number' )
				),
			};
		case 'a':
			reader.expect( 'a:' );
			return { kind: 'array', entries: readEntries( reader, depth ) };
		case 'O':
			return readObject( reader, depth );
		case 'C':
			return readCustom( reader );
		case 'E':
			reader.expect( 'E:' );
			return readEnum( reader );
	}
	throw reader.fail( 'unknown value type' );
}

function endScalar< T extends string >( reader: Reader, value: T ): T {
	reader.expect( ';' );
	return value;
}

/**
 * `n:{key value ...}` – keys are integers or strings, as in PHP.
 * @param reader The reader positioned at the value.
 * @param depth  How far inside other values these bytes sit.
 */
function readEntries( reader: Reader, depth: number ): PhpEntry[] {
	const count = reader.size();
	reader.expect( ':{' );
	const entries: PhpEntry[] = [];
	for ( let index = 0; index < count; index++ ) {
		const keyType = reader.peek();
		if ( keyType !== 'i' && keyType !== 's' ) {
			throw reader.fail( 'a key must be an integer or a string' );
		}
		const key = readValue( reader, depth + 1 );
		entries.push( { key, value: readValue( reader, depth + 1 ) } );
	}
	reader.expect( '}' );
	return entries;
}

function readClassName( reader: Reader ): ByteString {
	const start = reader.pos;
	const name = reader.quoted();
	if ( ! CLASS_NAME.test( name ) ) {
		throw new SerializedParseError( 'invalid class name', start );
	}
	reader.expect( ':' );
	return name;
}

function readObject( reader: Reader, depth: number ): PhpNode {
	reader.expect( 'O:' );
	const className = readClassName( reader );
	return { kind: 'object', className, entries: readEntries( reader, depth ) };
}

function readCustom( reader: Reader ): PhpNode {
	reader.expect( 'C:' );
	const className = readClassName( reader );
	const length = reader.size();
	reader.expect( ':{' );
	const payload = reader.take( length );
	reader.expect( '}' );
	return { kind: 'custom', className, payload };
}

function readEnum( reader: Reader ): PhpNode {
	const start = reader.pos;
	const name = reader.quoted();
	if ( ! ENUM_NAME.test( name ) ) {
		throw new SerializedParseError( 'invalid enum case', start );
	}
	reader.expect( ';' );
	return { kind: 'enum', name };
}
