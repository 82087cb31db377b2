/**
 * The human text of an import plan, shared by `import` (without `--yes`) and `preview` of an export. Its own
 * module so `preview` does not load the import engine to print it.
 */
import type { ImportPlan } from '../../engine/scoped/import-plan';
import { formatCount } from '../format';

export function describePlan( plan: ImportPlan ): string {
	const o = plan.options;
	const u = plan.users;
	const lines = [
		`Import of ${ plan.scope.kind }${
			( plan.scope.name ?? plan.scope.user_login )
				? ` ${ plan.scope.name ?? plan.scope.user_login }`
				: ''
		} (prefix ${ plan.prefix.from } -> ${ plan.prefix.to }${
			plan.url_rewrite
				? `, URLs ${ plan.url_rewrite.from } -> ${ plan.url_rewrite.to }`
				: ''
		})`,
		o.in_archive
			? `  options: ${ o.added } added, ${ o.changed } changed, ${ o.unchanged } unchanged${
					o.skipped.length
						? `, skipped ${ o.skipped.join( ', ' ) }`
						: ''
				}`
			: '',
		u.in_archive
			? `  users: ${ u.matched_by_login } matched by login, ${ u.matched_by_email } by email, ${ u.created } created, ${ u.updated } updated in place, ${ formatCount(
					u.left_alone
				) } left alone`
			: '',
		...Object.entries( plan.modules ).map(
			( [ name, m ] ) =>
				`  ${ name }: ${ m.added } added with fresh ids, ${ m.replaced } replaced, ${ m.left_alone } left alone`
		),
		...Object.entries( plan.licensing ).map(
			( [ name, l ] ) =>
				`  ${ name }: ${ l.in_archive } rows replace ${ l.replaced }`
		),
		...plan.remap.users
			.slice( 0, 20 )
			.map(
				( r ) =>
					`  user ${ r.login } (id ${ r.source_id }) -> ${
						r.target_id === null
							? 'new user'
							: `${ r.target_login } (id ${ r.target_id })`
					} by ${ r.how }`
			),
	];
	return lines.filter( Boolean ).join( '\n' ) + '\n';
}
