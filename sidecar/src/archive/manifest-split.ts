/**
 * Finds, in manifest.json's bytes as they stream in, the top-level `"entries"` array and each of its
 * elements, so the manifest can be parsed as a small head plus one small JSON text per entry. Pure: a
 * structural scan only (strings and escapes, brackets, commas), no values are decoded.
 *
 * JSON.parse of the whole file made the manifest's text (5.4 MB for the 27,500 entries of the full-size
 * bench archive) and a tree of every entry at once, about 14 MB of heap that a preview held at its peak.
 * Scanning a whole buffer still held the 5.4 MB of bytes (heaptrack: a third of a preview's native peak);
 * fed in chunks, the splitter holds only the element being read and the head.
 *
 * Anything unusual (a leading byte-order mark, `entries` twice or spelled with escapes, unbalanced
 * brackets, trailing bytes) makes the splitter give up: the caller then parses the whole text, so the
 * result and every error are exactly JSON.parse's. UTF-8 never puts an ASCII byte inside a multi-byte
 * character, so scanning bytes for ASCII punctuation is scanning characters, wherever a chunk ends.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const ENTRIES_KEY = Buffer.from( '"entries"' );

/** Where the scan is, between two bytes. */
const enum At {
	/** Before the object's `{`. */
	Start,
	/** After `{`: the first key. */
	FirstKey,
	/** Inside a key's string. */
	Key,
	/** After a key: its `:`. */
	Colon,
	/** After `:`: the value. */
	Value,
	/** Inside a value of the head. */
	InValue,
	/** After a value: `,` or `}`. */
	AfterValue,
	/** After `,`: the next key. */
	NextKey,
	/** After the object's `}`: only whitespace. */
	Trailing,
	/** After the entries' `[` (or a `,` between elements): the next element, or `]` if none came yet. */
	Element,
	/** Inside an element. */
	InElement,
	/** After an element: `,` or `]`. */
	AfterElement,
	/** The structure is not the plain one: nothing more is read. */
	GaveUp,
}

/** Where a byte goes: the head's text, the current element's, or neither (what separates elements). */
const enum To {
	Head,
	Element,
	Nowhere,
}

/** A string, an object or array (brackets balanced, strings skipped), or a literal or number. */
const enum Kind {
	String,
	Nested,
	Literal,
}

function isWhitespace( byte: number ): boolean {
	return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function endsLiteral( byte: number ): boolean {
	return (
		isWhitespace( byte ) ||
		byte === COMMA ||
		byte === CLOSE_OBJECT ||
		byte === CLOSE_ARRAY
	);
}

/**
 * Reads one value (JSON.parse judges it later: only where it ends matters here), a chunk at a time.
 */
class ValueScan {
	/** Whether the value has ended: with the last byte scan() took, or just before the byte it stopped at. */
	ended: 'no' | 'with' | 'before' = 'no';
	private kind = Kind.Literal;
	private depth = 0;
	private inString = false;
	private escaped = false;

	/**
	 * Starts at the value's first byte; false when no value can start there.
	 * @param byte
	 */
	start( byte: number ): boolean {
		this.depth = 0;
		this.inString = false;
		this.escaped = false;
		this.ended = 'no';
		if ( byte === QUOTE ) {
			this.kind = Kind.String;
			this.inString = true;
		} else if ( byte === OPEN_OBJECT || byte === OPEN_ARRAY ) {
			this.kind = Kind.Nested;
			this.depth = 1;
		} else if ( endsLiteral( byte ) ) {
			return false;
		} else {
			this.kind = Kind.Literal;
		}
		return true;
	}

	/**
	 * Takes the value's next bytes from `from` on, up to its end or the chunk's; where it stopped (see
	 * `ended`). One tight loop: most of a manifest's bytes are inside its entries' strings.
	 * @param chunk
	 * @param from
	 */
	scan( chunk: Buffer, from: number ): number {
		const length = chunk.length;
		let i = from;
		if ( this.kind === Kind.Literal ) {
			while ( i < length && ! endsLiteral( chunk[ i ] ) ) {
				i++;
			}
			this.ended = i < length ? 'before' : 'no';
			return i;
		}
		let { depth, inString, escaped } = this;
		for ( ; i < length; i++ ) {
			const byte = chunk[ i ];
			if ( inString ) {
				if ( escaped ) {
					escaped = false;
				} else if ( byte === BACKSLASH ) {
					escaped = true;
				} else if ( byte === QUOTE ) {
					inString = false;
					if ( this.kind === Kind.String ) {
						this.ended = 'with';
						return i + 1;
					}
				}
			} else if ( byte === QUOTE ) {
				inString = true;
			} else if ( byte === OPEN_OBJECT || byte === OPEN_ARRAY ) {
				depth++;
			} else if ( byte === CLOSE_OBJECT || byte === CLOSE_ARRAY ) {
				depth--;
				if ( depth === 0 ) {
					this.ended = 'with';
					return i + 1;
				}
			}
		}
		this.depth = depth;
		this.inString = inString;
		this.escaped = escaped;
		return i;
	}
}

/**
 * The splitter: feed() the bytes in order, then end() for the head. Each element goes to `onElement` as it
 * is complete (its bytes are valid only during the call).
 */
export class ManifestSplitter {
	private at = At.Start;
	private readonly value = new ValueScan();
	private readonly head: Buffer[] = [];
	private element: Buffer[] = [];
	private key: Buffer[] = [];
	private isEntries = false;
	private sawEntries = false;
	private elements = 0;

	constructor( private readonly onElement: ( bytes: Buffer ) => void ) {}

	/**
	 * The next bytes; false once the splitter has given up.
	 * @param chunk
	 */
	feed( chunk: Buffer ): boolean {
		let runStart = 0;
		let runTo = To.Head;
		const switchRun = ( to: To, at: number ) => {
			if ( to !== runTo ) {
				this.keep( runTo, chunk, runStart, at );
				runStart = at;
				runTo = to;
			}
		};
		let i = 0;
		while ( i < chunk.length ) {
			if ( this.inValue() ) {
				switchRun( this.at === At.InElement ? To.Element : To.Head, i );
				const stop = this.value.scan( chunk, i );
				if ( this.at === At.Key ) {
					this.key.push( Buffer.from( chunk.subarray( i, stop ) ) );
				}
				i = stop;
				if ( this.value.ended !== 'no' ) {
					const wasElement = this.at === At.InElement;
					this.valueEnded( chunk, runStart, i );
					if ( wasElement ) {
						// Handed over whole: what follows starts a new run.
						runStart = i;
						runTo = To.Nowhere;
					}
				}
				continue;
			}
			const to = this.step( chunk[ i ] );
			if ( to === undefined ) {
				return false;
			}
			switchRun( to, i );
			i++;
		}
		// What is left of this chunk outlives it.
		this.keep( runTo, chunk, runStart, chunk.length );
		return true;
	}

	/**
	 * The manifest's bytes with the entries array emptied (`"entries": []`), once every byte was fed; or
	 * undefined if the splitter gave up.
	 */
	end(): Buffer | undefined {
		if ( this.at !== At.Trailing || ! this.sawEntries ) {
			this.at = At.GaveUp;
			return undefined;
		}
		return Buffer.concat( this.head );
	}

	/** Inside a key, a value of the head or an element: scan() reads it. */
	private inValue(): boolean {
		return (
			this.at === At.Key ||
			this.at === At.InValue ||
			this.at === At.InElement
		);
	}

	/**
	 * The key, value or element being read ended just before `end`.
	 * @param chunk
	 * @param runStart where the element's bytes in this chunk start
	 * @param end
	 */
	private valueEnded( chunk: Buffer, runStart: number, end: number ): void {
		if ( this.at === At.Key ) {
			this.isEntries = ENTRIES_KEY.equals( Buffer.concat( this.key ) );
			this.key = [];
			this.at = At.Colon;
		} else if ( this.at === At.InValue ) {
			this.at = At.AfterValue;
		} else {
			// Complete: its last piece may be handed over as a view of the chunk.
			if ( end > runStart ) {
				this.element.push( chunk.subarray( runStart, end ) );
			}
			this.emitElement();
			this.at = At.AfterElement;
		}
	}

	/**
	 * Keeps a copy of chunk[from, to) for the head or the current element (the chunk may not outlive feed).
	 * @param to
	 * @param chunk
	 * @param from
	 * @param end
	 */
	private keep( to: To, chunk: Buffer, from: number, end: number ): void {
		if ( end <= from || to === To.Nowhere ) {
			return;
		}
		const kept = Buffer.from( chunk.subarray( from, end ) );
		( to === To.Head ? this.head : this.element ).push( kept );
	}

	private emitElement(): void {
		const bytes =
			this.element.length === 1
				? this.element[ 0 ]
				: Buffer.concat( this.element );
		this.element = [];
		this.elements++;
		this.onElement( bytes );
	}

	/**
	 * Moves over one byte between values; where it goes, or undefined when the structure is not the plain
	 * one.
	 * @param byte
	 */
	private step( byte: number ): To | undefined {
		switch ( this.at ) {
			case At.Start:
				if ( isWhitespace( byte ) ) {
					return To.Head;
				}
				return byte === OPEN_OBJECT
					? this.go( At.FirstKey, To.Head )
					: this.giveUp();
			case At.FirstKey:
			case At.NextKey:
				if ( isWhitespace( byte ) ) {
					return To.Head;
				}
				if ( byte !== QUOTE ) {
					return this.giveUp(); // `{}` too: a manifest without entries is not split
				}
				this.key = [ Buffer.from( [ byte ] ) ];
				this.value.start( byte );
				return this.go( At.Key, To.Head );
			case At.Colon:
				if ( isWhitespace( byte ) ) {
					return To.Head;
				}
				return byte === COLON
					? this.go( At.Value, To.Head )
					: this.giveUp();
			case At.Value:
				return this.atValue( byte );
			case At.AfterValue:
				if ( isWhitespace( byte ) ) {
					return To.Head;
				}
				if ( byte === COMMA ) {
					return this.go( At.NextKey, To.Head );
				}
				return byte === CLOSE_OBJECT
					? this.go( At.Trailing, To.Head )
					: this.giveUp();
			case At.Trailing:
				return isWhitespace( byte ) ? To.Head : this.giveUp();
			case At.Element:
				if ( isWhitespace( byte ) ) {
					return To.Nowhere;
				}
				if ( byte === CLOSE_ARRAY && this.elements === 0 ) {
					return this.go( At.AfterValue, To.Head ); // `[]`
				}
				return this.value.start( byte )
					? this.go( At.InElement, To.Element )
					: this.giveUp();
			case At.AfterElement:
				if ( isWhitespace( byte ) ) {
					return To.Nowhere;
				}
				if ( byte === COMMA ) {
					return this.go( At.Element, To.Nowhere );
				}
				return byte === CLOSE_ARRAY
					? this.go( At.AfterValue, To.Head )
					: this.giveUp();
			default:
				return this.giveUp();
		}
	}

	private atValue( byte: number ): To | undefined {
		if ( isWhitespace( byte ) ) {
			return To.Head;
		}
		if ( this.isEntries ) {
			if ( this.sawEntries || byte !== OPEN_ARRAY ) {
				return this.giveUp();
			}
			this.sawEntries = true;
			return this.go( At.Element, To.Head );
		}
		return this.value.start( byte )
			? this.go( At.InValue, To.Head )
			: this.giveUp();
	}

	private go( at: At, to: To ): To {
		this.at = at;
		return to;
	}

	private giveUp(): undefined {
		this.at = At.GaveUp;
		return undefined;
	}
}
