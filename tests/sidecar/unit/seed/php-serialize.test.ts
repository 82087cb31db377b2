import { execFileSync } from 'child_process';

import {
	phpJsonEncode,
	phpSerialize,
} from '../../../../tools/seed/php-serialize';

describe( 'phpSerialize', () => {
	it( 'matches PHP serialize() byte for byte, multibyte strings and integer keys included', () => {
		const value = {
			name: 'Café ☕ 😀',
			list: [ 1, 'two', true, null ],
			nested: { '10': 2.5, key: false },
		};
		const php = execFileSync(
			'php',
			[
				'-r',
				'echo serialize( json_decode( stream_get_contents( STDIN ), true ) );',
			],
			{
				input: JSON.stringify( value ),
			}
		).toString();
		expect( phpSerialize( value ) ).toBe( php );
	} );

	it( 'encodes JSON like json_encode(): escaped slashes and \\u escapes', () => {
		const value = { url: 'http://a.test/x/', label: 'Café 😀' };
		const php = execFileSync(
			'php',
			[
				'-r',
				'echo json_encode( json_decode( stream_get_contents( STDIN ), true ) );',
			],
			{
				input: JSON.stringify( value ),
			}
		).toString();
		expect( phpJsonEncode( value ) ).toBe( php );
	} );
} );
