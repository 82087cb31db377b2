/**
 * PHP's serialize() for plain data, so the seeder can write option and meta values exactly as
 * update_option()/update_metadata() would. String lengths are UTF-8 byte counts, as in PHP.
 */

export type PhpValue =
	| null
	| boolean
	| number
	| string
	| PhpValue[]
	| { [ key: string ]: PhpValue };

function serializeKey( key: string ): string {
	// PHP stores integer-like array keys as integers.
	return /^(0|-?[1-9]\d*)$/.test( key )
		? `i:${ key };`
		: serializeString( key );
}

function serializeString( value: string ): string {
	return `s:${ Buffer.byteLength( value, 'utf8' ) }:"${ value }";`;
}

function serializeNumber( value: number ): string {
	if ( Number.isInteger( value ) ) {
		return `i:${ value };`;
	}
	if ( ! Number.isFinite( value ) ) {
		throw new Error(
			'PHP serialize: non-finite numbers are not supported'
		);
	}
	return `d:${ value };`;
}

export function phpSerialize( value: PhpValue ): string {
	if ( value === null ) {
		return 'N;';
	}
	if ( typeof value === 'boolean' ) {
		return `b:${ value ? 1 : 0 };`;
	}
	if ( typeof value === 'number' ) {
		return serializeNumber( value );
	}
	if ( typeof value === 'string' ) {
		return serializeString( value );
	}
	const entries: Array< [ string, PhpValue ] > = Array.isArray( value )
		? value.map( ( item, index ) => [ String( index ), item ] )
		: Object.entries( value );
	const body = entries
		.map( ( [ key, item ] ) => serializeKey( key ) + phpSerialize( item ) )
		.join( '' );
	return `a:${ entries.length }:{${ body }}`;
}

/**
 * JSON the way PHP's json_encode() writes it by default: slashes escaped ("https:\/\/") and non-ASCII
 * characters as \uXXXX escapes.
 * @param value
 */
export function phpJsonEncode( value: unknown ): string {
	return JSON.stringify( value )
		.replace( /\//g, '\\/' )
		.replace(
			/[\u0080-\uffff]/g,
			( char ) =>
				'\\u' + char.charCodeAt( 0 ).toString( 16 ).padStart( 4, '0' )
		);
}
