/**
 * A dump offered an earlier archive (what a restore's pre-restore snapshot is offered: the archive being
 * restored) writes each table whose rows are that archive's byte for byte with the archive's deflated bytes,
 * and deflates a changed table anew: every table of the new archive holds exactly the live rows. Real
 * MariaDB, real archives.
 */
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

import {
	ArchiveDeflatedReuse,
	type ReusableArchive,
} from '../../../../sidecar/src/archive/deflated-reuse';
import type { ArchiveReader } from '../../../../sidecar/src/archive/zip-reader';
import { dumpDatabase, type DumpResult } from '../../../../sidecar/src/db/dump';
import { rowsPath } from '../../../../sidecar/src/db/schema-sql';
import { dumpToArchive, entryText, tempStorage } from './support/archive';
import { createFixtures, registry, SITE_SUFFIXES } from './support/fixtures';
import { createScratch, type Scratch } from './support/scratch';

const prefix = 'r_';
let scratch: Scratch;

async function dump(
	offered?: ReusableArchive
): Promise< { reader: ArchiveReader; dump: DumpResult } > {
	const reusable = new ArchiveDeflatedReuse();
	if ( offered ) {
		reusable.attach( offered );
	}
	try {
		return await dumpToArchive(
			( writer ) =>
				dumpDatabase( scratch.pool, {
					prefix,
					registry,
					writer,
					reusable,
				} ),
			prefix
		);
	} finally {
		reusable.close();
	}
}

/**
 * Every table's rows entry as it lies in the archive file (deflated), by table.
 * @param reader
 */
function storedRows( reader: ArchiveReader ): Map< string, Buffer > {
	const stored = new Map< string, Buffer >();
	const fd = openSync( reader.path, 'r' );
	try {
		for ( const target of reader.scanTargets(
			reader.manifest.sections.tables.map( ( t ) => rowsPath( t.name ) )
		) ) {
			const bytes = Buffer.alloc( target.compressedSize );
			readSync( fd, bytes, 0, bytes.length, target.dataStart );
			stored.set( target.path, bytes );
		}
	} finally {
		closeSync( fd );
	}
	return stored;
}

/**
 * The archive's rows entries deflated by another tool (zlib level 9, not the writer's level 1), as an
 * archive to offer: bytes of it found in a new archive can only have been copied.
 * @param reader
 */
async function deflatedElsewhere(
	reader: ArchiveReader
): Promise< { archive: ReusableArchive; stored: Map< string, Buffer > } > {
	const stored = new Map< string, Buffer >();
	const targets: ReturnType< ReusableArchive[ 'scanTargets' ] > = [];
	let offset = 0;
	for ( const table of reader.manifest.sections.tables ) {
		const entry = rowsPath( table.name );
		const bytes = Buffer.from( await entryText( reader, entry ), 'utf8' );
		const deflated = deflateRawSync( bytes, { level: 9 } );
		stored.set( entry, deflated );
		targets.push( {
			path: entry,
			size: bytes.length,
			crc32: crc32( bytes ),
			manifest: { path: entry, size: bytes.length, sha256: '' },
			offset,
			dataStart: offset,
			compressedSize: deflated.length,
			deflated: true,
		} );
		offset += deflated.length;
	}
	const file = path.join( tempStorage(), 'level9.bin' );
	writeFileSync( file, Buffer.concat( [ ...stored.values() ] ) );
	return {
		archive: {
			path: file,
			scanTargets: ( paths ) =>
				[ ...paths ].flatMap( ( wanted ) =>
					targets.filter( ( t ) => t.path === wanted )
				),
		},
		stored,
	};
}

const BIG = 'bigmeta';

beforeAll( async () => {
	scratch = await createScratch();
	await createFixtures( scratch.pool, prefix, false );
	// Several MB of rows: the comparison crosses many live chunks and inflated chunks.
	await scratch.pool.query(
		`CREATE TABLE \`${ prefix }${ BIG }\` (meta_id int PRIMARY KEY, meta_key varchar(64), meta_value longtext) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`
	);
	await scratch.pool.query(
		`INSERT INTO \`${ prefix }${ BIG }\` SELECT seq, CONCAT('key_', seq % 50), REPEAT(MD5(seq), 8) FROM seq_1_to_30000`
	);
} );

afterAll( async () => {
	await scratch?.drop();
} );

test( 'unchanged tables take the offered archive’s deflated bytes; a table changed mid-way is deflated anew; every table holds exactly the live rows', async () => {
	const first = await dump();
	const offered = await deflatedElsewhere( first.reader );
	await scratch.pool.query(
		`UPDATE \`${ prefix }${ BIG }\` SET meta_value = 'changed' WHERE meta_id = 15000`
	);
	await scratch.pool.query(
		`UPDATE \`${ prefix }posts\` SET post_title = CONCAT(post_title, '!')`
	);
	const plain = await dump(); // the live rows, with nothing offered

	const reused = await dump( offered.archive );

	const tables = [ ...SITE_SUFFIXES, BIG ].sort();
	expect(
		reused.reader.manifest.sections.tables.map( ( t ) => t.name ).sort()
	).toEqual( tables );
	expect( reused.dump.tables ).toEqual( plain.dump.tables );
	const after = storedRows( reused.reader );
	const copied = tables.filter( ( table ) =>
		after
			.get( rowsPath( table ) )
			?.equals(
				offered.stored.get( rowsPath( table ) ) ?? Buffer.alloc( 0 )
			)
	);
	expect( copied ).toEqual(
		tables.filter( ( t ) => t !== BIG && t !== 'posts' )
	);
	for ( const table of tables ) {
		expect( await entryText( reused.reader, rowsPath( table ) ) ).toBe(
			await entryText( plain.reader, rowsPath( table ) )
		);
	}
	expect( storedRows( reused.reader ).get( rowsPath( BIG ) ) ).toEqual(
		storedRows( plain.reader ).get( rowsPath( BIG ) )
	);
} );
