/**
 * The syteops/v1 REST surface as data: a copy of the contract in tests/php/rest/test-permission-matrix.php
 * (method, path with an id filled in, the action it needs, valid parameters) and the default role map.
 * When a route is added there, add it here too.
 */
export const FAKE_ID = 'abcdef0123456789abcdef0123456789';

export interface RestRoute {
	name: string;
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	path: string;
	action: string;
	params: Record< string, unknown >;
}

const one = `/syteops/v1/backups/${ FAKE_ID }`;

export const REST_ROUTES: RestRoute[] = [
	[ 'list backups', 'GET', '/syteops/v1/backups', 'list', {} ],
	[ 'take backup', 'POST', '/syteops/v1/backups', 'create', { label: 'x' } ],
	[ 'get backup', 'GET', one, 'list', {} ],
	[ 'delete backup', 'DELETE', one, 'delete', {} ],
	[ 'pin backup', 'POST', `${ one }/pin`, 'pin', { label: 'keep' } ],
	[ 'unpin backup', 'DELETE', `${ one }/pin`, 'unpin', {} ],
	[ 'verify backup', 'POST', `${ one }/verify`, 'verify', {} ],
	[ 'download backup', 'GET', `${ one }/download`, 'download', {} ],
	[ 'preview backup', 'GET', `${ one }/preview`, 'restore', {} ],
	[
		'restore backup',
		'POST',
		`${ one }/restore`,
		'restore',
		{ confirm: true },
	],
	[
		'open upload',
		'POST',
		'/syteops/v1/uploads',
		'upload',
		{ filename: 'site.zip', size: 10 },
	],
	[
		'send chunk',
		'PUT',
		`/syteops/v1/uploads/${ FAKE_ID }`,
		'upload',
		{ offset: 0 },
	],
	[
		'complete upload',
		'POST',
		`/syteops/v1/uploads/${ FAKE_ID }/complete`,
		'upload',
		{},
	],
	[ 'read job', 'GET', `/syteops/v1/jobs/${ FAKE_ID }`, 'job', {} ],
	[ 'read schedule', 'GET', '/syteops/v1/schedule', 'schedule', {} ],
	[
		'save schedule',
		'PUT',
		'/syteops/v1/schedule',
		'schedule',
		{ frequency: 'daily' },
	],
	[
		'disable schedule',
		'POST',
		'/syteops/v1/schedule/disable',
		'schedule',
		{},
	],
	[ 'run schedule now', 'POST', '/syteops/v1/schedule/run', 'schedule', {} ],
	[
		'set retention',
		'PUT',
		'/syteops/v1/retention',
		'retention',
		{ retention_days: 30 },
	],
	[
		'scoped export',
		'POST',
		'/syteops/v1/exports',
		'create',
		{ scope: 'master' },
	],
	[
		'scoped import',
		'POST',
		'/syteops/v1/imports',
		'restore',
		{ backup_id: FAKE_ID, confirm: true },
	],
	[ 'read audit log', 'GET', '/syteops/v1/audit', 'list', {} ],
	[ 'read license', 'GET', '/syteops/v1/license', 'admin', {} ],
	[ 'recheck license', 'POST', '/syteops/v1/license/recheck', 'admin', {} ],
	[
		'update module',
		'POST',
		'/syteops/v1/modules/notes/update',
		'admin',
		{ package: 'not-a-package' },
	],
	[
		'import template',
		'POST',
		'/syteops/v1/workflow-templates/import',
		'admin',
		{ package: 'not-a-package' },
	],
	[
		'read import gate',
		'GET',
		'/syteops/v1/settings/import-gate',
		'admin',
		{},
	],
	[
		'save import gate',
		'PUT',
		'/syteops/v1/settings/import-gate',
		'admin',
		{ enabled: false },
	],
].map(
	( [ name, method, path, action, params ] ) =>
		( {
			name,
			method,
			path,
			action,
			params,
		} ) as RestRoute
);

/** The actions each role holds in the default capability map. */
export const ROLE_ACTIONS: Record< string, string[] > = {
	subscriber: [],
	syteops_viewer: [ 'list' ],
	editor: [ 'list', 'create', 'verify' ],
};

/**
 * Whether a role may call a route under the default map (a job is readable by anyone who can start one).
 * @param role
 * @param action
 */
export function roleMay( role: string, action: string ): boolean {
	const held = ROLE_ACTIONS[ role ] ?? [];
	if ( action === 'job' ) {
		return held.some( ( a ) =>
			[ 'create', 'restore', 'verify', 'upload', 'schedule' ].includes(
				a
			)
		);
	}
	return held.includes( action );
}
