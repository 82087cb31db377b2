/**
 * What happens to each row on its way into staging during a restore or import: the table prefix carried in
 * option names and user-meta keys is moved to the target's prefix, and, with URL rewrite on, every text
 * value that contained the source site's URL is rewritten (serialization-safe). Binary columns are never
 * touched. Values that cannot be rewritten safely are left as they were and counted.
 */
import type { Row, TableHeader } from '../archive/row-codec';
import { buildUrlMap, rewriteValue, type UrlMap } from '../rewrite';

export interface TransformStats {
	values_rewritten: number;
	rows_changed: number;
	unsafe: Record< string, number >;
	prefixed_keys_moved: number;
}

export interface RowTransformOptions {
	sourcePrefix: string;
	targetPrefix: string;
	urlRewrite: { from: string; to: string } | null;
}

export function createRowTransform( options: RowTransformOptions ) {
	const stats: TransformStats = {
		values_rewritten: 0,
		rows_changed: 0,
		unsafe: {},
		prefixed_keys_moved: 0,
	};
	const map: UrlMap | null =
		options.urlRewrite && options.urlRewrite.from !== options.urlRewrite.to
			? buildUrlMap( options.urlRewrite.from, options.urlRewrite.to )
			: null;
	const movePrefix = options.sourcePrefix !== options.targetPrefix;

	const prefixColumn = ( suffix: string ): string | null => {
		if ( suffix === 'options' ) {
			return 'option_name';
		}
		return suffix === 'usermeta' ? 'meta_key' : null;
	};

	const transform = (
		suffix: string,
		header: TableHeader,
		row: Row
	): Row => {
		if ( ! map && ! movePrefix ) {
			return row; // nothing can change: no copy per row
		}
		// Copied on the first change only: most rows of most tables pass unchanged.
		let out: Row | undefined;
		const keyColumn = movePrefix ? prefixColumn( suffix ) : null;
		const columns = header.columns;
		for ( let i = 0; i < columns.length; i++ ) {
			const column = columns[ i ];
			const value = row[ i ];
			if ( column.binary || typeof value !== 'string' ) {
				continue;
			}
			if (
				keyColumn === column.name &&
				value.startsWith( options.sourcePrefix )
			) {
				// wp_user_roles, wp_capabilities, wp_user_level...: WordPress looks them up by the live prefix.
				out ??= row.slice();
				out[ i ] =
					options.targetPrefix +
					value.slice( options.sourcePrefix.length );
				stats.prefixed_keys_moved++;
				continue;
			}
			if ( map ) {
				const result = rewriteValue( value, map );
				if ( result.unsafe ) {
					stats.unsafe[ result.unsafe ] =
						( stats.unsafe[ result.unsafe ] ?? 0 ) + 1;
				} else if ( result.changed ) {
					out ??= row.slice();
					out[ i ] = String( result.value );
					stats.values_rewritten += result.count;
				}
			}
		}
		if ( out ) {
			stats.rows_changed++;
		}
		return out ?? row;
	};
	return { transform, stats };
}
