/**
 * One seed run against a database: ensure the SyteOps tables, remove the previous run, then stream
 * users, modules, licensing, posts and media in batches, and upsert options and secrets.
 */
import { mkdir, writeFile } from 'fs/promises';
import { dirname, join } from 'path';
import type { Connection } from 'mysql2/promise';

import type { SeedOptions } from './args';
import { BatchInserter, upsertRows } from './db/batch-inserter';
import {
	assertIdRangeFree,
	removeSeededPosts,
	removeSeededUsers,
} from './db/cleanup';
import {
	generateBlacklistEntry,
	generateConnection,
} from './generate/licensing';
import { describeMedia, mediaBytes, mediaRows } from './generate/media';
import { generateEstimate, generateNote } from './generate/modules';
import { generatePost } from './generate/posts';
import type { Row } from './generate/row';
import { optionRows, secretRows } from './generate/settings';
import { generateUser, userId } from './generate/users';
import {
	countsFor,
	ID_BASE,
	postId,
	type SeedContext,
	type SeedCounts,
} from './plan';
import { registrySecretNames, schemaStatements } from './project-files';

/** Tables the seeder fills; it creates them if the plugin never ran (benchmark sites). */
const SEEDED_TABLES = [
	'syteops_notes',
	'syteops_estimates',
	'syteops_license_connections',
	'syteops_license_blacklist',
	'syteops_secrets',
];

export type SeedSummary = SeedCounts & {
	removedUsers: number;
	removedPosts: number;
};

async function streamRows(
	connection: Connection,
	table: string,
	count: number,
	make: ( index: number ) => Row
): Promise< void > {
	const inserter = new BatchInserter( connection, table );
	for ( let i = 0; i < count; i++ ) {
		await inserter.add( make( i ) );
	}
	await inserter.flush();
}

async function insertUsers(
	connection: Connection,
	ctx: SeedContext,
	counts: SeedCounts
): Promise< void > {
	const users = new BatchInserter( connection, `${ ctx.prefix }users` );
	const meta = new BatchInserter(
		connection,
		`${ ctx.prefix }usermeta`,
		2000
	);
	for ( let i = 0; i < counts.users; i++ ) {
		const generated = generateUser( ctx, counts, i );
		await users.add( generated.user );
		await meta.addAll( generated.meta );
	}
	await users.flush();
	await meta.flush();
}

async function insertPostsAndMedia(
	connection: Connection,
	ctx: SeedContext,
	counts: SeedCounts,
	uploadsDir: string
): Promise< void > {
	const posts = new BatchInserter( connection, `${ ctx.prefix }posts`, 200 );
	const meta = new BatchInserter(
		connection,
		`${ ctx.prefix }postmeta`,
		2000
	);
	for ( const kind of [ 'post', 'page' ] as const ) {
		for (
			let i = 0;
			i < ( kind === 'post' ? counts.posts : counts.pages );
			i++
		) {
			const generated = generatePost( ctx, counts, kind, i );
			await posts.add( generated.post );
			await meta.addAll( generated.meta );
		}
	}
	for ( let i = 0; i < counts.media; i++ ) {
		const item = describeMedia( ctx, counts, i );
		const bytes = mediaBytes( ctx, item );
		const target = join( uploadsDir, item.relativePath );
		await mkdir( dirname( target ), { recursive: true } );
		await writeFile( target, bytes );
		const generated = mediaRows(
			ctx,
			item,
			bytes.length,
			userId( i % counts.users )
		);
		await posts.add( generated.post );
		await meta.addAll( generated.meta );
	}
	await posts.flush();
	await meta.flush();
}

async function assertRangesFree(
	connection: Connection,
	prefix: string,
	counts: SeedCounts
): Promise< void > {
	const ranges: Array< [ string, string, number, number ] > = [
		[ 'users', 'ID', ID_BASE.user, counts.users ],
		[
			'posts',
			'ID',
			ID_BASE.post,
			postId( counts, 'media', counts.media ) - ID_BASE.post,
		],
		[ 'syteops_notes', 'id', ID_BASE.note, counts.notes ],
		[ 'syteops_estimates', 'id', ID_BASE.estimate, counts.estimates ],
		[
			'syteops_license_connections',
			'id',
			ID_BASE.connection,
			counts.connections,
		],
		[
			'syteops_license_blacklist',
			'id',
			ID_BASE.blacklist,
			counts.blacklist,
		],
	];
	for ( const [ table, column, from, count ] of ranges ) {
		await assertIdRangeFree(
			connection,
			prefix + table,
			column,
			from,
			count
		);
	}
}

export async function runSeed(
	connection: Connection,
	options: SeedOptions
): Promise< SeedSummary > {
	const ctx: SeedContext = {
		seed: options.seed,
		scale: options.scale,
		siteUrl: options.siteUrl,
		uploadsUrl: options.uploadsUrl,
		prefix: options.prefix,
	};
	const counts = countsFor( options.scale );
	const statements = schemaStatements( options.prefix );
	for ( const table of SEEDED_TABLES ) {
		await connection.query( String( statements.get( table ) ) );
	}
	const removedUsers = await removeSeededUsers( connection, options.prefix );
	const removedPosts = await removeSeededPosts(
		connection,
		options.prefix,
		options.uploadsDir
	);
	await assertRangesFree( connection, options.prefix, counts );
	// Let the meta ids restart where the previous run's began, so a re-run writes identical rows.
	for ( const table of [ 'usermeta', 'postmeta' ] ) {
		await connection.query( 'ALTER TABLE ?? AUTO_INCREMENT = 1', [
			options.prefix + table,
		] );
	}

	await insertUsers( connection, ctx, counts );
	await streamRows(
		connection,
		`${ ctx.prefix }syteops_notes`,
		counts.notes,
		( i ) => generateNote( ctx, counts, i )
	);
	await streamRows(
		connection,
		`${ ctx.prefix }syteops_estimates`,
		counts.estimates,
		( i ) => generateEstimate( ctx, counts, i )
	);
	await streamRows(
		connection,
		`${ ctx.prefix }syteops_license_connections`,
		counts.connections,
		( i ) => generateConnection( ctx, counts, i )
	);
	await streamRows(
		connection,
		`${ ctx.prefix }syteops_license_blacklist`,
		counts.blacklist,
		( i ) => generateBlacklistEntry( ctx, counts, i )
	);
	await insertPostsAndMedia( connection, ctx, counts, options.uploadsDir );

	const secretNames = registrySecretNames();
	await upsertRows(
		connection,
		`${ ctx.prefix }options`,
		optionRows( ctx, secretNames ),
		[ 'option_value', 'autoload' ]
	);
	await upsertRows(
		connection,
		`${ ctx.prefix }syteops_secrets`,
		secretRows( ctx, secretNames ),
		[ 'value', 'updated_by_user_id', 'updated_at' ]
	);
	return { ...counts, removedUsers, removedPosts };
}
