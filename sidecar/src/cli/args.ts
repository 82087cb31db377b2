/**
 * The command line's grammar, parsed without I/O: `syteops-backup [--json] [--wp-config PATH] <command> ...`.
 * Global flags may appear anywhere; `--name=value` and `--name value` are both accepted. A usage error is
 * a SyteOpsError `syteops_invalid_param` naming the argument, so `--json` callers get the REST shape.
 */
import { SyteOpsError } from '../errors';

export type Command =
	| { name: 'create'; label: string }
	| { name: 'list'; page: number; perPage: number; all: boolean }
	| { name: 'verify'; target: string }
	| { name: 'preview'; target: string }
	| { name: 'restore'; target: string; urlRewrite: boolean }
	| {
			name: 'sql';
			archive: string;
			prefix: string | null;
			out: string | null;
	  }
	| {
			name: 'export';
			scope: 'master' | 'tab' | 'module' | 'user';
			scopeName: string | null;
			userId: number | null;
			userLogin: string | null;
			out: string | null;
			label: string;
	  }
	| { name: 'import'; target: string; yes: boolean; urlRewrite: boolean }
	| { name: 'rescan' }
	| { name: 'serve' }
	| { name: 'help' };

export interface Invocation {
	json: boolean;
	wpConfig: string | null;
	command: Command;
}

interface Spec {
	flags: string[];
	options: string[];
	positionals: string[];
}

const SPECS: Record< Exclude< Command[ 'name' ], 'help' >, Spec > = {
	create: { flags: [], options: [ '--label' ], positionals: [] },
	list: {
		flags: [ '--all' ],
		options: [ '--page', '--per-page' ],
		positionals: [],
	},
	verify: { flags: [], options: [], positionals: [ 'target' ] },
	preview: { flags: [], options: [], positionals: [ 'target' ] },
	restore: {
		flags: [ '--yes', '--no-url-rewrite' ],
		options: [],
		positionals: [ 'target' ],
	},
	sql: {
		flags: [],
		options: [ '--prefix', '-o' ],
		positionals: [ 'archive' ],
	},
	export: {
		flags: [],
		options: [
			'--scope',
			'--name',
			'--user-id',
			'--user-login',
			'--out',
			'--label',
		],
		positionals: [],
	},
	import: {
		flags: [ '--yes', '--no-url-rewrite' ],
		options: [],
		positionals: [ 'target' ],
	},
	rescan: { flags: [], options: [], positionals: [] },
	serve: { flags: [], options: [], positionals: [] },
};

const ALIASES: Record< string, string > = { '--output': '-o', '-y': '--yes' };

export function usageError( param: string, reason: string ): SyteOpsError {
	return new SyteOpsError( 'syteops_invalid_param', { param, reason } );
}

interface Parsed {
	flags: Set< string >;
	options: Map< string, string >;
	positionals: string[];
}

/**
 * Splits argv by a command's spec (global flags already removed).
 * @param args
 * @param spec
 */
function split( args: string[], spec: Spec ): Parsed {
	const parsed: Parsed = {
		flags: new Set(),
		options: new Map(),
		positionals: [],
	};
	for ( let i = 0; i < args.length; i++ ) {
		const [ rawName, inline ] = args[ i ].startsWith( '-' )
			? args[ i ].split( /=(.*)/s, 2 )
			: [ args[ i ], undefined ];
		const name = ALIASES[ rawName ] ?? rawName;
		if ( spec.flags.includes( name ) && inline === undefined ) {
			parsed.flags.add( name );
		} else if ( spec.options.includes( name ) ) {
			const value = inline ?? args[ ++i ];
			if ( value === undefined ) {
				throw usageError( name, 'a value is required' );
			}
			parsed.options.set( name, value );
		} else if ( name.startsWith( '-' ) && name !== '-' ) {
			throw usageError( rawName, 'unknown option for this command' );
		} else {
			parsed.positionals.push( args[ i ] );
		}
	}
	if ( parsed.positionals.length !== spec.positionals.length ) {
		throw usageError(
			spec.positionals.join( ' ' ) || parsed.positionals[ 0 ],
			spec.positionals.length
				? `expected exactly ${ spec.positionals.length } argument (${ spec.positionals.join( ', ' ) })`
				: 'this command takes no arguments'
		);
	}
	return parsed;
}

function wholeNumber(
	value: string | undefined,
	param: string,
	fallback: number,
	max: number
): number {
	if ( value === undefined ) {
		return fallback;
	}
	const n = /^\d+$/.test( value ) ? Number( value ) : NaN;
	if ( ! Number.isSafeInteger( n ) || n < 1 || n > max ) {
		throw usageError( param, `expected a whole number from 1 to ${ max }` );
	}
	return n;
}

function buildCommand( name: keyof typeof SPECS, p: Parsed ): Command {
	const [ first ] = p.positionals;
	switch ( name ) {
		case 'create': {
			const label = p.options.get( '--label' ) ?? '';
			if ( label.length > 100 ) {
				throw usageError( '--label', 'at most 100 characters' );
			}
			return { name, label };
		}
		case 'list':
			return {
				name,
				page: wholeNumber(
					p.options.get( '--page' ),
					'--page',
					1,
					1e6
				),
				perPage: wholeNumber(
					p.options.get( '--per-page' ),
					'--per-page',
					20,
					100
				),
				all: p.flags.has( '--all' ),
			};
		case 'verify':
		case 'preview':
			return { name, target: first };
		case 'restore':
			if ( ! p.flags.has( '--yes' ) ) {
				throw usageError(
					'--yes',
					'restoring replaces this site with the backup; add --yes to confirm'
				);
			}
			return {
				name,
				target: first,
				urlRewrite: ! p.flags.has( '--no-url-rewrite' ),
			};
		case 'sql':
			return sqlCommand( first, p );
		case 'export':
			return exportCommand( p );
		case 'import':
			return {
				name,
				target: first,
				yes: p.flags.has( '--yes' ),
				urlRewrite: ! p.flags.has( '--no-url-rewrite' ),
			};
		default:
			return { name };
	}
}

const SCOPES = [ 'master', 'tab', 'module', 'user' ] as const;

/**
 * `export --scope S`: the name for tab and module, exactly one of --user-id / --user-login for user.
 * @param p
 */
function exportCommand( p: Parsed ): Command {
	const scope = p.options.get( '--scope' ) as ( typeof SCOPES )[ number ];
	if ( ! SCOPES.includes( scope ) ) {
		throw usageError(
			'--scope',
			`required, one of ${ SCOPES.join( ', ' ) }`
		);
	}
	const scopeName = p.options.get( '--name' ) ?? null;
	if ( ( scope === 'tab' || scope === 'module' ) && ! scopeName ) {
		throw usageError(
			'--name',
			`a ${ scope } export needs the ${ scope } name`
		);
	}
	if ( scopeName !== null && ! /^[a-z0-9_]{1,64}$/.test( scopeName ) ) {
		throw usageError(
			'--name',
			'lowercase letters, digits and underscores only'
		);
	}
	const rawId = p.options.get( '--user-id' );
	const userLogin = p.options.get( '--user-login' ) ?? null;
	if (
		scope === 'user' &&
		( rawId === undefined ) === ( userLogin === null )
	) {
		throw usageError(
			'--user-id',
			'a user export needs exactly one of --user-id or --user-login'
		);
	}
	const label = p.options.get( '--label' ) ?? '';
	if ( label.length > 100 ) {
		throw usageError( '--label', 'at most 100 characters' );
	}
	return {
		name: 'export',
		scope,
		scopeName,
		userId:
			rawId === undefined
				? null
				: wholeNumber( rawId, '--user-id', 0, Number.MAX_SAFE_INTEGER ),
		userLogin,
		out: p.options.get( '--out' ) ?? null,
		label,
	};
}

function sqlCommand( archive: string, p: Parsed ): Command {
	const prefix = p.options.get( '--prefix' ) ?? null;
	if ( prefix !== null && ! /^[A-Za-z0-9_]*$/.test( prefix ) ) {
		throw usageError(
			'--prefix',
			'only letters, digits and underscores are allowed'
		);
	}
	return { name: 'sql', archive, prefix, out: p.options.get( '-o' ) ?? null };
}

/**
 * Parses the arguments after the program name.
 * @param argv
 */
export function parseArgs( argv: readonly string[] ): Invocation {
	let json = false;
	let wpConfig: string | null = null;
	let help = false;
	const rest: string[] = [];
	for ( let i = 0; i < argv.length; i++ ) {
		const arg = argv[ i ];
		if ( arg === '--json' ) {
			json = true;
		} else if ( arg === '-h' || arg === '--help' ) {
			help = true;
		} else if (
			arg === '--wp-config' ||
			arg.startsWith( '--wp-config=' )
		) {
			wpConfig =
				arg === '--wp-config' ? argv[ ++i ] : arg.slice( 12 ) || null;
			if ( ! wpConfig ) {
				throw usageError( '--wp-config', 'a path is required' );
			}
		} else {
			rest.push( arg );
		}
	}
	const [ name, ...args ] = rest;
	if ( help || name === undefined || name === 'help' ) {
		return { json, wpConfig, command: { name: 'help' } };
	}
	if ( ! Object.hasOwn( SPECS, name ) ) {
		throw usageError( name, 'unknown command (see syteops-backup --help)' );
	}
	const command = buildCommand(
		name as keyof typeof SPECS,
		split( args, SPECS[ name as keyof typeof SPECS ] )
	);
	if ( command.name === 'sql' && json && command.out === null ) {
		throw usageError(
			'-o',
			'with --json the SQL must go to a file (-o FILE): stdout carries the JSON summary'
		);
	}
	return { json, wpConfig, command };
}
