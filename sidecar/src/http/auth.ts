/**
 * The sidecar's front door. Only the host shim may call it: requests must be addressed to a loopback host
 * (against DNS rebinding), carry a fresh timestamp and an unused request id, and be signed with the shared
 * secret over method, path, timestamp, id, body digest and actor. Buffered bodies are read here, bounded,
 * and their digest checked; streamed bodies (upload chunks) are checked by their handler while streaming.
 */
import type { NextFunction, Request, Response } from 'express';

import { SyteOpsError } from '../errors';
import { ReplayCache } from './replay-cache';
import {
	HEADER,
	parseActor,
	sha256Hex,
	signatureMatches,
	type Actor,
} from './signing';

export interface AuthOptions {
	secret: string;
	maxSkewSeconds: number;
	maxBodyBytes: number;
	now?: () => number;
}

declare module 'express-serve-static-core' {
	// eslint-disable-next-line @typescript-eslint/no-shadow -- augments express's own Request type
	interface Request {
		actor?: Actor;
		rawBody?: Buffer;
		claimedBodySha256?: string;
	}
}

const LOOPBACK_HOST =
	/^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d{1,5})?$/i;

export function isLoopbackHost( host: string | undefined ): boolean {
	return typeof host === 'string' && LOOPBACK_HOST.test( host );
}

export function createAuthMiddleware(
	options: AuthOptions,
	streamedPaths: ( req: Request ) => boolean
) {
	const now = options.now ?? Date.now;
	const replays = new ReplayCache( options.maxSkewSeconds * 2 * 1000 );
	// The replay cache lives in memory: requests signed before this process started are refused, so a
	// restart cannot reopen the window for a captured request.
	const startedAtSeconds = Math.floor( now() / 1000 ) - 1;

	return async (
		req: Request,
		_res: Response,
		next: NextFunction
	): Promise< void > => {
		if ( ! isLoopbackHost( req.headers.host ) ) {
			throw new SyteOpsError( 'syteops_bad_host' );
		}
		const header = ( name: string ) => {
			const value = req.headers[ name ];
			return typeof value === 'string' ? value : '';
		};
		const signature = header( HEADER.signature );
		if ( ! signature ) {
			throw new SyteOpsError( 'syteops_unsigned' );
		}
		const timestamp = header( HEADER.timestamp );
		const skew = Math.abs( now() / 1000 - Number( timestamp ) );
		if (
			! /^\d{1,12}$/.test( timestamp ) ||
			skew > options.maxSkewSeconds ||
			Number( timestamp ) < startedAtSeconds
		) {
			throw new SyteOpsError( 'syteops_stale_request', {
				skew: options.maxSkewSeconds,
			} );
		}
		const claimedDigest = header( HEADER.contentSha256 );
		const input = {
			method: req.method,
			pathAndQuery: req.originalUrl,
			timestamp,
			requestId: header( HEADER.requestId ),
			bodySha256: claimedDigest,
			actor: header( HEADER.actor ),
		};
		if (
			! /^[0-9a-f]{32}$/.test( input.requestId ) ||
			! signatureMatches( options.secret, input, signature )
		) {
			throw new SyteOpsError( 'syteops_bad_signature' );
		}
		// Checked after the signature so an attacker cannot fill the cache with ids of unsigned requests.
		if ( ! replays.remember( input.requestId, now() ) ) {
			throw new SyteOpsError( 'syteops_replayed_request' );
		}
		const actor = parseActor( input.actor );
		if ( ! actor ) {
			throw new SyteOpsError( 'syteops_bad_signature' );
		}
		req.actor = actor;
		req.claimedBodySha256 = claimedDigest;
		if ( ! streamedPaths( req ) ) {
			req.rawBody = await readBoundedBody( req, options.maxBodyBytes );
			if ( sha256Hex( req.rawBody ) !== claimedDigest ) {
				throw new SyteOpsError( 'syteops_bad_signature' );
			}
		}
		next();
	};
}

async function readBoundedBody(
	req: Request,
	limit: number
): Promise< Buffer > {
	const declared = Number( req.headers[ 'content-length' ] ?? 0 );
	if ( declared > limit ) {
		throw new SyteOpsError( 'syteops_body_too_large', { limit } );
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await ( const chunk of req ) {
		size += ( chunk as Buffer ).length;
		if ( size > limit ) {
			throw new SyteOpsError( 'syteops_body_too_large', { limit } );
		}
		chunks.push( chunk as Buffer );
	}
	return Buffer.concat( chunks );
}
