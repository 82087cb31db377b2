/**
 * Licensing records: connections this site issued to client sites, and the blacklist.
 */
import { phpJsonEncode } from '../php-serialize';
import { DAY, datetimeBefore, ID_BASE } from '../plan';
import type { SeedContext, SeedCounts } from '../plan';
import { rngFor } from '../random';
import { COMPANIES } from '../words';
import { slugify, type Row } from './row';
import { userId } from './users';

export function generateConnection(
	ctx: SeedContext,
	counts: SeedCounts,
	index: number
): Row {
	const rng = rngFor( ctx.seed, 'connection', index );
	const company = rng.pick( COMPANIES );
	const domain = `${ slugify( company ) }-${ index + 1 }.example.net`;
	const issued = rng.int( 10, 700 ) * DAY;
	const status = rng.pick( [
		'active',
		'active',
		'active',
		'revoked',
		'expired',
	] );
	return {
		id: ID_BASE.connection + index,
		connection_key: `conn_${ rng.hex( 24 ) }_${ index + 1 }`,
		site_url: `https://${ domain }`,
		site_name: company,
		status,
		plan: rng.pick( [ 'starter', 'agency', 'enterprise' ] ),
		issued_to_email: `admin@${ domain }`,
		issued_by_user_id: userId( rng.int( 0, counts.users - 1 ) ),
		issued_at: datetimeBefore( issued ),
		expires_at:
			status === 'active' ? datetimeBefore( issued - 365 * DAY ) : null,
		last_seen_at:
			status === 'active'
				? datetimeBefore( rng.int( 0, 9 ) * DAY )
				: null,
		meta: phpJsonEncode( {
			callback_url: `${ ctx.siteUrl }/wp-json/syteops/v1/license/callback`,
			php: '8.2',
			wp: '6.1',
		} ),
	};
}

export function generateBlacklistEntry(
	ctx: SeedContext,
	counts: SeedCounts,
	index: number
): Row {
	const rng = rngFor( ctx.seed, 'blacklist', index );
	const kind = rng.pick( [ 'domain', 'email', 'key', 'ip' ] as const );
	const values = {
		domain: `pirated-${ index + 1 }.example.biz`,
		email: `chargeback-${ index + 1 }@example.biz`,
		key: `SYTE-BAN-${ rng.hex( 12 ).toUpperCase() }-${ index + 1 }`,
		ip: `198.51.${ Math.floor( index / 254 ) % 256 }.${ ( index % 254 ) + 1 }`,
	};
	return {
		id: ID_BASE.blacklist + index,
		kind,
		value: values[ kind ],
		reason: rng.pick( [
			'Chargeback',
			'Key shared publicly',
			'Abuse report',
			'Refund requested',
		] ),
		added_by_user_id: userId( rng.int( 0, counts.users - 1 ) ),
		created_at: datetimeBefore( rng.int( 1, 500 ) * DAY ),
		expires_at: rng.chance( 0.3 )
			? datetimeBefore( -rng.int( 30, 365 ) * DAY )
			: null,
	};
}
