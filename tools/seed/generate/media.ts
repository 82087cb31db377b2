/**
 * Media library items: a real file in uploads/YYYY/MM (PNG, JPEG or text), its attachment post and
 * its `_wp_attached_file` / `_wp_attachment_metadata` meta.
 */
import { makeJpeg, makePng } from '../images';
import { phpSerialize, type PhpValue } from '../php-serialize';
import { DAY, datetimeBefore, postId, SEED_MARKER } from '../plan';
import type { SeedContext, SeedCounts } from '../plan';
import { rngFor } from '../random';
import { WORDS } from '../words';
import { metaRow, type Row } from './row';
import { postRow } from './posts';

export type MediaKind = 'png' | 'jpeg' | 'text';

export interface MediaItem {
	id: number;
	kind: MediaKind;
	/** Path relative to the uploads directory, e.g. "2024/05/client-launch-7.png". */
	relativePath: string;
	url: string;
	width: number;
	height: number;
	date: string;
}

const MIME: Record< MediaKind, string > = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	text: 'text/plain',
};
const EXTENSION: Record< MediaKind, string > = {
	png: 'png',
	jpeg: 'jpg',
	text: 'txt',
};

/**
 * Kind, path and size of media item `index`, without generating its bytes.
 * @param ctx
 * @param counts
 * @param index
 */
export function describeMedia(
	ctx: SeedContext,
	counts: SeedCounts,
	index: number
): MediaItem {
	const rng = rngFor( ctx.seed, 'media', index );
	const kind = ( [ 'png', 'jpeg', 'text' ] as const )[ index % 3 ];
	const date = datetimeBefore( rng.int( 0, 700 ) * DAY + rng.int( 0, DAY ) );
	const folder = `${ date.slice( 0, 4 ) }/${ date.slice( 5, 7 ) }`;
	const name = `${ rng.pick( WORDS ) }-${ rng.pick( WORDS ) }-${ index + 1 }.${ EXTENSION[ kind ] }`;
	const relativePath = `${ folder }/${ name }`;
	return {
		id: postId( counts, 'media', index ),
		kind,
		relativePath,
		url: `${ ctx.uploadsUrl }/${ relativePath }`,
		width: kind === 'text' ? 0 : rng.int( 4, 30 ) * 8,
		height: kind === 'text' ? 0 : rng.int( 4, 20 ) * 8,
		date,
	};
}

/**
 * Index of an image (never a text file) among the media items, for profile pictures.
 * @param counts
 * @param n
 */
export function imageMediaIndex( counts: SeedCounts, n: number ): number {
	const groups = Math.max( 1, Math.floor( counts.media / 3 ) );
	return ( n % groups ) * 3 + ( n % 2 );
}

/**
 * The file's bytes.
 * @param ctx
 * @param item
 */
export function mediaBytes( ctx: SeedContext, item: MediaItem ): Buffer {
	const rng = rngFor( ctx.seed, 'media-bytes', item.id );
	if ( item.kind === 'png' ) {
		return makePng( item.width, item.height, rng );
	}
	if ( item.kind === 'jpeg' ) {
		return makeJpeg( item.width, item.height, rng );
	}
	const lines = Array.from(
		{ length: rng.int( 5, 40 ) },
		( _, i ) =>
			`${ i + 1 }. ${ rng.pick( WORDS ) } ${ rng.pick( WORDS ) } — see ${ ctx.siteUrl }/docs/${ rng.pick( WORDS ) }/`
	);
	return Buffer.from(
		`Seeded note file ${ item.relativePath }\n${ lines.join( '\n' ) }\n`,
		'utf8'
	);
}

/**
 * The attachment post and its meta. `fileSize` is the byte length of mediaBytes().
 * @param ctx
 * @param item
 * @param fileSize
 * @param authorId
 */
export function mediaRows(
	ctx: SeedContext,
	item: MediaItem,
	fileSize: number,
	authorId: number
): { post: Row; meta: Row[] } {
	const title =
		item.relativePath
			.split( '/' )
			.pop()
			?.replace( /\.\w+$/, '' ) ?? 'file';
	const post = postRow( {
		id: item.id,
		author: authorId,
		date: item.date,
		title,
		content: '',
		type: 'attachment',
		status: 'inherit',
		guid: item.url,
		mime: MIME[ item.kind ],
	} );
	const metadata: PhpValue =
		item.kind === 'text'
			? { filesize: fileSize }
			: {
					width: item.width,
					height: item.height,
					file: item.relativePath,
					filesize: fileSize,
					sizes: {},
					image_meta: {
						aperture: '0',
						credit: '',
						camera: '',
						caption: '',
						created_timestamp: '0',
						copyright: '',
						focal_length: '0',
						iso: '0',
						shutter_speed: '0',
						title: '',
						orientation: '0',
						keywords: [],
					},
				};
	return {
		post,
		meta: [
			metaRow(
				'post_id',
				item.id,
				'_wp_attached_file',
				item.relativePath
			),
			metaRow(
				'post_id',
				item.id,
				'_wp_attachment_metadata',
				phpSerialize( metadata )
			),
			metaRow( 'post_id', item.id, SEED_MARKER, String( ctx.seed ) ),
		],
	};
}
