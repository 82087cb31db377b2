/**
 * The Automatic Backups form: read from the schedule view, sent as PUT /schedule, and server errors routed to
 * the field they name.
 */
import { ApiError } from '../../plugin/admin-src/api/client';
import type { ScheduleView } from '../../plugin/admin-src/api/schedule';
import { fieldErrorsOf } from '../../plugin/admin-src/lib/field-errors';
import {
	DEFAULT_FORM,
	formFromView,
	payloadFromForm,
} from '../../plugin/admin-src/lib/schedule-form';

const VIEW: ScheduleView = {
	configured: true,
	schedule: {
		enabled: true,
		frequency: 'weekly',
		time_of_day: '04:15',
		day_of_week: 2,
		day_of_month: null,
		keep_last: 7,
		retention_days: 30,
		max_snapshots: 30,
		storage: { type: 'local', path: '/srv/syteops-storage' },
	},
	next_run_at: null,
	last_run_at: null,
	running: false,
	default_retention_days: 30,
	storage_targets: [],
};

describe( 'schedule form', () => {
	it( 'starts from the sidecar defaults before the first save', () => {
		expect(
			formFromView( { ...VIEW, configured: false, schedule: null } )
		).toEqual( DEFAULT_FORM );
	} );

	it( 'round-trips a saved weekly schedule into the request body, without the storage path', () => {
		expect( payloadFromForm( formFromView( VIEW ) ) ).toEqual( {
			enabled: true,
			frequency: 'weekly',
			time_of_day: '04:15',
			day_of_week: 2,
			keep_last: 7,
			retention_days: 30,
			max_snapshots: 30,
			storage: { target: 'local' },
		} );
	} );

	it( 'sends the day of the month only for monthly schedules', () => {
		const form = {
			...formFromView( VIEW ),
			frequency: 'monthly' as const,
			day_of_month: '15',
		};
		const body = payloadFromForm( form );
		expect( body.day_of_month ).toBe( 15 );
		expect( body ).not.toHaveProperty( 'day_of_week' );
	} );

	it( 'sends text that is not a whole number as typed, so the server names the field', () => {
		const form = { ...formFromView( VIEW ), keep_last: '7.5' };
		expect( payloadFromForm( form ).keep_last ).toBe( '7.5' );
	} );
} );

describe( 'fieldErrorsOf', () => {
	it( 'puts a sidecar schedule error at the field its details name', () => {
		const error = new ApiError(
			'syteops_schedule_invalid',
			"The schedule setting 'Keep last' is invalid: it must be a whole number from 1 to 1000.",
			400,
			{ field: 'keep_last', label: 'Keep last' }
		);
		expect( fieldErrorsOf( error ) ).toEqual( {
			keep_last: error.message,
		} );
	} );

	it( "puts WordPress's argument errors at each parameter", () => {
		const error = new ApiError(
			'rest_invalid_param',
			'Invalid parameter(s): keep_last',
			400,
			{},
			{ keep_last: 'keep_last is not of type integer.' }
		);
		expect( fieldErrorsOf( error ) ).toEqual( {
			keep_last: 'keep_last is not of type integer.',
		} );
	} );

	it( 'keeps an error that names no field for the form as a whole', () => {
		const error = new ApiError(
			'syteops_busy',
			'Another backup is running.',
			409
		);
		expect( fieldErrorsOf( error ) ).toEqual( {
			_form: 'Another backup is running.',
		} );
	} );
} );
