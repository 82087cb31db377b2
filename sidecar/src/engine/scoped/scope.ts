/**
 * The four export scopes and the names they go by: in a request (`scope` + `name`/`user_id`), in the
 * catalog (`master`, `tab:<name>`, `module:<name>`, `user:<id>`) and in the manifest (`{ kind, name }` or
 * `{ kind: 'user', user_login }`). Which tabs and modules exist is read from the site's registry at run
 * time, so a module registered through the filter can be exported like the shipped ones. Pure.
 */
import type { Scope } from '../../archive/manifest';
import { SyteOpsError } from '../../errors';
import type { Registry } from '../registry';

export const EXPORT_SCOPES = [ 'master', 'tab', 'module', 'user' ] as const;
export type ExportScopeKind = ( typeof EXPORT_SCOPES )[ number ];

/** The variable sets travel as a tab of their own (they hold configurations of every tab). */
export const VARIABLE_SETS_TAB = 'variable_sets';

export type ExportScope =
	| { kind: 'master' }
	| { kind: 'tab'; name: string }
	| { kind: 'module'; name: string }
	| { kind: 'user'; userId: number; userLogin: string };

export function tabNames( registry: Registry ): string[] {
	return [ ...Object.keys( registry.tabs ), VARIABLE_SETS_TAB ];
}

/**
 * The options one tab owns, without any the registry calls internal (never exported, never overwritten).
 * @param registry
 * @param name
 */
export function tabOptions( registry: Registry, name: string ): string[] {
	const tabs = registry.tabs as Record< string, { options: string[] } >;
	const options =
		name === VARIABLE_SETS_TAB
			? registry.variable_sets.options
			: ( tabs[ name ]?.options ?? [] );
	return options.filter(
		( option ) => ! registry.internal.options.includes( option )
	);
}

/**
 * Refuses a tab or module this site does not have, naming the ones it has.
 * @param registry
 * @param kind
 * @param name
 */
export function checkScopeName(
	registry: Registry,
	kind: 'tab' | 'module',
	name: string
): void {
	const known =
		kind === 'tab' ? tabNames( registry ) : Object.keys( registry.modules );
	if ( ! known.includes( name ) ) {
		throw new SyteOpsError( 'syteops_export_unknown_scope', {
			kind,
			name,
			known: known.join( ', ' ),
		} );
	}
}

export function catalogScope( scope: ExportScope ): string {
	switch ( scope.kind ) {
		case 'master':
			return 'master';
		case 'user':
			return `user:${ scope.userId }`;
		default:
			return `${ scope.kind }:${ scope.name }`;
	}
}

export function manifestScope( scope: ExportScope ): Scope {
	switch ( scope.kind ) {
		case 'master':
			return { kind: 'master' };
		case 'user':
			return { kind: 'user', user_login: scope.userLogin };
		default:
			return { kind: scope.kind, name: scope.name };
	}
}

/**
 * The catalog form of a manifest's scope (a user export is named by its login here: the source's ids mean
 * nothing on another site).
 * @param scope
 */
export function catalogScopeOf( scope: Scope ): string {
	if ( scope.kind === 'user' ) {
		return `user:${ scope.user_login ?? '' }`;
	}
	return scope.name ? `${ scope.kind }:${ scope.name }` : scope.kind;
}

/**
 * How a scope is shown to people: "master", "tab general", "user jane.doe".
 * @param scope
 */
export function describeScope( scope: Scope ): string {
	if ( scope.kind === 'user' ) {
		return `user ${ scope.user_login ?? '' }`;
	}
	return scope.name ? `${ scope.kind } ${ scope.name }` : scope.kind;
}
