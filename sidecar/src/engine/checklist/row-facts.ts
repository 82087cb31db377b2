/**
 * The checklist's facts that come from the rows themselves, observed on their way out of the archive (before
 * any URL rewrite): the options that matter and the profile-picture meta. Only picture URLs on the source's
 * host are kept, so memory grows with the pictures that may need re-uploading, not with the site. Plain
 * data in and out (`sent`), so a load running on a worker thread observes there and the restore merges.
 */
import type { Row, TableHeader } from '../../archive/row-codec';

const PICTURE_META = 'syteops_profile_picture_url';
const WATCHED_OPTIONS = [ 'syteops_integrations', 'upload_url_path' ];

export interface ObservedPicture {
	user_id: number;
	url: string;
}

/** What a RowFacts observed, as a structured clone carries it. */
export interface SentRowFacts {
	options: [ string, string ][];
	pictures: ObservedPicture[];
}

export function hostOf( url: string ): string | null {
	try {
		return new URL( url ).host.toLowerCase().replace( /^www\./, '' );
	} catch {
		return null;
	}
}

export class RowFacts {
	readonly options = new Map< string, string >();
	readonly pictures: ObservedPicture[] = [];
	private readonly sourceHost: string | null;

	/** @param sourceSiteUrl The archive's source site URL (the manifest's `source.site_url`). */
	constructor( sourceSiteUrl: string ) {
		this.sourceHost = hostOf( sourceSiteUrl );
	}

	/**
	 * Looks at one row as it comes out of the archive (call it before the row is transformed).
	 * @param suffix
	 * @param header
	 * @param row
	 */
	observe( suffix: string, header: TableHeader, row: Row ): void {
		const at = ( name: string ) =>
			header.columns.findIndex( ( c ) => c.name === name );
		if ( suffix === 'options' ) {
			const name = row[ at( 'option_name' ) ];
			if (
				typeof name === 'string' &&
				WATCHED_OPTIONS.includes( name )
			) {
				this.options.set( name, String( row[ at( 'option_value' ) ] ) );
			}
		} else if ( suffix === 'usermeta' ) {
			const value = row[ at( 'meta_value' ) ];
			if (
				row[ at( 'meta_key' ) ] === PICTURE_META &&
				typeof value === 'string' &&
				this.sourceHost !== null &&
				value.toLowerCase().includes( this.sourceHost )
			) {
				this.pictures.push( {
					user_id: Number( row[ at( 'user_id' ) ] ),
					url: value,
				} );
			}
		}
	}

	/**
	 * Whether rows of this table can hold a fact.
	 * @param suffix
	 */
	watches( suffix: string ): boolean {
		return suffix === 'options' || suffix === 'usermeta';
	}

	/**
	 * Drops what was observed of one table: a load stopped part-way observes it again from the start.
	 * @param suffix
	 */
	forget( suffix: string ): void {
		if ( suffix === 'options' ) {
			this.options.clear();
		} else if ( suffix === 'usermeta' ) {
			this.pictures.length = 0;
		}
	}

	toSent(): SentRowFacts {
		return { options: [ ...this.options ], pictures: this.pictures };
	}

	/**
	 * Adds what another RowFacts observed (a load on a worker thread).
	 * @param sent
	 */
	absorb( sent: SentRowFacts ): void {
		sent.options.forEach( ( [ name, value ] ) =>
			this.options.set( name, value )
		);
		this.pictures.push( ...sent.pictures );
	}
}
