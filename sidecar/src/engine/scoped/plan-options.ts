/**
 * The options part of an import plan: the archive's option rows transformed (prefix, URLs), kept only when
 * the export's scope owns them on this site, and compared with this site's values.
 */
import type { Row, TableHeader } from '../../archive/row-codec';
import type { ArchiveReader } from '../../archive/zip-reader';
import type { SiteContext } from '../context';
import type { Registry } from '../registry';
import { allowedOptions, archiveRows, rowRecord } from './import-parts';
import { targetOptions } from './plan-reads';

export interface OptionRow {
	name: string;
	value: string;
	autoload: string;
}

type Transform = ( suffix: string, header: TableHeader, row: Row ) => Row;

export async function planOptions(
	site: SiteContext,
	reader: ArchiveReader,
	registry: Registry,
	transform: Transform
) {
	const allowed = allowedOptions(
		registry,
		reader.manifest.scope,
		site.config.tablePrefix
	);
	const options: OptionRow[] = [];
	const skipped: string[] = [];
	let inArchive = 0;
	for await ( const { header, row } of archiveRows( reader, 'options' ) ) {
		inArchive++;
		const record = rowRecord( header, transform( 'options', header, row ) );
		const name = String( record.option_name );
		if ( ! allowed.has( name ) ) {
			skipped.push( name );
			continue;
		}
		options.push( {
			name,
			value: String( record.option_value ?? '' ),
			autoload: String( record.autoload ?? 'yes' ),
		} );
	}
	const live = await targetOptions(
		site,
		options.map( ( o ) => o.name )
	);
	const same = ( o: OptionRow ) =>
		live.get( o.name )?.value === o.value &&
		live.get( o.name )?.autoload === o.autoload;
	return {
		options,
		summary: {
			in_archive: inArchive,
			added: options.filter( ( o ) => ! live.has( o.name ) ).length,
			changed: options.filter(
				( o ) => live.has( o.name ) && ! same( o )
			).length,
			unchanged: options.filter( same ).length,
			skipped,
		},
	};
}
