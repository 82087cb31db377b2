/**
 * docs/rest-api.md is the public contract: it must name every sidecar route with its capability and every
 * code of the error catalogue with its status. A new route or code fails here until it is documented.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ERRORS } from '../../../../sidecar/src/errors';
import { ROUTES, type RouteSpec } from '../../../../sidecar/src/http/routes';

const doc = readFileSync(
	path.join( __dirname, '../../../../docs/rest-api.md' ),
	'utf8'
);
const lines = doc.split( '\n' );

function publicPath( route: RouteSpec ): string {
	return route.path.replace( /^\/v1/, '' ).replace( /:(\w+)/g, '{$1}' );
}

describe( 'docs/rest-api.md', () => {
	const publicRoutes = ( ROUTES as readonly RouteSpec[] ).filter(
		( route ) => route.action !== 'health'
	);

	it.each(
		publicRoutes.map(
			( route ) => [ route.method, publicPath( route ), route ] as const
		)
	)(
		'lists %s %s in the route table with its capability',
		( method, routePath, route ) => {
			const row = lines.find( ( line ) =>
				line.startsWith( `| \`${ method }\` | \`${ routePath }` )
			);
			expect( row ).toBeDefined();
			if (
				typeof route.capability === 'string' &&
				route.capability !== 'job'
			) {
				expect( row ).toContain( `\`${ route.capability }\`` );
			}
		}
	);

	it( 'lists every code of the error catalogue with its status (add a row to "The catalogue" for a new code)', () => {
		const undocumented = Object.entries( ERRORS )
			.filter(
				( [ code, entry ] ) =>
					! lines.some( ( line ) =>
						line.startsWith(
							`| \`${ code }\` | ${ entry.status } | `
						)
					)
			)
			.map( ( [ code, entry ] ) => `${ code } (${ entry.status })` );
		expect( undocumented ).toEqual( [] );
	} );
} );
