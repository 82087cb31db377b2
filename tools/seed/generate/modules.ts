/**
 * Module rows owned by seeded users: Notes and Estimates (estimate line items stored as JSON).
 */
import { phpJsonEncode } from '../php-serialize';
import { DAY, datetimeBefore, ID_BASE } from '../plan';
import type { SeedContext, SeedCounts } from '../plan';
import { rngFor } from '../random';
import { COMPANIES, SERVICES, WORDS } from '../words';
import { slugify, type Row } from './row';
import { userId } from './users';

function sentence( words: string[] ): string {
	const text = words.join( ' ' );
	return text.charAt( 0 ).toUpperCase() + text.slice( 1 ) + '.';
}

export function generateNote(
	ctx: SeedContext,
	counts: SeedCounts,
	index: number
): Row {
	const rng = rngFor( ctx.seed, 'note', index );
	const created = rng.int( 1, 600 ) * DAY + rng.int( 0, DAY );
	const body = Array.from( { length: rng.int( 1, 6 ) }, () =>
		sentence(
			Array.from( { length: rng.int( 5, 18 ) }, () => rng.pick( WORDS ) )
		)
	).join( '\n\n' );
	return {
		id: ID_BASE.note + index,
		owner_user_id: userId( rng.int( 0, counts.users - 1 ) ),
		title: `${ sentence( [ rng.pick( WORDS ), rng.pick( WORDS ) ] ).slice( 0, -1 ) } — ${ rng.pick( COMPANIES ) }`,
		body,
		visibility: rng.chance( 0.7 ) ? 'private' : 'team',
		color: rng.pick( [ 'default', 'yellow', 'blue', 'green', 'red' ] ),
		is_pinned: rng.chance( 0.1 ) ? 1 : 0,
		tags: [ rng.pick( WORDS ), rng.pick( WORDS ) ].join( ',' ),
		link_url: rng.chance( 0.5 )
			? `${ ctx.siteUrl }/syteops/notes/${ ID_BASE.note + index }/`
			: '',
		created_at: datetimeBefore( created ),
		updated_at: datetimeBefore(
			Math.max( 0, created - rng.int( 0, 30 ) * DAY )
		),
	};
}

export function generateEstimate(
	ctx: SeedContext,
	counts: SeedCounts,
	index: number
): Row {
	const rng = rngFor( ctx.seed, 'estimate', index );
	const id = ID_BASE.estimate + index;
	const created = rng.int( 1, 600 ) * DAY + rng.int( 0, DAY );
	const items = Array.from( { length: rng.int( 1, 6 ) }, () => ( {
		description: rng.pick( SERVICES ),
		quantity: rng.int( 1, 10 ),
		unit_price_cents: rng.int( 20, 2500 ) * 100,
		tax_rate: rng.pick( [ 0, 0.07, 0.2 ] ),
	} ) );
	const subtotal = items.reduce(
		( sum, item ) => sum + item.quantity * item.unit_price_cents,
		0
	);
	const tax = items.reduce(
		( sum, item ) =>
			sum +
			Math.round( item.quantity * item.unit_price_cents * item.tax_rate ),
		0
	);
	const client = rng.pick( COMPANIES );
	return {
		id,
		owner_user_id: userId( rng.int( 0, counts.users - 1 ) ),
		estimate_number: `EST-${ String( id ).padStart( 6, '0' ) }`,
		client_name: client,
		client_email: `billing@${ slugify( client ) }.example.com`,
		status: rng.pick( [
			'draft',
			'sent',
			'accepted',
			'declined',
			'expired',
		] ),
		currency: rng.pick( [ 'USD', 'EUR', 'GBP' ] ),
		line_items: phpJsonEncode( items ),
		subtotal_cents: subtotal,
		tax_cents: tax,
		total_cents: subtotal + tax,
		notes: sentence(
			Array.from( { length: rng.int( 4, 12 ) }, () => rng.pick( WORDS ) )
		),
		public_url: `${ ctx.siteUrl }/syteops/estimates/view/${ rng.hex( 16 ) }/`,
		valid_until: datetimeBefore( created - 30 * DAY ).slice( 0, 10 ),
		created_at: datetimeBefore( created ),
		updated_at: datetimeBefore(
			Math.max( 0, created - rng.int( 0, 20 ) * DAY )
		),
	};
}
