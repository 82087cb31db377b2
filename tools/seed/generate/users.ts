/**
 * User cards: a WordPress user (wp_users row) with its usermeta: WordPress basics, the prefixed
 * `capabilities`/`user_level`, the SyteOps card fields, SyteOps role assignments and a profile picture
 * URL (some in this site's uploads, some external).
 */
import { createHash } from 'crypto';

import { phpJsonEncode, phpSerialize } from '../php-serialize';
import { DAY, datetimeBefore, ID_BASE, SEED_MARKER } from '../plan';
import type { SeedContext, SeedCounts } from '../plan';
import { rngFor } from '../random';
import { DEPARTMENTS, FIRST_NAMES, LAST_NAMES, TITLES, WORDS } from '../words';
import { describeMedia, imageMediaIndex } from './media';
import { metaRow, slugify, type Row } from './row';

/** Every seeded user can log in with this password (stored as MD5, which WordPress upgrades on login). */
export const SEEDED_USER_PASSWORD = 'syteops-seed-password';
const SEEDED_USER_PASSWORD_MD5 = createHash( 'md5' )
	.update( SEEDED_USER_PASSWORD )
	.digest( 'hex' );

/** WordPress role => user_level, as WordPress derives it. */
const WP_ROLES: Record< string, number > = {
	subscriber: 0,
	contributor: 1,
	author: 2,
	editor: 7,
	syteops_viewer: 0,
};
const SYTEOPS_ROLES = [ 'member', 'sales', 'manager' ] as const;

export function userId( index: number ): number {
	return ID_BASE.user + index;
}

function profilePictureUrl(
	ctx: SeedContext,
	counts: SeedCounts,
	index: number
): string {
	if ( index % 3 === 2 ) {
		return `https://avatars.example-cdn.com/u/${ index + 1 }.jpg`;
	}
	return describeMedia( ctx, counts, imageMediaIndex( counts, index ) ).url;
}

/**
 * User `index` and its meta rows.
 * @param ctx
 * @param counts
 * @param index
 */
export function generateUser(
	ctx: SeedContext,
	counts: SeedCounts,
	index: number
): { user: Row; meta: Row[] } {
	const rng = rngFor( ctx.seed, 'user', index );
	const id = userId( index );
	const first = rng.pick( FIRST_NAMES );
	const last = rng.pick( LAST_NAMES );
	const login = `${ slugify( first ) }.${ slugify( last ) }${ index + 1 }`;
	const role = rng.pick( Object.keys( WP_ROLES ) );
	const department = rng.pick( DEPARTMENTS );
	const syteopsRoles = SYTEOPS_ROLES.filter( () => rng.chance( 0.5 ) );
	const user: Row = {
		ID: id,
		user_login: login,
		user_pass: SEEDED_USER_PASSWORD_MD5,
		user_nicename: login.replace( '.', '-' ),
		user_email: `${ login }@example.com`,
		user_url: rng.chance( 0.3 )
			? `https://${ slugify( last ) }.example.org`
			: '',
		user_registered: datetimeBefore( rng.int( 30, 900 ) * DAY ),
		user_activation_key: '',
		user_status: 0,
		display_name: `${ first } ${ last }`,
	};
	const prefs = {
		home_widget: rng.pick( [ 'notes', 'estimates', 'calendar' ] ),
		shortcuts: [
			`${ ctx.siteUrl }/syteops/notes/`,
			`${ ctx.siteUrl }/syteops/estimates/?owner=${ id }`,
		],
		layout_json: phpJsonEncode( {
			columns: rng.int( 1, 3 ),
			dashboard: `${ ctx.siteUrl }/syteops/dashboard/`,
		} ),
	};
	const meta: Array< [ string, string | number ] > = [
		[ 'nickname', login ],
		[ 'first_name', first ],
		[ 'last_name', last ],
		[ 'description', `${ rng.pick( TITLES ) } in ${ department }.` ],
		[ 'rich_editing', 'true' ],
		[ 'syntax_highlighting', 'true' ],
		[ 'comment_shortcuts', 'false' ],
		[ 'admin_color', 'fresh' ],
		[ 'use_ssl', 0 ],
		[ 'show_admin_bar_front', 'true' ],
		[ 'locale', '' ],
		[ `${ ctx.prefix }capabilities`, phpSerialize( { [ role ]: true } ) ],
		[ `${ ctx.prefix }user_level`, WP_ROLES[ role ] ],
		[ `${ ctx.prefix }syteops_dashboard_prefs`, phpSerialize( prefs ) ],
		[ 'syteops_card_title', rng.pick( TITLES ) ],
		[
			'syteops_card_phone',
			`+1-555-${ String( rng.int( 100, 999 ) ) }-${ String( rng.int( 1000, 9999 ) ) }`,
		],
		[ 'syteops_card_department', department ],
		[
			'syteops_card_bio',
			`Works on ${ rng.pick( WORDS ) } and ${ rng.pick( WORDS ) }. Profile: ${ ctx.siteUrl }/team/${ login.replace( '.', '-' ) }/`,
		],
		[
			'syteops_profile_picture_url',
			profilePictureUrl( ctx, counts, index ),
		],
		[ 'syteops_roles', phpSerialize( syteopsRoles ) ],
		[ SEED_MARKER, String( ctx.seed ) ],
	];
	return {
		user,
		meta: meta.map( ( [ key, value ] ) =>
			metaRow( 'user_id', id, key, value )
		),
	};
}
