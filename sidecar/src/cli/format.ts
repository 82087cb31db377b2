/**
 * Small pure helpers for human output: sizes, counts and aligned text tables.
 */

export function formatBytes( bytes: number ): string {
	const units = [ 'B', 'KiB', 'MiB', 'GiB', 'TiB' ];
	let value = bytes;
	let unit = 0;
	while ( value >= 1024 && unit < units.length - 1 ) {
		value /= 1024;
		unit++;
	}
	return unit === 0
		? `${ bytes } B`
		: `${ value.toFixed( value < 10 ? 1 : 0 ) } ${ units[ unit ] }`;
}

/**
 * A whole number with thousands separators, as `toLocaleString( 'en-US' )` writes it. Written out because the
 * first `toLocaleString` call of a process loads ICU's number formatting, about 20 ms of a `preview`.
 * @param n
 */
export function formatCount( n: number ): string {
	if ( ! Number.isSafeInteger( n ) ) {
		return n.toLocaleString( 'en-US' );
	}
	return String( n ).replace( /\B(?=(\d{3})+$)/g, ',' );
}

/**
 * Left-aligned columns separated by two spaces; the header row first.
 * @param header
 * @param rows
 */
export function formatTable( header: string[], rows: string[][] ): string {
	const widths = header.map( ( h, i ) =>
		Math.max( h.length, ...rows.map( ( r ) => ( r[ i ] ?? '' ).length ) )
	);
	const line = ( cells: string[] ) =>
		cells
			.map( ( c, i ) =>
				i === cells.length - 1 ? c : c.padEnd( widths[ i ] )
			)
			.join( '  ' )
			.trimEnd();
	return [ header, ...rows ].map( line ).join( '\n' ) + '\n';
}
