/**
 * Posts and pages whose content and meta link back to the site: plain URLs in the content, a
 * PHP-serialized array and a JSON string (with escaped slashes) in postmeta.
 */
import { phpJsonEncode, phpSerialize } from '../php-serialize';
import { DAY, datetimeBefore, ID_BASE, postId, SEED_MARKER } from '../plan';
import type { SeedContext, SeedCounts } from '../plan';
import { rngFor } from '../random';
import { COMPANIES, WORDS } from '../words';
import { describeMedia } from './media';
import { metaRow, slugify, type Row } from './row';

interface PostFields {
	id: number;
	author: number;
	date: string;
	title: string;
	content: string;
	type: 'post' | 'page' | 'attachment';
	status: 'publish' | 'inherit' | 'draft';
	guid: string;
	mime?: string;
	parent?: number;
}

/**
 * A complete wp_posts row (every column WordPress 6.1 has).
 * @param fields
 */
export function postRow( fields: PostFields ): Row {
	return {
		ID: fields.id,
		post_author: fields.author,
		post_date: fields.date,
		post_date_gmt: fields.date,
		post_content: fields.content,
		post_title: fields.title,
		post_excerpt: '',
		post_status: fields.status,
		comment_status: fields.type === 'post' ? 'open' : 'closed',
		ping_status: 'closed',
		post_password: '',
		post_name: slugify( fields.title ),
		to_ping: '',
		pinged: '',
		post_modified: fields.date,
		post_modified_gmt: fields.date,
		post_content_filtered: '',
		post_parent: fields.parent ?? 0,
		guid: fields.guid,
		menu_order: 0,
		post_type: fields.type,
		post_mime_type: fields.mime ?? '',
		comment_count: 0,
	};
}

function paragraph( ctx: SeedContext, words: string[] ): string {
	return `<!-- wp:paragraph -->\n<p>${ words.join( ' ' ) }. Read more on <a href="${ ctx.siteUrl }/docs/${ words[ 0 ] }/">our docs</a>.</p>\n<!-- /wp:paragraph -->`;
}

/**
 * Post or page `index` of its kind, with its meta.
 * @param ctx
 * @param counts
 * @param kind
 * @param index
 */
export function generatePost(
	ctx: SeedContext,
	counts: SeedCounts,
	kind: 'post' | 'page',
	index: number
): { post: Row; meta: Row[] } {
	const rng = rngFor( ctx.seed, kind, index );
	const id = postId( counts, kind, index );
	const title = `${ rng.pick( COMPANIES ) }: ${ rng.pick( WORDS ) } ${ rng.pick( WORDS ) } ${ index + 1 }`;
	const image = describeMedia( ctx, counts, ( index * 3 ) % counts.media );
	const paragraphs = Array.from( { length: rng.int( 2, 6 ) }, () =>
		paragraph(
			ctx,
			Array.from( { length: rng.int( 8, 30 ) }, () => rng.pick( WORDS ) )
		)
	);
	if ( image.kind !== 'text' ) {
		paragraphs.push(
			`<!-- wp:image -->\n<figure class="wp-block-image"><img src="${ image.url }" alt=""/></figure>\n<!-- /wp:image -->`
		);
	}
	const author = ID_BASE.user + rng.int( 0, counts.users - 1 );
	const guid =
		kind === 'page'
			? `${ ctx.siteUrl }/?page_id=${ id }`
			: `${ ctx.siteUrl }/?p=${ id }`;
	const post = postRow( {
		id,
		author,
		date: datetimeBefore( rng.int( 0, 700 ) * DAY + rng.int( 0, DAY ) ),
		title,
		content: paragraphs.join( '\n\n' ),
		type: kind,
		status: rng.chance( 0.85 ) ? 'publish' : 'draft',
		guid,
	} );
	const settings = {
		layout: rng.pick( [ 'wide', 'boxed', 'full' ] ),
		cta_url: `${ ctx.siteUrl }/contact/?ref=${ kind }-${ id }`,
		related: [
			`${ ctx.siteUrl }/?p=${ postId( counts, 'post', ( index + 1 ) % counts.posts ) }`,
		],
	};
	const meta = [
		metaRow(
			'post_id',
			id,
			'_syteops_page_settings',
			phpSerialize( settings )
		),
		metaRow(
			'post_id',
			id,
			'_syteops_embed_config',
			phpJsonEncode( {
				source: `${ ctx.siteUrl }/wp-json/wp/v2/${ kind }s/${ id }`,
				theme: 'light',
			} )
		),
		metaRow( 'post_id', id, SEED_MARKER, String( ctx.seed ) ),
	];
	if ( image.kind !== 'text' ) {
		meta.push( metaRow( 'post_id', id, '_thumbnail_id', image.id ) );
	}
	return { post, meta };
}
