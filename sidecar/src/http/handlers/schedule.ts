/**
 * Schedule and retention routes: read, save, pause and run the automatic-backup schedule, and set the default
 * retention window of new snapshots. Every write is audited with its before/after shape.
 */
import type { Handlers } from '../../app';
import { recordAudit } from '../../audit/record';
import type { SiteContext } from '../../engine/context';
import {
	buildSchedule,
	storedSchedule,
	type StoredSchedule,
} from '../../engine/schedule-definition';
import type { ScheduleService } from '../../engine/schedule-service';
import {
	configuredDirectory,
	knownDirectories,
} from '../../engine/archive-store';
import { LocalTarget } from '../../repository/storage/local-target';
import { invalid, LIMITS } from '../../schedule/schedule-settings';
import { input, intParam } from '../params';

async function localTargetInfo(
	path: string
): Promise< Record< string, unknown > > {
	try {
		const target = await LocalTarget.open( path );
		return { writable: true, free_bytes: await target.freeSpace() };
	} catch ( error ) {
		return {
			writable: false,
			free_bytes: null,
			reason: ( error as Error ).message,
		};
	}
}

async function view( site: SiteContext, service: ScheduleService ) {
	const settings = await site.settings.get();
	const schedule = storedSchedule( settings.schedule );
	const state = service.state();
	return {
		configured: schedule !== null,
		schedule,
		next_run_at: state.nextRunAt?.toISOString() ?? null,
		last_run_at: settings.schedule_last_run_at,
		running: state.running,
		default_retention_days: settings.default_retention_days,
		storage_targets: [
			{
				type: 'local',
				label: 'Local storage',
				available: true,
				path: configuredDirectory( site, settings ),
				default_path: site.config.storageDir,
				...( await localTargetInfo(
					configuredDirectory( site, settings )
				) ),
			},
			{
				type: 'pcloud',
				label: 'pCloud',
				available: false,
				status: 'coming_soon',
			},
		],
	};
}

async function requireSchedule( site: SiteContext ): Promise< StoredSchedule > {
	const schedule = storedSchedule( ( await site.settings.get() ).schedule );
	if ( ! schedule ) {
		throw invalid( 'enabled', 'no schedule is saved yet; save one first.' );
	}
	return schedule;
}

function auditShape( schedule: StoredSchedule | null ) {
	if ( ! schedule ) {
		return null;
	}
	const { saved_at: _savedAt, ...shape } = schedule;
	return shape;
}

export function scheduleHandlers(
	site: SiteContext,
	service: ScheduleService
): Handlers {
	return {
		'schedule.get': async ( _req, res ) => {
			res.json( await view( site, service ) );
		},

		'schedule.put': async ( req, res ) => {
			const settings = await site.settings.get();
			const before = storedSchedule( settings.schedule );
			const after = await buildSchedule( site, input( req ), before );
			// A new path takes the new archives; the old one is remembered so its archives are still found.
			const history = ( await knownDirectories( site ) ).filter(
				( dir ) =>
					dir !== after.storage.path && dir !== site.config.storageDir
			);
			await site.settings.update( {
				schedule: { ...after },
				storage_history: history,
			} );
			service.apply( after, settings.schedule_last_run_at );
			await recordAudit( site, req.actor, 'schedule.edit', {
				change: {
					before: auditShape( before ),
					after: auditShape( after ),
				},
			} );
			res.json( await view( site, service ) );
		},

		'schedule.disable': async ( req, res ) => {
			const before = await requireSchedule( site );
			const after: StoredSchedule = { ...before, enabled: false };
			await site.settings.update( { schedule: { ...after } } );
			service.apply( after, null );
			await recordAudit( site, req.actor, 'schedule.disable', {
				change: {
					before: { enabled: before.enabled },
					after: { enabled: false },
				},
			} );
			res.json( await view( site, service ) );
		},

		'schedule.run': async ( req, res ) => {
			const jobId = await service.runNow( await requireSchedule( site ) );
			await recordAudit( site, req.actor, 'schedule.run', {
				change: { job_id: jobId },
			} );
			res.status( 202 ).json( { job_id: jobId } );
		},

		'retention.put': async ( req, res ) => {
			const days = intParam(
				input( req ),
				'retention_days',
				undefined,
				LIMITS.retention_days.min,
				LIMITS.retention_days.max
			);
			if ( days === undefined ) {
				throw invalid( 'retention_days', 'it is required.' );
			}
			const before = ( await site.settings.get() ).default_retention_days;
			const saved = await site.settings.update( {
				default_retention_days: days,
			} );
			await recordAudit( site, req.actor, 'retention.change', {
				change: {
					before: { retention_days: before },
					after: { retention_days: days },
				},
			} );
			res.json( {
				default_retention_days: saved.default_retention_days,
			} );
		},
	};
}
