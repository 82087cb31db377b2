/**
 * The SyteOps options (tabs, variable sets, Product License record) and the secrets table rows.
 * Same shapes as the plugin's defaults (SyteOps_Backup_Defaults), filled in; URLs of this site appear
 * in serialized arrays and inside JSON strings. Secret values are fake and recognisable (SEEDFAKE).
 */
import { phpJsonEncode, phpSerialize, type PhpValue } from '../php-serialize';
import { datetimeBefore, DAY } from '../plan';
import type { SeedContext } from '../plan';
import { rngFor } from '../random';
import type { Row } from './row';

const SERVICES = [ 'stripe', 'mailchimp', 'slack', 'flowmattic' ] as const;

function integrations( ctx: SeedContext, secretNames: string[] ): PhpValue {
	const rng = rngFor( ctx.seed, 'integrations' );
	const cards: Record< string, PhpValue > = {};
	for ( const service of SERVICES ) {
		cards[ service ] = {
			enabled: rng.chance( 0.75 ),
			webhook_endpoint: `${ ctx.siteUrl }/wp-json/syteops/v1/webhooks/${ service }`,
			settings_json: phpJsonEncode( {
				return_url: `${ ctx.siteUrl }/syteops/integrations/${ service }/`,
				channel: service === 'slack' ? '#syteops-alerts' : undefined,
			} ),
			secret_fields: secretNames.filter( ( name ) =>
				name.startsWith( `integrations.${ service }.` )
			),
		};
	}
	return { cards };
}

function variableSets( ctx: SeedContext ): PhpValue {
	const rng = rngFor( ctx.seed, 'variable-sets' );
	const tabs = [ 'general', 'users', 'integrations', 'system_api' ];
	const sets: Record< string, PhpValue > = {};
	for ( let i = 0; i < 4 + ctx.scale; i++ ) {
		const tab = tabs[ i % tabs.length ];
		sets[ `set_${ i + 1 }` ] = {
			label: `${ tab } preset ${ i + 1 }`,
			tab,
			variables: {
				portal_url: `${ ctx.siteUrl }/portal/${ tab }/`,
				accent_color: `#${ rng.hex( 6 ) }`,
				page_size: rng.int( 10, 100 ),
			},
			config_json: phpJsonEncode( {
				help: `${ ctx.siteUrl }/docs/variable-sets/#set-${ i + 1 }`,
			} ),
		};
	}
	return { sets };
}

/**
 * option_name => PHP value, for every SyteOps option the seeder writes.
 * @param ctx
 * @param secretNames
 */
export function generateOptions(
	ctx: SeedContext,
	secretNames: string[]
): Record< string, PhpValue > {
	const rng = rngFor( ctx.seed, 'options' );
	return {
		syteops_general: {
			company_name: 'Seeded Agency Ltd',
			dashboard_url: `${ ctx.siteUrl }/syteops/dashboard/`,
			documentation_url: `${ ctx.siteUrl }/docs/syteops/`,
			support_email: 'support@example.com',
			timezone: rng.pick( [
				'UTC',
				'Europe/Berlin',
				'America/New_York',
			] ),
			date_format: 'Y-m-d',
			widgets_json: phpJsonEncode( {
				quick_links: [
					{
						label: 'Dashboard',
						url: `${ ctx.siteUrl }/syteops/dashboard/`,
					},
					{ label: 'Café menu ☕', url: `${ ctx.siteUrl }/cafe/` },
				],
			} ),
		},
		syteops_users: {
			directory_url: `${ ctx.siteUrl }/team/`,
			default_syteops_role: 'member',
			allow_self_edit: true,
			default_profile_picture: `${ ctx.uploadsUrl }/syteops/default-avatar.png`,
			visible_card_fields: [
				'syteops_card_title',
				'syteops_card_phone',
				'syteops_card_department',
			],
		},
		syteops_roles: {
			roles: {
				member: {
					label: 'Member',
					permissions: [ 'notes.read', 'notes.write' ],
				},
				sales: {
					label: 'Sales',
					permissions: [
						'notes.read',
						'notes.write',
						'estimates.read',
						'estimates.write',
					],
				},
				manager: {
					label: 'Manager',
					permissions: [ 'notes.*', 'estimates.*', 'users.read' ],
				},
			},
		},
		syteops_integrations: integrations( ctx, secretNames ),
		syteops_system_api: {
			api_enabled: true,
			api_base_url: `${ ctx.siteUrl }/wp-json/syteops/v1/`,
			allowed_origins: [ ctx.siteUrl, 'https://crm.example.org' ],
			rate_limit_minute: rng.int( 60, 600 ),
			webhooks_json: phpJsonEncode( {
				outgoing: [
					{
						event: 'estimate.accepted',
						url: 'https://hooks.example.org/syteops',
					},
				],
				incoming: `${ ctx.siteUrl }/wp-json/syteops/v1/webhooks/incoming`,
			} ),
		},
		syteops_variable_sets: variableSets( ctx ),
		syteops_license: {
			status: 'active',
			plan: 'agency',
			licensed_site: ctx.siteUrl,
			last_checked_at: datetimeBefore( 2 * DAY ),
			expires_at: datetimeBefore( -300 * DAY ),
			license_page_url: `${ ctx.siteUrl }/wp-admin/admin.php?page=syteops-license`,
		},
	};
}

/**
 * Serialized wp_options rows (autoload off, like the plugin's own add_option calls).
 * @param ctx
 * @param secretNames
 */
export function optionRows( ctx: SeedContext, secretNames: string[] ): Row[] {
	return Object.entries( generateOptions( ctx, secretNames ) ).map(
		( [ name, value ] ) => ( {
			option_name: name,
			option_value: phpSerialize( value ),
			autoload: 'no',
		} )
	);
}

/**
 * One row per registry secret: fake values that are easy to spot if one ever leaks into an archive.
 * @param ctx
 * @param secretNames
 */
export function secretRows( ctx: SeedContext, secretNames: string[] ): Row[] {
	const rng = rngFor( ctx.seed, 'secrets' );
	return secretNames.map( ( name ) => {
		const kind = name.split( '.' ).pop() ?? 'secret';
		const value =
			name === 'license.product_key'
				? `SYTE-SEEDFAKE-${ rng.hex( 4 ).toUpperCase() }-${ rng.hex( 4 ).toUpperCase() }-${ rng.hex( 4 ).toUpperCase() }`
				: `seedfake_${ kind }_${ rng.token( 32 ) }`;
		return {
			name,
			value,
			updated_by_user_id: 0,
			updated_at: datetimeBefore( 5 * DAY ),
		};
	} );
}
