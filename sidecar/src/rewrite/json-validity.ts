/**
 * Is a text one valid JSON document, as JSON.parse() would accept it? Answered by walking the grammar
 * (RFC 8259) without building anything: JSON.parse() builds every object, array and string of the document
 * only to have them dropped, which was a tenth of a cross-site restore's rewrite time on the full-size bench
 * site (a short JSON document inside each serialized value) and, for a large document, its whole size again
 * in garbage. Pure; the property test compares it with JSON.parse() on generated and broken documents.
 *
 * One difference by design: JSON.parse() fails on a document nested deeper than its stack allows, this walk
 * keeps its own stack and does not. Such a document is then rewritten literal by literal, as any other.
 */

const CHAR = {
	tab: 0x09,
	newline: 0x0a,
	carriageReturn: 0x0d,
	space: 0x20,
	quote: 0x22,
	plus: 0x2b,
	comma: 0x2c,
	minus: 0x2d,
	dot: 0x2e,
	slash: 0x2f,
	zero: 0x30,
	one: 0x31,
	nine: 0x39,
	colon: 0x3a,
	E: 0x45,
	openBracket: 0x5b,
	backslash: 0x5c,
	closeBracket: 0x5d,
	b: 0x62,
	e: 0x65,
	f: 0x66,
	n: 0x6e,
	r: 0x72,
	t: 0x74,
	u: 0x75,
	openBrace: 0x7b,
	closeBrace: 0x7d,
} as const;

/** The single-char escapes JSON allows after a backslash (`\u` is checked on its own). */
const SIMPLE_ESCAPES = new Set< number >( [
	CHAR.quote,
	CHAR.backslash,
	CHAR.slash,
	CHAR.b,
	CHAR.f,
	CHAR.n,
	CHAR.r,
	CHAR.t,
] );

function isDigit( code: number ): boolean {
	return code >= CHAR.zero && code <= CHAR.nine;
}

function isHexDigit( code: number ): boolean {
	return (
		isDigit( code ) ||
		( code >= 0x41 && code <= 0x46 ) ||
		( code >= 0x61 && code <= 0x66 )
	);
}

class Walk {
	pos = 0;

	constructor( private readonly text: string ) {}

	private code(): number {
		return this.text.charCodeAt( this.pos );
	}

	skipSpace(): void {
		for (;;) {
			const code = this.code();
			if (
				code !== CHAR.space &&
				code !== CHAR.newline &&
				code !== CHAR.carriageReturn &&
				code !== CHAR.tab
			) {
				return;
			}
			this.pos++;
		}
	}

	/**
	 * The rest of a keyword whose first char was seen.
	 * @param word
	 */
	private keyword( word: string ): boolean {
		if ( ! this.text.startsWith( word, this.pos ) ) {
			return false;
		}
		this.pos += word.length;
		return true;
	}

	/** A string literal at `pos` (its opening quote). */
	string(): boolean {
		const text = this.text;
		let at = this.pos + 1;
		for (;;) {
			const code = text.charCodeAt( at );
			if ( code === CHAR.quote ) {
				this.pos = at + 1;
				return true;
			}
			if ( code !== code || code < CHAR.space ) {
				return false; // the end of the text (NaN) or a raw control char
			}
			if ( code === CHAR.backslash ) {
				const escape = text.charCodeAt( at + 1 );
				if ( escape === CHAR.u ) {
					for ( let digit = 2; digit < 6; digit++ ) {
						if ( ! isHexDigit( text.charCodeAt( at + digit ) ) ) {
							return false;
						}
					}
					at += 6;
					continue;
				}
				if ( ! SIMPLE_ESCAPES.has( escape ) ) {
					return false;
				}
				at += 2;
				continue;
			}
			at++;
		}
	}

	/** `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` at `pos`. */
	number(): boolean {
		if ( this.code() === CHAR.minus ) {
			this.pos++;
		}
		const first = this.code();
		if ( first === CHAR.zero ) {
			this.pos++;
		} else if ( first >= CHAR.one && first <= CHAR.nine ) {
			this.digits();
		} else {
			return false;
		}
		if ( this.code() === CHAR.dot ) {
			this.pos++;
			if ( ! this.digits() ) {
				return false;
			}
		}
		const exponent = this.code();
		if ( exponent === CHAR.e || exponent === CHAR.E ) {
			this.pos++;
			const sign = this.code();
			if ( sign === CHAR.plus || sign === CHAR.minus ) {
				this.pos++;
			}
			if ( ! this.digits() ) {
				return false;
			}
		}
		return true;
	}

	/** One or more digits; false when there is none. */
	private digits(): boolean {
		const start = this.pos;
		while ( isDigit( this.code() ) ) {
			this.pos++;
		}
		return this.pos > start;
	}

	/**
	 * A scalar (string, number, keyword) at `pos`; containers are the caller's.
	 * @param code The char at `pos`.
	 */
	scalar( code: number ): boolean {
		switch ( code ) {
			case CHAR.quote:
				return this.string();
			case CHAR.t:
				return this.keyword( 'true' );
			case CHAR.f:
				return this.keyword( 'false' );
			case CHAR.n:
				return this.keyword( 'null' );
		}
		return this.number();
	}
}

/**
 * True when JSON.parse( text ) would succeed (see the note above on depth).
 * @param text The text to judge.
 */
export function isValidJsonText( text: string ): boolean {
	const walk = new Walk( text );
	// Open containers, innermost last: true for an object, false for an array.
	const open: boolean[] = [];
	walk.skipSpace();
	for (;;) {
		// Here a value is expected.
		const code = text.charCodeAt( walk.pos );
		if ( code === CHAR.openBrace || code === CHAR.openBracket ) {
			walk.pos++;
			walk.skipSpace();
			const isObject = code === CHAR.openBrace;
			const close = isObject ? CHAR.closeBrace : CHAR.closeBracket;
			if ( text.charCodeAt( walk.pos ) === close ) {
				walk.pos++; // empty: the container is the value, go on after it
			} else {
				open.push( isObject );
				if ( isObject && ! memberKey( walk, text ) ) {
					return false;
				}
				continue;
			}
		} else if ( ! walk.scalar( code ) ) {
			return false;
		}
		// After a value: a comma goes on in the innermost container, its closer ends it.
		for (;;) {
			walk.skipSpace();
			if ( open.length === 0 ) {
				return walk.pos === text.length;
			}
			const isObject = open[ open.length - 1 ];
			const next = text.charCodeAt( walk.pos );
			if ( next === CHAR.comma ) {
				walk.pos++;
				walk.skipSpace();
				if ( isObject && ! memberKey( walk, text ) ) {
					return false;
				}
				break;
			}
			if ( next !== ( isObject ? CHAR.closeBrace : CHAR.closeBracket ) ) {
				return false;
			}
			walk.pos++;
			open.pop();
		}
	}
}

/**
 * An object member's key and colon, white space after the colon skipped: then its value is expected.
 * @param walk At the key (white space before it skipped).
 * @param text The whole text.
 */
function memberKey( walk: Walk, text: string ): boolean {
	if ( text.charCodeAt( walk.pos ) !== CHAR.quote || ! walk.string() ) {
		return false;
	}
	walk.skipSpace();
	if ( text.charCodeAt( walk.pos ) !== CHAR.colon ) {
		return false;
	}
	walk.pos++;
	walk.skipSpace();
	return true;
}
