/**
 * `rescan`: rebuilds the catalog from the storage directory's archives (see rescan-plan.ts for the rules).
 * Reads each archive's directory and manifest only (the same checks as any reader; `verify` reads the rest).
 * Runs under the site lock, so it never races a backup writing a new archive.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { recordAudit } from '../../audit/record';
import { ArchiveReader } from '../../archive/zip-reader';
import type { SiteContext } from '../../engine/context';
import { knownDirectories } from '../../engine/archive-store';
import { manifestSummary } from '../../engine/manifest-summary';
import { isSyteOpsError, SyteOpsError } from '../../errors';
import { Catalog } from '../../repository/catalog';
import { newId } from '../../repository/jobs';
import type { Command } from '../args';
import { runExclusive } from '../exclusive';
import type { CommandContext, CommandOutput } from '../io';
import {
	MISSING_CODE,
	planRescan,
	type ArchiveOnDisk,
	type NewRow,
	type RescanPlan,
} from '../rescan-plan';
import { CLI_ACTOR } from '../site';

const ARCHIVE_NAME = /^[0-9a-f]{32}\.zip$/;

export async function archivesOnDisk(
	dir: string
): Promise< ArchiveOnDisk[] > {
	const names = ( await fs.readdir( dir ) ).filter( ( n ) =>
		ARCHIVE_NAME.test( n )
	);
	const found: ArchiveOnDisk[] = [];
	for ( const name of names.sort() ) {
		const file = path.join( dir, name );
		const { size } = await fs.stat( file );
		try {
			const { manifest } = await ArchiveReader.open( file );
			found.push( { name, size, manifest } );
		} catch ( error ) {
			if ( ! isSyteOpsError( error ) ) {
				throw error;
			}
			found.push( {
				name,
				size,
				manifest: null,
				error: { code: error.code, message: error.message },
			} );
		}
	}
	return found;
}

async function insertRow( site: SiteContext, add: NewRow ): Promise< string > {
	const id = newId();
	const settings = await site.settings.get();
	// taken_at comes from the manifest: a catalog clock fixed at the archive's creation time.
	await new Catalog(
		site.pool,
		site.config.tablePrefix,
		() => add.takenAt
	).insertCapturing( {
		id,
		type: add.type,
		scope: add.scope,
		label: add.label,
		userId: null,
		// Counted from now, so an archive brought back is not pruned by the next retention run.
		retentionUntil: new Date(
			site.now().getTime() + settings.default_retention_days * 86400_000
		),
	} );
	await site.catalog.markAvailable(
		id,
		add.name,
		add.size,
		manifestSummary( add.manifest )
	);
	return id;
}

async function applyPlan( site: SiteContext, plan: RescanPlan ) {
	const added = [];
	for ( const add of plan.add ) {
		added.push( {
			id: await insertRow( site, add ),
			type: add.type,
			taken_at: add.takenAt.toISOString(),
			size_bytes: add.size,
		} );
	}
	for ( const row of plan.missing ) {
		const error = new SyteOpsError( MISSING_CODE, { id: row.id } );
		await site.catalog.markFailed( row.id, error.code, error.message );
	}
	for ( const { row, archive } of plan.returned ) {
		await site.catalog.markAvailable(
			row.id,
			archive.name,
			archive.size,
			manifestSummary( archive.manifest )
		);
	}
	return {
		storage_dir: site.config.storageDir,
		known: plan.known,
		added,
		marked_missing: plan.missing.map( ( r ) => r.id ),
		returned: plan.returned.map( ( r ) => r.row.id ),
		unreadable: plan.unreadable,
	};
}

export type RescanResult = Awaited< ReturnType< typeof applyPlan > >;

export async function rescanCommand(
	_command: Extract< Command, { name: 'rescan' } >,
	ctx: CommandContext
): Promise< CommandOutput > {
	const site = await ctx.site.get();
	const result = await runExclusive(
		site,
		{ kind: 'rescan', capability: 'syteops_backup_create' },
		async ( job ) => {
			job.progress( 'reading archives', 0, 1 );
			// Every directory archives may be in: the configured target, the storage directory, earlier targets.
			const onDisk: ArchiveOnDisk[] = [];
			for ( const dir of await knownDirectories( site ) ) {
				onDisk.push(
					...( await archivesOnDisk( dir ).catch( () => [] ) )
				);
			}
			const plan = planRescan(
				onDisk,
				await site.catalog.all( [
					'capturing',
					'available',
					'restoring',
					'failed',
				] )
			);
			const applied = await applyPlan( site, plan );
			await recordAudit( site, CLI_ACTOR, 'catalog.rescan', {
				change: {
					added: applied.added.length,
					marked_missing: applied.marked_missing.length,
					returned: applied.returned.length,
					via: 'cli',
				},
			} );
			return applied;
		},
		ctx.progress
	);
	return { json: result, human: describeRescan( result ) };
}

export function describeRescan( r: RescanResult ): string {
	return (
		[
			`Rescanned ${ r.storage_dir }: ${ r.known } archives already catalogued`,
			...r.added.map(
				( a ) =>
					`  added ${ a.id } (${ a.type }, taken ${ a.taken_at })`
			),
			...r.marked_missing.map(
				( id ) => `  marked failed ${ id }: its archive file is missing`
			),
			...r.returned.map(
				( id ) => `  available again ${ id }: its archive file is back`
			),
			...r.unreadable.map(
				( u ) => `  skipped ${ u.name }: ${ u.code }: ${ u.message }`
			),
			r.added.length + r.marked_missing.length + r.returned.length === 0
				? '  nothing to change'
				: '',
		]
			.filter( Boolean )
			.join( '\n' ) + '\n'
	);
}
