/**
 * The sidecar's route table: the same surface as the public REST API (`syteops/v1` in WordPress, `/v1` here),
 * each route naming the action it performs and the capability its actor must hold. The host shim checks the
 * capability first; the sidecar checks it again (defence in depth) so a bug in one layer is not a breach.
 * Routes whose action is not implemented yet answer 501 syteops_not_implemented, never a fake success.
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteSpec {
	method: Method;
	path: string;
	action: ActionName;
	/** null: any signed caller (health); 'job': decided by the job's own kind. */
	capability: string | null | 'job';
	/** The body is streamed to the handler, which verifies its digest itself. */
	streamed?: boolean;
}

export const ROUTES = [
	{ method: 'GET', path: '/v1/health', action: 'health', capability: null },
	{
		method: 'GET',
		path: '/v1/backups',
		action: 'backups.list',
		capability: 'syteops_backup_list',
	},
	{
		method: 'POST',
		path: '/v1/backups',
		action: 'backups.create',
		capability: 'syteops_backup_create',
	},
	{
		method: 'GET',
		path: '/v1/backups/:id',
		action: 'backups.get',
		capability: 'syteops_backup_list',
	},
	{
		method: 'DELETE',
		path: '/v1/backups/:id',
		action: 'backups.delete',
		capability: 'syteops_backup_delete',
	},
	{
		method: 'POST',
		path: '/v1/backups/:id/pin',
		action: 'backups.pin',
		capability: 'syteops_backup_pin',
	},
	{
		method: 'DELETE',
		path: '/v1/backups/:id/pin',
		action: 'backups.unpin',
		capability: 'syteops_backup_unpin',
	},
	{
		method: 'POST',
		path: '/v1/backups/:id/verify',
		action: 'backups.verify',
		capability: 'syteops_backup_verify',
	},
	{
		method: 'GET',
		path: '/v1/backups/:id/download',
		action: 'backups.download',
		capability: 'syteops_backup_download',
	},
	{
		method: 'GET',
		path: '/v1/backups/:id/preview',
		action: 'backups.preview',
		capability: 'syteops_backup_restore',
	},
	{
		method: 'POST',
		path: '/v1/backups/:id/restore',
		action: 'backups.restore',
		capability: 'syteops_backup_restore',
	},
	{
		method: 'POST',
		path: '/v1/uploads',
		action: 'uploads.create',
		capability: 'syteops_backup_upload',
	},
	{
		method: 'PUT',
		path: '/v1/uploads/:id',
		action: 'uploads.chunk',
		capability: 'syteops_backup_upload',
		streamed: true,
	},
	{
		method: 'POST',
		path: '/v1/uploads/:id/complete',
		action: 'uploads.complete',
		capability: 'syteops_backup_upload',
	},
	{
		method: 'GET',
		path: '/v1/jobs/:id',
		action: 'jobs.get',
		capability: 'job',
	},
	{
		method: 'GET',
		path: '/v1/schedule',
		action: 'schedule.get',
		capability: 'syteops_backup_schedule',
	},
	{
		method: 'PUT',
		path: '/v1/schedule',
		action: 'schedule.put',
		capability: 'syteops_backup_schedule',
	},
	{
		method: 'POST',
		path: '/v1/schedule/disable',
		action: 'schedule.disable',
		capability: 'syteops_backup_schedule',
	},
	{
		method: 'POST',
		path: '/v1/schedule/run',
		action: 'schedule.run',
		capability: 'syteops_backup_schedule',
	},
	{
		method: 'PUT',
		path: '/v1/retention',
		action: 'retention.put',
		capability: 'syteops_backup_retention',
	},
	{
		method: 'POST',
		path: '/v1/exports',
		action: 'exports.create',
		capability: 'syteops_backup_create',
	},
	{
		method: 'POST',
		path: '/v1/imports',
		action: 'imports.create',
		capability: 'syteops_backup_restore',
	},
	{
		method: 'GET',
		path: '/v1/audit',
		action: 'audit.list',
		capability: 'syteops_backup_list',
	},
	{
		method: 'GET',
		path: '/v1/license',
		action: 'license.get',
		capability: 'syteops_admin',
	},
	{
		method: 'POST',
		path: '/v1/license/recheck',
		action: 'license.recheck',
		capability: 'syteops_admin',
	},
	{
		method: 'POST',
		path: '/v1/modules/:name/update',
		action: 'modules.update',
		capability: 'syteops_admin',
	},
	{
		method: 'POST',
		path: '/v1/workflow-templates/import',
		action: 'workflow_templates.import',
		capability: 'syteops_admin',
	},
	{
		method: 'GET',
		path: '/v1/settings/import-gate',
		action: 'settings.import_gate.get',
		capability: 'syteops_admin',
	},
	{
		method: 'PUT',
		path: '/v1/settings/import-gate',
		action: 'settings.import_gate.put',
		capability: 'syteops_admin',
	},
] as const satisfies readonly RouteSpec[];

export type ActionName =
	| 'health'
	| 'backups.list'
	| 'backups.create'
	| 'backups.get'
	| 'backups.delete'
	| 'backups.pin'
	| 'backups.unpin'
	| 'backups.verify'
	| 'backups.download'
	| 'backups.preview'
	| 'backups.restore'
	| 'uploads.create'
	| 'uploads.chunk'
	| 'uploads.complete'
	| 'jobs.get'
	| 'schedule.get'
	| 'schedule.put'
	| 'schedule.disable'
	| 'schedule.run'
	| 'retention.put'
	| 'exports.create'
	| 'imports.create'
	| 'audit.list'
	| 'license.get'
	| 'license.recheck'
	| 'modules.update'
	| 'workflow_templates.import'
	| 'settings.import_gate.get'
	| 'settings.import_gate.put';
