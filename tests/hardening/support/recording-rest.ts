/**
 * Keeps the text of every REST response a client receives, so a test can search all of them afterwards.
 */
import type { RestResponse, WpRest } from '../../support/wp-rest';

export function recordResponses( rest: WpRest ): string[] {
	const bodies: string[] = [];
	const original = rest.request.bind( rest );
	rest.request = async < T = unknown >(
		...args: Parameters< WpRest[ 'request' ] >
	): Promise< RestResponse< T > > => {
		const response = await original< T >( ...args );
		bodies.push(
			typeof response.body === 'string'
				? response.body
				: JSON.stringify( response.body )
		);
		return response;
	};
	return bodies;
}
