/**
 * The post-restore checklist (pure): license re-check after a full restore, integration cards whose
 * credentials must be re-entered, and profile pictures that pointed into the source site's media library.
 */
import {
	buildPostRestoreChecklist,
	mediaLibraryPath,
	MAX_LISTED_PICTURES,
	type ChecklistFacts,
} from '../../../../sidecar/src/engine/checklist';
import { serializePlain } from '../../../../sidecar/src/php/plain-value';

const integrations = serializePlain( {
	cards: {
		stripe: {
			enabled: true,
			webhook_endpoint:
				'https://a.example/wp-json/syteops/v1/webhooks/stripe',
			secret_fields: [
				'integrations.stripe.secret_key',
				'integrations.stripe.webhook_signing_key',
			],
		},
		slack: {
			enabled: false,
			secret_fields: [ 'integrations.slack.bot_token' ],
		},
		analytics: { enabled: true, secret_fields: [] },
	},
} );

function facts( change: Partial< ChecklistFacts > = {} ): ChecklistFacts {
	return {
		kind: 'full_restore',
		source: { site_id: 'a'.repeat( 32 ), site_url: 'https://a.example' },
		target: { site_id: 'b'.repeat( 32 ), site_url: 'https://b.example' },
		sourceUploadsUrl: 'https://a.example/wp-content/uploads',
		targetUploadsUrl: 'https://b.example/wp-content/uploads',
		integrations,
		secretLabels: { 'integrations.stripe.secret_key': 'Stripe secret key' },
		secretsSetOnTarget: new Set( [ 'integrations.slack.bot_token' ] ),
		profilePictures: [
			{
				user_id: 7,
				user_login: 'bo',
				url: 'http://www.a.example/wp-content/uploads/2023/11/bo%20face.png',
			},
			{
				user_id: 3,
				user_login: 'ann',
				url: 'https://a.example/wp-content/uploads/2023/11/ann.png',
			},
			{
				user_id: 4,
				user_login: 'cy',
				url: 'https://cdn.example/u/4.jpg',
			},
			{ user_id: 5, user_login: 'di', url: 'https://a.example/team/di/' },
		],
		urlRewrite: { from: 'https://a.example', to: 'https://b.example' },
		archiveHasFile: ( file ) => file === 'uploads/2023/11/ann.png',
		...change,
	};
}

describe( 'buildPostRestoreChecklist', () => {
	it( 'after a cross-site full restore lists the license re-check, every card with secrets and the media-library pictures', () => {
		const list = buildPostRestoreChecklist( facts() );
		expect( list.license_recheck ).toEqual( {
			required: true,
			reason: 'full_restore',
			route: '/syteops/v1/license/recheck',
		} );
		expect( list.integrations ).toEqual( [
			{
				card: 'stripe',
				enabled: true,
				secret_fields: [
					{
						name: 'integrations.stripe.secret_key',
						label: 'Stripe secret key',
						set_on_this_site: false,
					},
					{
						name: 'integrations.stripe.webhook_signing_key',
						label: 'integrations.stripe.webhook_signing_key',
						set_on_this_site: false,
					},
				],
			},
			{
				card: 'slack',
				enabled: false,
				secret_fields: [
					{
						name: 'integrations.slack.bot_token',
						label: 'integrations.slack.bot_token',
						set_on_this_site: true,
					},
				],
			},
		] );
		expect( list.profile_pictures ).toEqual( {
			total: 2,
			truncated: false,
			items: [
				{
					user_id: 3,
					user_login: 'ann',
					url: 'https://a.example/wp-content/uploads/2023/11/ann.png',
					url_now:
						'https://b.example/wp-content/uploads/2023/11/ann.png',
					file: 'uploads/2023/11/ann.png',
					file_in_archive: true,
				},
				{
					user_id: 7,
					user_login: 'bo',
					url: 'http://www.a.example/wp-content/uploads/2023/11/bo%20face.png',
					url_now:
						'https://b.example/wp-content/uploads/2023/11/bo%20face.png',
					file: 'uploads/2023/11/bo face.png',
					file_in_archive: false,
				},
			],
		} );
		expect( list.count ).toBe( 1 + 2 + 2 );
	} );

	it( 'after a same-site restore lists only cards missing a secret here, and no pictures', () => {
		const list = buildPostRestoreChecklist(
			facts( {
				target: {
					site_id: 'a'.repeat( 32 ),
					site_url: 'https://a.example',
				},
				targetUploadsUrl: 'https://a.example/wp-content/uploads',
				urlRewrite: null,
			} )
		);
		expect( list.integrations.map( ( i ) => i.card ) ).toEqual( [
			'stripe',
		] );
		expect( list.profile_pictures.total ).toBe( 0 );
		expect( list.count ).toBe( 2 );
	} );

	it( 'leaves picture URLs as they were when no URL rewrite was applied', () => {
		const list = buildPostRestoreChecklist( facts( { urlRewrite: null } ) );
		expect( list.profile_pictures.items[ 0 ].url_now ).toBe(
			'https://a.example/wp-content/uploads/2023/11/ann.png'
		);
	} );

	it( 'does not require a license re-check for a scoped import', () => {
		const list = buildPostRestoreChecklist( facts( { kind: 'import' } ) );
		expect( list.license_recheck ).toMatchObject( {
			required: false,
			reason: null,
		} );
		expect( list.count ).toBe( 4 );
	} );

	it( 'copes with an archive without the integrations option or with one that is not serialized data', () => {
		expect(
			buildPostRestoreChecklist( facts( { integrations: null } ) )
				.integrations
		).toEqual( [] );
		expect(
			buildPostRestoreChecklist(
				facts( { integrations: 'O:8:"stdClass":0:{}' } )
			).integrations
		).toEqual( [] );
	} );

	it( `lists at most ${ MAX_LISTED_PICTURES } pictures and says how many there were`, () => {
		const many = Array.from(
			{ length: MAX_LISTED_PICTURES + 3 },
			( _, i ) => ( {
				user_id: i + 1,
				user_login: `u${ i }`,
				url: `https://a.example/wp-content/uploads/p${ i }.png`,
			} )
		);
		const list = buildPostRestoreChecklist(
			facts( { profilePictures: many } )
		);
		expect( list.profile_pictures.total ).toBe( MAX_LISTED_PICTURES + 3 );
		expect( list.profile_pictures.truncated ).toBe( true );
		expect( list.profile_pictures.items ).toHaveLength(
			MAX_LISTED_PICTURES
		);
	} );
} );

describe( 'mediaLibraryPath', () => {
	it.each( [
		[ 'https://a.example/wp-content/uploads/2023/x.png', '2023/x.png' ],
		[ '//a.example/wp-content/uploads/x.png?ver=2', 'x.png' ],
		[ 'HTTP://WWW.A.EXAMPLE/wp-content/uploads/x.png', 'x.png' ],
	] )( 'finds %s in the source media library', ( url, rel ) => {
		expect(
			mediaLibraryPath( url, 'https://a.example/wp-content/uploads/' )
		).toBe( rel );
	} );

	it.each( [
		'https://a.example/wp-content/uploads-old/x.png',
		'https://a.example.evil/wp-content/uploads/x.png',
		'https://a.example/wp-content/uploads/',
		'not a url',
	] )( 'does not count %s as in the media library', ( url ) => {
		expect(
			mediaLibraryPath( url, 'https://a.example/wp-content/uploads' )
		).toBeNull();
	} );
} );
