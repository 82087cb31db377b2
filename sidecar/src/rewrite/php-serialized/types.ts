/**
 * The syntax tree of PHP's serialize() format, read from the text and never turned into PHP values, so no
 * class is ever instantiated. All text is byte strings (see ../bytes.ts). Scalars keep their original
 * token so an unchanged scalar is written back byte for byte.
 */
import type { ByteString } from '../bytes';

export type PhpNode =
	| { kind: 'string'; bytes: ByteString }
	| { kind: 'int'; token: string }
	| { kind: 'float'; token: string }
	| { kind: 'bool'; token: string }
	| { kind: 'null' }
	| { kind: 'array'; entries: PhpEntry[] }
	| { kind: 'object'; className: ByteString; entries: PhpEntry[] }
	/** `C:` – a class's own Serializable payload: opaque, kept as it is. */
	| { kind: 'custom'; className: ByteString; payload: ByteString }
	/** `r:` (object handle) or `R:` (PHP reference) to the n-th value slot. */
	| { kind: 'reference'; type: 'r' | 'R'; token: string }
	/** `E:` – a PHP 8.1 enum case, `Class:Case`. */
	| { kind: 'enum'; name: ByteString };

export interface PhpEntry {
	key: PhpNode;
	value: PhpNode;
}

/** Why the text is not a PHP-serialized value, and where reading stopped. Never anything else is thrown. */
export class SerializedParseError extends Error {
	readonly offset: number;
	readonly reason: string;

	constructor( reason: string, offset: number ) {
		super( `Not PHP-serialized data: ${ reason } at byte ${ offset }.` );
		this.name = 'SerializedParseError';
		this.reason = reason;
		this.offset = offset;
	}
}
