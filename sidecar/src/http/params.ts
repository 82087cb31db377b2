/**
 * Reading request parameters at the HTTP edge: every value is checked against its expected shape and a bad
 * one becomes `syteops_invalid_param` naming it. The PHP shim validates too; the sidecar does not rely on it.
 */
import type { Request } from 'express';

import { SyteOpsError } from '../errors';
import { parseIsoTime } from '../repository/sql-time';

type Source = Record< string, unknown >;

function invalid( param: string, reason: string ): SyteOpsError {
	return new SyteOpsError( 'syteops_invalid_param', { param, reason } );
}

export function input( req: Request ): Source {
	return {
		...( req.query as Source ),
		...( typeof req.body === 'object' && req.body
			? ( req.body as Source )
			: {} ),
	};
}

/**
 * Snapshot, job and upload ids are 32 lowercase hex characters; anything else (a path, say) matches nothing.
 * @param req
 * @param notFound
 */
export function idParam(
	req: Request,
	notFound:
		| 'syteops_snapshot_not_found'
		| 'syteops_job_not_found'
		| 'syteops_upload_not_found'
): string {
	const id = String( req.params.id ?? '' );
	if ( ! /^[0-9a-f]{32}$/.test( id ) ) {
		throw new SyteOpsError( notFound, { id: id.slice( 0, 64 ) } );
	}
	return id;
}

export function intParam(
	src: Source,
	name: string,
	fallback: number | undefined,
	min: number,
	max: number
): number | undefined {
	const raw = src[ name ];
	if ( raw === undefined || raw === '' ) {
		return fallback;
	}
	const value = typeof raw === 'number' ? raw : Number( raw );
	if ( ! Number.isInteger( value ) || value < min || value > max ) {
		throw invalid(
			name,
			`must be a whole number from ${ min } to ${ max }`
		);
	}
	return value;
}

export function enumParam< T extends string >(
	src: Source,
	name: string,
	allowed: readonly T[],
	fallback: T | undefined
): T | undefined {
	const raw = src[ name ];
	if ( raw === undefined || raw === '' ) {
		return fallback;
	}
	if (
		typeof raw !== 'string' ||
		! ( allowed as readonly string[] ).includes( raw )
	) {
		throw invalid( name, `must be one of ${ allowed.join( ', ' ) }` );
	}
	return raw as T;
}

export function boolParam(
	src: Source,
	name: string,
	fallback: boolean
): boolean {
	const raw = src[ name ];
	if ( raw === undefined || raw === '' ) {
		return fallback;
	}
	if ( raw === true || raw === 'true' || raw === '1' || raw === 1 ) {
		return true;
	}
	if ( raw === false || raw === 'false' || raw === '0' || raw === 0 ) {
		return false;
	}
	throw invalid( name, 'must be true or false' );
}

export function stringParam(
	src: Source,
	name: string,
	maxLength: number
): string | undefined {
	const raw = src[ name ];
	if ( raw === undefined || raw === null ) {
		return undefined;
	}
	if ( typeof raw !== 'string' || raw.length > maxLength ) {
		throw invalid(
			name,
			`must be text of at most ${ maxLength } characters`
		);
	}
	return raw.trim();
}

export function timeParam( src: Source, name: string ): Date | undefined {
	const raw = stringParam( src, name, 40 );
	if ( raw === undefined || raw === '' ) {
		return undefined;
	}
	const date = parseIsoTime( raw );
	if ( ! date ) {
		throw invalid(
			name,
			'must be a date-time such as 2026-05-21T14:30:00Z'
		);
	}
	return date;
}
