/**
 * `sql <archive.zip> [--prefix P] [-o out.sql]`: a plain SQL dump of the archive's tables for disaster
 * recovery, with nothing but the archive (no site, no database, no configuration). Tables are named
 * `<prefix><suffix>`, the prefix defaulting to the source site's. With -o the file is written beside its
 * final name and renamed when complete, so a half-written dump never looks finished.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import { finished } from 'node:stream/promises';

import { ArchiveReader } from '../../archive/zip-reader';
import { archiveToSql } from '../../db/sql-dump';
import type { Command } from '../args';
import { formatCount } from '../format';
import type { CommandContext, CommandOutput } from '../io';

export async function sqlCommand(
	command: Extract< Command, { name: 'sql' } >,
	ctx: CommandContext
): Promise< CommandOutput > {
	const reader = await ArchiveReader.open( command.archive );
	const prefix = command.prefix ?? reader.manifest.source.table_prefix;
	if ( command.out === null ) {
		const counts = await archiveToSql( reader, ctx.io.stdout, { prefix } );
		return { json: { ...counts, prefix }, human: '' };
	}
	const temp = `${ command.out }.tmp-${ randomBytes( 4 ).toString( 'hex' ) }`;
	const out = createWriteStream( temp, { flags: 'wx', mode: 0o600 } );
	try {
		const counts = await archiveToSql( reader, out, { prefix } );
		out.end();
		await finished( out );
		await fs.rename( temp, command.out );
		return {
			json: { ...counts, prefix, output: command.out },
			human: `Wrote ${ formatCount( counts.tables ) } tables, ${ formatCount(
				counts.rows
			) } rows (prefix ${ prefix || '(none)' }) to ${ command.out }\n`,
		};
	} catch ( error ) {
		out.destroy();
		await fs.rm( temp, { force: true } );
		throw error;
	}
}
