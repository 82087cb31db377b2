/**
 * Which form field a server error belongs to, so the message is shown at that field. The sidecar names the
 * field in `data.details.field` (syteops_schedule_invalid, syteops_schedule_exceeds_storage,
 * syteops_storage_coming_soon); WordPress's own argument checks list bad parameters in `data.params`.
 */

/**
 * Internal dependencies
 */
import type { ApiError } from '../api/client';

export type FieldErrors = Record< string, string >;

/**
 * Field => message for an error; errors that name no field come back under `_form`.
 * @param error
 */
export function fieldErrorsOf(
	error: Pick< ApiError, 'message' | 'details' | 'params' >
): FieldErrors {
	const errors: FieldErrors = {};
	const field = error.details?.field;
	if ( typeof field === 'string' && field !== '' ) {
		errors[ field ] = error.message;
	}
	for ( const [ param, message ] of Object.entries( error.params ?? {} ) ) {
		errors[ param ] = message;
	}
	if ( Object.keys( errors ).length === 0 ) {
		errors._form = error.message;
	}
	return errors;
}
