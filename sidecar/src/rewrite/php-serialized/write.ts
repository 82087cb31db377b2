/**
 * Writes a syntax tree back in PHP's serialize() format. Every length and count is recomputed from the
 * bytes it describes, so a rewritten string anywhere in the tree yields a valid serialization.
 */
import type { ByteString } from '../bytes';
import type { PhpEntry, PhpNode } from './types';

export function writeSerialized( node: PhpNode ): ByteString {
	switch ( node.kind ) {
		case 'string':
			return `s:${ node.bytes.length }:"${ node.bytes }";`;
		case 'int':
			return `i:${ node.token };`;
		case 'float':
			return `d:${ node.token };`;
		case 'bool':
			return `b:${ node.token };`;
		case 'null':
			return 'N;';
		case 'array':
			return `a:${ node.entries.length }:{${ writeEntries( node.entries ) }}`;
		case 'object':
			return `O:${ node.className.length }:"${ node.className }":${
				node.entries.length
			}:{${ writeEntries( node.entries ) }}`;
		case 'custom':
			return `C:${ node.className.length }:"${ node.className }":${
				node.payload.length
			}:{${ node.payload }}`;
		case 'reference':
			return `${ node.type }:${ node.token };`;
		case 'enum':
			return `E:${ node.name.length }:"${ node.name }";`;
	}
}

function writeEntries( entries: PhpEntry[] ): string {
	return entries
		.map(
			( entry ) =>
				writeSerialized( entry.key ) + writeSerialized( entry.value )
		)
		.join( '' );
}
