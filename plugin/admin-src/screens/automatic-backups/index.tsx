/**
 * WordPress dependencies
 */
import {
	Button,
	SelectControl,
	Spinner,
	TextControl,
	ToggleControl,
} from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { ApiError } from '../../api/client';
import {
	getSchedule,
	runScheduleNow,
	saveSchedule,
	type Frequency,
	type ScheduleView,
} from '../../api/schedule';
import FocusNotice, {
	makeNotice,
	type NoticeMessage,
} from '../../components/focus-notice';
import { fieldErrorsOf, type FieldErrors } from '../../lib/field-errors';
import {
	formatBytes,
	formatDateTime,
	utcTimeToSiteTime,
} from '../../lib/format';
import {
	formFromView,
	needsDayOfWeek,
	payloadFromForm,
	type ScheduleForm,
} from '../../lib/schedule-form';
import type { TabContext } from '../backup-tab/context';
import { dayOfWeekOptions, frequencyOptions } from './options';

/**
 * Automatic Backups: the schedule form (enable, frequency, time of day in UTC with the site's local time,
 * day, retention, storage target), Save, and Run automatic backup now. Server validation messages are shown
 * at the field they name.
 *
 * @param props
 * @param props.context The tab's shared context.
 */
export default function AutomaticBackups( {
	context,
}: {
	context: TabContext;
} ) {
	const [ view, setView ] = useState< ScheduleView | null >( null );
	const [ form, setForm ] = useState< ScheduleForm | null >( null );
	const [ errors, setErrors ] = useState< FieldErrors >( {} );
	const [ saving, setSaving ] = useState( false );
	const [ notice, setNotice ] = useState< NoticeMessage | null >( null );
	const { job, run } = context.backupJob;
	const { reportError } = context;

	useEffect( () => {
		getSchedule().then(
			( loaded ) => {
				setView( loaded );
				setForm( formFromView( loaded ) );
			},
			( error: ApiError ) => {
				if ( ! reportError( error ) ) {
					setNotice( makeNotice( 'error', error.message ) );
				}
			}
		);
	}, [ reportError ] );

	if ( ! form || ! view ) {
		return notice ? (
			<FocusNotice
				notice={ notice }
				onRemove={ () => setNotice( null ) }
			/>
		) : (
			<Spinner />
		);
	}

	const set = ( patch: Partial< ScheduleForm > ) => {
		setForm( { ...form, ...patch } );
		const cleared = { ...errors };
		for ( const key of Object.keys( patch ) ) {
			delete cleared[ key ];
		}
		setErrors( cleared );
	};
	const errorAt = ( field: string ) => errors[ field ];
	const fieldClass = ( field: string ) =>
		`syteops-field-${ field.replace( '.', '-' ) }${
			errors[ field ] ? ' has-error' : ''
		}`;

	const save = async () => {
		setSaving( true );
		setErrors( {} );
		setNotice( null );
		try {
			const saved = await saveSchedule( payloadFromForm( form ) );
			setView( saved );
			setForm( formFromView( saved ) );
			setNotice(
				makeNotice(
					'success',
					__( 'Automatic backup settings saved.', 'syteops-backup' )
				)
			);
		} catch ( error ) {
			const failure = error as ApiError;
			if ( ! context.reportError( failure ) ) {
				const found = fieldErrorsOf( failure );
				setErrors( found );
				setNotice(
					makeNotice(
						'error',
						__(
							'The settings were not saved. Correct the field marked below.',
							'syteops-backup'
						)
					)
				);
			}
		} finally {
			setSaving( false );
		}
	};

	const localTime = utcTimeToSiteTime( form.time_of_day, context.clock );
	const local = view.storage_targets.find( ( t ) => t.type === 'local' );
	return (
		<form
			className="syteops-automatic-backups"
			onSubmit={ ( event ) => {
				event.preventDefault();
				save();
			} }
			noValidate
		>
			<h2>{ __( 'Automatic Backups', 'syteops-backup' ) }</h2>
			<FocusNotice
				notice={ notice }
				onRemove={ () => setNotice( null ) }
				className="syteops-schedule-notice"
			/>
			{ context.backupJob.notice && (
				<FocusNotice
					notice={ context.backupJob.notice }
					onRemove={ context.backupJob.clearNotice }
					className="syteops-backup-job-notice"
				/>
			) }
			<p className="syteops-schedule-status">
				{ view.next_run_at
					? sprintf(
							/* translators: %s: date and time of the next automatic backup. */
							__( 'Next automatic backup: %s', 'syteops-backup' ),
							formatDateTime( view.next_run_at, context.clock )
						)
					: __( 'Automatic backups are off.', 'syteops-backup' ) }
				{ view.last_run_at &&
					' ' +
						sprintf(
							/* translators: %s: date and time of the last automatic backup. */
							__( 'Last run: %s.', 'syteops-backup' ),
							formatDateTime( view.last_run_at, context.clock )
						) }
			</p>
			<ToggleControl
				className={ fieldClass( 'enabled' ) }
				label={ __( 'Enable automatic backups', 'syteops-backup' ) }
				checked={ form.enabled }
				onChange={ ( enabled: boolean ) => set( { enabled } ) }
				help={ errorAt( 'enabled' ) }
			/>
			<SelectControl
				className={ fieldClass( 'frequency' ) }
				label={ __( 'Frequency', 'syteops-backup' ) }
				value={ form.frequency }
				options={ frequencyOptions() }
				onChange={ ( frequency: string ) =>
					set( { frequency: frequency as Frequency } )
				}
				help={ errorAt( 'frequency' ) }
			/>
			<TextControl
				className={ fieldClass( 'time_of_day' ) }
				label={ __(
					'Time of day (UTC, 24-hour HH:MM)',
					'syteops-backup'
				) }
				value={ form.time_of_day }
				onChange={ ( timeOfDay: string ) =>
					set( { time_of_day: timeOfDay } )
				}
				help={
					errorAt( 'time_of_day' ) ??
					( localTime
						? sprintf(
								/* translators: 1: local time, 2: the site's time zone. */
								__( '%1$s site time (%2$s)', 'syteops-backup' ),
								localTime,
								context.clock.timezone
							)
						: undefined )
				}
			/>
			{ needsDayOfWeek( form.frequency ) && (
				<SelectControl
					className={ fieldClass( 'day_of_week' ) }
					label={ __( 'Day of the week (UTC)', 'syteops-backup' ) }
					value={ form.day_of_week }
					options={ dayOfWeekOptions() }
					onChange={ ( day: string ) => set( { day_of_week: day } ) }
					help={ errorAt( 'day_of_week' ) }
				/>
			) }
			{ form.frequency === 'monthly' && (
				<TextControl
					className={ fieldClass( 'day_of_month' ) }
					label={ __(
						'Day of the month (1–28, UTC)',
						'syteops-backup'
					) }
					type="number"
					min={ 1 }
					max={ 28 }
					value={ form.day_of_month }
					onChange={ ( day: string ) => set( { day_of_month: day } ) }
					help={ errorAt( 'day_of_month' ) }
				/>
			) }
			<fieldset className="syteops-retention">
				<legend>{ __( 'Retention', 'syteops-backup' ) }</legend>
				<TextControl
					className={ fieldClass( 'keep_last' ) }
					label={ __( 'Always keep the last', 'syteops-backup' ) }
					type="number"
					value={ form.keep_last }
					onChange={ ( value: string ) =>
						set( { keep_last: value } )
					}
					help={
						errorAt( 'keep_last' ) ??
						__(
							'automatic backups, whatever their age.',
							'syteops-backup'
						)
					}
				/>
				<TextControl
					className={ fieldClass( 'retention_days' ) }
					label={ __( 'Keep backups for (days)', 'syteops-backup' ) }
					type="number"
					value={ form.retention_days }
					onChange={ ( value: string ) =>
						set( { retention_days: value } )
					}
					help={ errorAt( 'retention_days' ) }
				/>
				<TextControl
					className={ fieldClass( 'max_snapshots' ) }
					label={ __( 'Keep at most (backups)', 'syteops-backup' ) }
					type="number"
					value={ form.max_snapshots }
					onChange={ ( value: string ) =>
						set( { max_snapshots: value } )
					}
					help={ errorAt( 'max_snapshots' ) }
				/>
			</fieldset>
			<SelectControl
				className={ fieldClass( 'storage.type' ) }
				label={ __( 'Storage', 'syteops-backup' ) }
				value={ form.target }
				options={ view.storage_targets.map( ( target ) => ( {
					value: target.type,
					disabled: ! target.available,
					label:
						target.type === 'local'
							? __( 'Local storage', 'syteops-backup' )
							: sprintf(
									/* translators: %s: storage target name, e.g. pCloud. */
									__( '%s (coming soon)', 'syteops-backup' ),
									target.label
								),
				} ) ) }
				onChange={ ( target: string ) => set( { target } ) }
				help={
					errorAt( 'storage.type' ) ??
					errorAt( 'storage.path' ) ??
					( local?.path
						? sprintf(
								/* translators: 1: storage directory, 2: free space. */
								__(
									'Saved in %1$s (%2$s free).',
									'syteops-backup'
								),
								local.path,
								formatBytes( local.free_bytes )
							)
						: undefined )
				}
			/>
			{ errors._form && (
				<p className="syteops-field-error" role="alert">
					{ errors._form }
				</p>
			) }
			<div className="syteops-form-actions">
				<Button
					variant="primary"
					type="submit"
					isBusy={ saving }
					disabled={ saving }
					className="syteops-save-schedule"
				>
					{ __( 'Save', 'syteops-backup' ) }
				</Button>
				<Button
					variant="secondary"
					className="syteops-run-schedule"
					isBusy={ job !== null }
					disabled={ job !== null }
					onClick={ () => run( runScheduleNow ) }
				>
					{ __( 'Run automatic backup now', 'syteops-backup' ) }
				</Button>
			</div>
		</form>
	);
}
