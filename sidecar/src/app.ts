/**
 * Builds the sidecar's express app. Tests start it on port 0; main.ts listens on 127.0.0.1 and handles signals.
 * Every route goes through the signed-request check, then the route's capability check, then its handler;
 * every failure leaves through the one error handler in the WordPress REST error shape.
 */
import express, {
	type NextFunction,
	type Request,
	type Response,
} from 'express';
import { randomBytes } from 'node:crypto';

import { SyteOpsError, isSyteOpsError } from './errors';
import { createAuthMiddleware } from './http/auth';
import { ROUTES, type ActionName, type RouteSpec } from './http/routes';
import { silentLogger, type Logger } from './log';

export type Handler = ( req: Request, res: Response ) => Promise< void >;
export type Handlers = Partial< Record< ActionName, Handler > >;

export interface AppDeps {
	secret: string;
	maxSkewSeconds: number;
	maxBodyBytes: number;
	handlers: Handlers;
	logger?: Logger;
	now?: () => number;
	version?: string;
}

export function createApp( deps: AppDeps ): express.Express {
	const logger = deps.logger ?? silentLogger;
	const app = express();
	app.disable( 'x-powered-by' );
	app.set( 'query parser', 'simple' );

	const streamed = new Set(
		ROUTES.filter( ( r: RouteSpec ) => r.streamed ).map(
			( r ) => `${ r.method } ${ r.path }`
		)
	);
	const isStreamed = ( req: Request ) =>
		[ ...streamed ].some( ( key ) => {
			const [ method, pattern ] = key.split( ' ' );
			return (
				method === req.method &&
				new RegExp(
					'^' + pattern.replace( /:\w+/g, '[^/]+' ) + '$'
				).test( req.path )
			);
		} );
	app.use( createAuthMiddleware( deps, isStreamed ) );
	app.use( parseJsonBody );

	const handlers: Handlers = {
		health: healthHandler( deps.version ?? '0.0.0' ),
		...deps.handlers,
	};
	for ( const route of ROUTES as readonly RouteSpec[] ) {
		const method = route.method.toLowerCase() as
			'get' | 'post' | 'put' | 'delete';
		app[ method ](
			route.path,
			requireCapability( route ),
			async ( req: Request, res: Response ) => {
				const handler = handlers[ route.action ];
				if ( ! handler ) {
					throw new SyteOpsError( 'syteops_not_implemented', {
						action: route.action,
					} );
				}
				await handler( req, res );
			}
		);
	}
	app.use( ( req: Request ) => {
		throw new SyteOpsError( 'syteops_not_found', {
			method: req.method,
			path: req.path,
		} );
	} );
	app.use( errorHandler( logger ) );
	return app;
}

function requireCapability( route: RouteSpec ) {
	return ( req: Request, _res: Response, next: NextFunction ) => {
		const capability = route.capability;
		if (
			typeof capability === 'string' &&
			capability !== 'job' &&
			! req.actor?.capabilities.includes( capability )
		) {
			throw new SyteOpsError( 'syteops_forbidden', {
				action: route.action,
			} );
		}
		next();
	};
}

function parseJsonBody( req: Request, _res: Response, next: NextFunction ) {
	req.body = {};
	if (
		req.rawBody &&
		req.rawBody.length > 0 &&
		/json/.test( String( req.headers[ 'content-type' ] ) )
	) {
		try {
			req.body = JSON.parse( req.rawBody.toString( 'utf8' ) );
		} catch {
			throw new SyteOpsError( 'syteops_bad_request', {
				reason: 'the body is not valid JSON',
			} );
		}
	}
	next();
}

function healthHandler( version: string ): Handler {
	return async ( _req, res ) => {
		res.json( {
			ok: true,
			version,
			uptime_seconds: Math.round( process.uptime() ),
		} );
	};
}

function errorHandler( logger: Logger ) {
	return (
		error: unknown,
		req: Request,
		res: Response,
		// eslint-disable-next-line @typescript-eslint/no-unused-vars
		_next: NextFunction
	) => {
		let known: SyteOpsError;
		if ( isSyteOpsError( error ) ) {
			known = error;
		} else {
			// The user sees a reference, the log keeps the details (redacted by the logger).
			const ref = randomBytes( 4 ).toString( 'hex' );
			logger.error( 'unhandled error', {
				ref,
				path: req.path,
				error: String( ( error as Error )?.stack ?? error ),
			} );
			known = new SyteOpsError( 'syteops_internal', { ref } );
		}
		if ( res.headersSent ) {
			res.destroy();
			return;
		}
		res.status( known.status ).json( known.toRestBody() );
	};
}
