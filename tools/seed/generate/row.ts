/** A row to insert: column name => value. Column order is the key order. */
export type SqlValue = string | number | null;
export type Row = Record< string, SqlValue >;

/**
 * A wp_usermeta / wp_postmeta row.
 * @param idColumn
 * @param id
 * @param key
 * @param value
 */
export function metaRow(
	idColumn: 'user_id' | 'post_id',
	id: number,
	key: string,
	value: string | number
): Row {
	return { [ idColumn ]: id, meta_key: key, meta_value: String( value ) };
}

/**
 * A URL-friendly slug.
 * @param text
 */
export function slugify( text: string ): string {
	return text
		.normalize( 'NFKD' )
		.replace( /[\u0300-\u036f]/g, '' )
		.toLowerCase()
		.replace( /[^a-z0-9]+/g, '-' )
		.replace( /^-|-$/g, '' );
}
