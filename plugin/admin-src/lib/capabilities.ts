/**
 * What the current user may do, from the capabilities PHP printed at boot. The REST routes check again; this
 * only keeps actions the role lacks out of the screen.
 */

export type Action =
	| 'list'
	| 'create'
	| 'delete'
	| 'pin'
	| 'unpin'
	| 'verify'
	| 'download'
	| 'restore'
	| 'upload'
	| 'schedule'
	| 'retention'
	| 'admin';

const CAPABILITY: Record< Action, string > = {
	list: 'syteops_backup_list',
	create: 'syteops_backup_create',
	delete: 'syteops_backup_delete',
	pin: 'syteops_backup_pin',
	unpin: 'syteops_backup_unpin',
	verify: 'syteops_backup_verify',
	download: 'syteops_backup_download',
	restore: 'syteops_backup_restore',
	upload: 'syteops_backup_upload',
	schedule: 'syteops_backup_schedule',
	retention: 'syteops_backup_retention',
	admin: 'syteops_admin',
};

function bootCapabilities(): Record< string, boolean > {
	return typeof window === 'undefined'
		? {}
		: ( window.syteopsBackup?.capabilities ?? {} );
}

export function can(
	action: Action,
	capabilities: Record< string, boolean > = bootCapabilities()
): boolean {
	return capabilities[ CAPABILITY[ action ] ] === true;
}
