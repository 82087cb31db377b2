/**
 * Rewriting inside PHP-serialized data in one pass, without a syntax tree. The walk follows parse.ts's grammar
 * char by char (it refuses exactly what the reader refuses, with a SerializedParseError), rewrites each string
 * where it stands, in document order as the tree rewriter does, and the output is the input with only the
 * changed strings' tokens replaced. On the full-size bench site a value of four strings took 12.8 µs through
 * the tree (parse 2.7, write 1.3, the nodes it builds and drops); see docs/performance.md, seventh round.
 *
 * It answers only where its answer is the tree rewriter's (serialized-rewrite.ts) byte for byte, and returns
 * null to hand the value to it otherwise:
 * - a key that would change (the tree rewriter checks the rewritten keys for collisions);
 * - a length or count written with leading zeros (`s:05:`), which the tree writer spells canonically.
 */
import type { ByteString } from './bytes';
import {
	CLASS_NAME,
	ENUM_NAME,
	FLOAT_TOKEN,
	MAX_SERIALIZED_DEPTH,
} from './php-serialized/parse';
import { SerializedParseError } from './php-serialized/types';
import type { ByteRewrite, UnsafeReason } from './result';
import type { MentionProbe } from './url-pattern';

export interface SplicedSerialized {
	value: ByteString;
	count: number;
	/** The first unsafe reason met in document order, as the tree rewriter reports it. */
	unsafe?: UnsafeReason;
	/** The value holds `r:`/`R:`: changed, it is left untouched (serialized_reference). */
	references: boolean;
}

/** Thrown inside the walk to hand the value to the tree rewriter. */
class NeedsTree {}
const NEEDS_TREE = new NeedsTree();

const CHAR = {
	quote: 34,
	plus: 43,
	minus: 45,
	zero: 48,
	one: 49,
	nine: 57,
	colon: 58,
	semicolon: 59,
	C: 67,
	E: 69,
	N: 78,
	O: 79,
	R: 82,
	a: 97,
	b: 98,
	d: 100,
	i: 105,
	r: 114,
	s: 115,
	open: 123,
	close: 125,
} as const;

function isDigit( code: number ): boolean {
	return code >= CHAR.zero && code <= CHAR.nine;
}

/**
 * Rewrites every string of one serialized value (whitespace already split off). Throws SerializedParseError
 * where parseSerialized() would; null where the tree rewriter must answer (see above).
 * @param core          The serialized value, a byte string.
 * @param rewriteString Rewrites one string's bytes (one level deeper than the value).
 * @param mention       The URL map's probe: whether a custom (`C:`) payload mentions the source, and where
 *                      the source host name occurs (a string without it is not handed to rewriteString).
 */
export function spliceSerialized(
	core: ByteString,
	rewriteString: ( bytes: ByteString ) => ByteRewrite,
	mention: MentionProbe
): SplicedSerialized | null {
	const walk = new Splicer( core, rewriteString, mention );
	try {
		walk.value( 0, false );
	} catch ( error ) {
		if ( error === NEEDS_TREE ) {
			return null;
		}
		throw error;
	}
	if ( walk.pos !== core.length ) {
		throw walk.fail( 'unexpected bytes after the value' );
	}
	return {
		value: walk.result(),
		count: walk.count,
		...( walk.unsafe !== undefined ? { unsafe: walk.unsafe } : {} ),
		references: walk.references,
	};
}

class Splicer {
	pos = 0;
	count = 0;
	unsafe: UnsafeReason | undefined;
	references = false;
	private out = '';
	private copied = 0;
	/** Where the source host name next occurs at or after the last string's start; -1: nowhere further. */
	private nextName = -2;

	constructor(
		private readonly bytes: ByteString,
		private readonly rewriteString: ( bytes: ByteString ) => ByteRewrite,
		private readonly mention: MentionProbe
	) {}

	fail( reason: string ): SerializedParseError {
		return new SerializedParseError( reason, this.pos );
	}

	result(): ByteString {
		return this.copied === 0
			? this.bytes
			: this.out + this.bytes.slice( this.copied );
	}

	/**
	 * One value at `pos`, in parse.ts's readValue() order of checks.
	 * @param depth How deep inside the top value (parse.ts's depth).
	 * @param isKey True for an array key or property name.
	 */
	value( depth: number, isKey: boolean ): void {
		if ( depth > MAX_SERIALIZED_DEPTH ) {
			throw this.fail( 'nesting too deep' );
		}
		const start = this.pos;
		const type = this.bytes.charCodeAt( start );
		switch ( type ) {
			case CHAR.N:
				this.expect( CHAR.N );
				this.expect( CHAR.semicolon );
				return;
			case CHAR.s:
				this.string( start, isKey );
				return;
			case CHAR.i:
				this.typeColon( type );
				this.integer();
				this.expect( CHAR.semicolon );
				return;
			case CHAR.d:
				this.typeColon( type );
				this.float();
				this.expect( CHAR.semicolon );
				return;
			case CHAR.b:
				this.typeColon( type );
				this.bool();
				this.expect( CHAR.semicolon );
				return;
			case CHAR.r:
			case CHAR.R:
				this.typeColon( type );
				this.digits( 'a slot number' );
				this.expect( CHAR.semicolon );
				this.references = true;
				return;
			case CHAR.a:
				this.typeColon( type );
				this.entries( depth );
				return;
			case CHAR.O:
				this.typeColon( type );
				this.className();
				this.entries( depth );
				return;
			case CHAR.C:
				this.custom();
				return;
			case CHAR.E:
				this.typeColon( type );
				this.enumCase();
				return;
		}
		throw this.fail( 'unknown value type' );
	}

	private string( start: number, isKey: boolean ): void {
		this.typeColon( CHAR.s );
		const length = this.size();
		this.expect( CHAR.colon );
		this.expect( CHAR.quote );
		const textStart = this.pos;
		this.skip( length );
		this.expect( CHAR.quote );
		this.expect( CHAR.semicolon );
		if (
			this.unsafe !== undefined ||
			! this.holdsName( textStart, textStart + length )
		) {
			// After the first unsafe reason the value stays untouched whatever else is found; a string
			// without the host name cannot mention the source (rewriteString would return it unchanged).
			return;
		}
		const text = this.bytes.slice( textStart, textStart + length );
		const result = this.rewriteString( text );
		if ( result.unsafe !== undefined ) {
			this.unsafe = result.unsafe;
			return;
		}
		if ( result.count === 0 ) {
			return;
		}
		if ( isKey ) {
			throw NEEDS_TREE;
		}
		this.count += result.count;
		this.out += `${ this.bytes.slice( this.copied, start ) }s:${
			result.value.length
		}:"${ result.value }";`;
		this.copied = this.pos;
	}

	/**
	 * Whether the source host name occurs wholly inside bytes[from, to). Strings are met in document order,
	 * so one forward search serves the whole value: the keys, digests and prose of a long array between
	 * two URLs are passed over without a look.
	 * @param from
	 * @param to
	 */
	private holdsName( from: number, to: number ): boolean {
		if ( this.nextName !== -1 && this.nextName < from ) {
			this.nextName = this.mention.nameAt( this.bytes, from );
		}
		return (
			this.nextName !== -1 &&
			this.nextName + this.mention.nameLength <= to
		);
	}

	/**
	 * `n:{key value ...}`, keys integers or strings.
	 * @param depth
	 */
	private entries( depth: number ): void {
		const count = this.size();
		this.expect( CHAR.colon );
		this.expect( CHAR.open );
		for ( let index = 0; index < count; index++ ) {
			const keyType = this.bytes.charCodeAt( this.pos );
			if ( keyType !== CHAR.i && keyType !== CHAR.s ) {
				throw this.fail( 'a key must be an integer or a string' );
			}
			this.value( depth + 1, true );
			this.value( depth + 1, false );
		}
		this.expect( CHAR.close );
	}

	private custom(): void {
		this.typeColon( CHAR.C );
		this.className();
		const length = this.size();
		this.expect( CHAR.colon );
		this.expect( CHAR.open );
		const payload = this.take( length );
		this.expect( CHAR.close );
		if ( this.unsafe === undefined && this.mention.test( payload ) ) {
			this.unsafe = 'custom_serialized';
		}
	}

	private className(): void {
		const start = this.pos;
		const name = this.quoted();
		if ( ! CLASS_NAME.test( name ) ) {
			throw new SerializedParseError( 'invalid class name', start );
		}
		this.expect( CHAR.colon );
	}

	private enumCase(): void {
		const start = this.pos;
		const name = this.quoted();
		if ( ! ENUM_NAME.test( name ) ) {
			throw new SerializedParseError( 'invalid enum case', start );
		}
		this.expect( CHAR.semicolon );
	}

	/** `N:"<N bytes>"`. */
	private quoted(): ByteString {
		const length = this.size();
		this.expect( CHAR.colon );
		this.expect( CHAR.quote );
		const text = this.take( length );
		this.expect( CHAR.quote );
		return text;
	}

	private take( length: number ): ByteString {
		const start = this.pos;
		this.skip( length );
		return this.bytes.slice( start, this.pos );
	}

	private skip( length: number ): void {
		if ( this.pos + length > this.bytes.length ) {
			throw this.fail( 'string runs past the end of the input' );
		}
		this.pos += length;
	}

	/** An unsigned length or count, written without leading zeros (else the tree rewriter answers). */
	private size(): number {
		const start = this.pos;
		const end = this.digits( 'a length' );
		if ( end - start > 1 && this.bytes.charCodeAt( start ) === CHAR.zero ) {
			throw NEEDS_TREE;
		}
		// Summed from the digits (no slice to parse) while that stays exact; longer ones are refused below.
		let value = 0;
		for ( let at = start; at < end && at - start < 16; at++ ) {
			value = value * 10 + this.bytes.charCodeAt( at ) - CHAR.zero;
		}
		if ( end - start >= 16 ) {
			value = Number( this.bytes.slice( start, end ) );
		}
		if ( ! Number.isSafeInteger( value ) || value > this.bytes.length ) {
			throw this.fail( 'length larger than the input' );
		}
		return value;
	}

	/**
	 * One or more digits; returns where they end.
	 * @param what
	 */
	private digits( what: string ): number {
		const start = this.pos;
		let at = start;
		while ( isDigit( this.bytes.charCodeAt( at ) ) ) {
			at++;
		}
		if ( at === start ) {
			throw this.fail( `expected ${ what }` );
		}
		this.pos = at;
		return at;
	}

	private integer(): void {
		const sign = this.bytes.charCodeAt( this.pos );
		const start = this.pos;
		if ( sign === CHAR.plus || sign === CHAR.minus ) {
			this.pos++;
		}
		if ( ! isDigit( this.bytes.charCodeAt( this.pos ) ) ) {
			this.pos = start;
			throw this.fail( 'expected an integer' );
		}
		this.digits( 'an integer' );
	}

	private float(): void {
		FLOAT_TOKEN.lastIndex = this.pos;
		const match = FLOAT_TOKEN.exec( this.bytes );
		if ( match === null ) {
			throw this.fail( 'expected a float' );
		}
		this.pos += match[ 0 ].length;
	}

	private bool(): void {
		const code = this.bytes.charCodeAt( this.pos );
		if ( code !== CHAR.zero && code !== CHAR.one ) {
			throw this.fail( 'expected 0 or 1' );
		}
		this.pos++;
	}

	/**
	 * The type letter and its colon (`s:`, `a:`...).
	 * @param type
	 */
	private typeColon( type: number ): void {
		this.expect( type );
		this.expect( CHAR.colon );
	}

	private expect( code: number ): void {
		if ( this.bytes.charCodeAt( this.pos ) !== code ) {
			throw this.fail( `expected '${ String.fromCharCode( code ) }'` );
		}
		this.pos++;
	}
}
