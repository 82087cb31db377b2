/**
 * Tables a restore need not load. The pre-restore snapshot reads every live table in one consistent
 * snapshot and hashes its rows as the archive stores them. A live table whose rows hash to the archive's
 * rows entry (the same SHA-256 and row count as the manifest) and whose schema text is the archive's schema
 * entry already is the table the restore would load, when the restore changes no row (no URL rewrite, the
 * same table prefix). Such a table stays live: its load is skipped, or stopped between two INSERTs, which
 * spares MariaDB the inserts and the load worker the rows and the read-back digest. Restoring an archive onto
 * the site it came from, after a change that touched a few tables, loads only those.
 *
 * The snapshot's verdict on a large table comes late, so a guess comes first: the manifest records each
 * InnoDB table's CHECKSUM TABLE, and the restore takes the live table's as it starts. A table whose checksum
 * matches waits for the verdict before it is loaded (it will most likely be kept); any other is loaded at
 * once, and may still be kept if the verdict comes before its load ends. A guess never decides: only the
 * verdict keeps a table. Every table still waiting is loaded when the snapshot's tables are read without a
 * verdict on it, and is not loaded at all when the snapshot fails (the restore fails with it).
 *
 * Never kept: the options table (the swap writes the post-restore lock and the site's internal options into
 * its staged copy), a table outside the consistent snapshot (not InnoDB), and any table when the site's
 * database user lacks the LOCK TABLES privilege (see below).
 *
 * The site keeps running during a restore, so a kept table may change between the snapshot and the swap.
 * The restore locks the kept tables for reading just before the swap, until it is done, and compares their
 * CHECKSUM TABLE with the one the snapshot's dump took of the rows it read: a table that changed, or one
 * that cannot be locked, is loaded after all (restore.ts). The restored site is the archive's either way.
 */
import type { Pool } from 'mysql2/promise';

import type { Manifest } from '../archive/manifest';
import type { ReadTable } from '../db/dump';
import { readSchema, type LoadSource } from '../db/load';
import { schemaPath } from '../db/schema-sql';
import { isTransactionalEngine } from '../db/site-tables';
import { canLockTable, tableChecksums } from '../db/table-guard';
import { withConnection } from '../db/session';
import type { RowTransformOptions } from './row-transform';

/** What decides whether tables can be kept: the archive being restored and how its rows are changed. */
export interface KeepBasis {
	reader: LoadSource;
	transform: RowTransformOptions;
}

/** Told each verdict (on the load worker: LoadOnWorker). */
export interface VerdictListener {
	keep: ( suffix: string ) => void;
	load: ( suffix: string ) => void;
}

/**
 * Whether the restore writes every row as the archive holds it. Pure.
 * @param transform
 */
export function changesNoRow( transform: RowTransformOptions ): boolean {
	return (
		transform.sourcePrefix === transform.targetPrefix &&
		( ! transform.urlRewrite ||
			transform.urlRewrite.from === transform.urlRewrite.to )
	);
}

/**
 * Whether a table the snapshot read has the archive's rows (its schema text is compared by the caller).
 * Pure.
 * @param read     the table as the snapshot read it
 * @param manifest the archive's manifest
 */
export function rowsMatchArchive(
	read: Pick< ReadTable, 'name' | 'rows' | 'sha256' | 'engine' >,
	manifest: Pick< Manifest, 'sections' >
): boolean {
	const archived = manifest.sections.tables.find(
		( t ) => t.name === read.name
	);
	return (
		read.name !== 'options' &&
		isTransactionalEngine( read.engine ) &&
		archived !== undefined &&
		Boolean( archived.sha256 ) &&
		archived.sha256 === read.sha256 &&
		archived.rows === read.rows
	);
}

/**
 * The tables worth waiting for: those the archive records a checksum of, largest first. Pure.
 * @param manifest
 */
export function guessable(
	manifest: Pick< Manifest, 'sections' >
): Array< { name: string; checksum: string } > {
	return manifest.sections.tables
		.filter(
			( t ) =>
				t.name !== 'options' &&
				t.checksum !== undefined &&
				isTransactionalEngine( t.engine ?? null )
		)
		.sort( ( a, b ) => b.rows - a.rows )
		.map( ( t ) => ( { name: t.name, checksum: t.checksum as string } ) );
}

type Verdict = 'waiting' | 'kept' | 'load' | 'abandoned';

export class KeptTables {
	private readonly verdicts = new Map< string, Verdict >();
	/** Suffix → the live table and the checksum it must still have at the swap. */
	private readonly kept = new Map<
		string,
		{ table: string; checksum: string }
	>();
	private listener: VerdictListener | null = null;
	/** Set when the site's database user may not lock tables: nothing is kept. */
	private refused = false;

	/**
	 * @param basis settled before the snapshot starts; null when nothing can be kept (the archive did
	 *              not open: the restore fails anyway)
	 */
	constructor( private readonly basis: Promise< KeepBasis | null > ) {}

	/**
	 * Starts the guess: every table the archive records a checksum of waits, and each whose live checksum
	 * differs (or cannot be taken) is released to load. Returns the tables that wait, for the load job. Must
	 * run before the snapshot: when the database user may not lock tables, nothing is kept at all.
	 * @param pool
	 * @param prefix the live tables' prefix
	 */
	async guess( pool: Pool, prefix: string ): Promise< string[] > {
		const basis = await this.basis;
		if ( ! basis || ! changesNoRow( basis.transform ) ) {
			return [];
		}
		// A kept table is held still before the swap by a read lock: without the privilege, keep none (loading
		// them all after staging would be slower than loading them beside the snapshot).
		if ( ! ( await canLockTable( pool, `${ prefix }options` ) ) ) {
			this.refused = true;
			return [];
		}
		const tables = guessable( basis.reader.manifest as Manifest );
		tables.forEach( ( t ) => this.verdicts.set( t.name, 'waiting' ) );
		withConnection( pool, 'comparing table checksums', async ( conn ) => {
			for ( const table of tables ) {
				const [ live ] = await tableChecksums( conn, [
					prefix + table.name,
				] );
				if ( live !== table.checksum ) {
					this.decide( table.name, 'load' );
				}
			}
		} ).catch( () => this.settle() ); // no guess: nothing waits
		return tables.map( ( t ) => t.name );
	}

	/**
	 * Called by the snapshot's dump after each table (DumpOptions.onTableRead).
	 * @param read
	 */
	async consider( read: ReadTable ): Promise< void > {
		const basis = await this.basis;
		const verdict = this.verdicts.get( read.name );
		if (
			! basis ||
			this.refused ||
			( verdict !== undefined && verdict !== 'waiting' )
		) {
			return;
		}
		const equal =
			changesNoRow( basis.transform ) &&
			rowsMatchArchive( read, basis.reader.manifest as Manifest ) &&
			( await readSchema( basis.reader, schemaPath( read.name ) ) ) ===
				read.schema;
		// The checksum the table must still have at the swap: the one the dump took of the rows it read.
		const checksum = equal ? ( read.checksum ?? null ) : null;
		if ( checksum === null ) {
			if ( verdict === 'waiting' ) {
				this.decide( read.name, 'load' );
			}
			return;
		}
		this.kept.set( read.name, { table: read.table, checksum } );
		this.decide( read.name, 'kept' );
	}

	/** The snapshot's tables are read: every table still waiting is loaded. */
	settle(): void {
		this.waitingTables().forEach( ( suffix ) =>
			this.decide( suffix, 'load' )
		);
	}

	/**
	 * The snapshot failed, so the restore will: no table still waiting is loaded (the worker is told to keep
	 * it, and the restore never reaches the swap).
	 */
	abandon(): void {
		this.waitingTables().forEach( ( suffix ) => {
			this.verdicts.set( suffix, 'abandoned' );
			this.listener?.keep( suffix );
		} );
	}

	/**
	 * Hears each verdict from now on, and every one given so far.
	 * @param listener
	 */
	listen( listener: VerdictListener ): void {
		this.listener = listener;
		this.verdicts.forEach( ( verdict, suffix ) =>
			this.tell( suffix, verdict )
		);
	}

	/**
	 * The kept tables of these suffixes whose checksum now (in the same order) is not the one recorded.
	 * @param suffixes
	 * @param checksums
	 */
	changed(
		suffixes: readonly string[],
		checksums: ReadonlyArray< string | null >
	): string[] {
		return suffixes.filter(
			( suffix, i ) =>
				checksums[ i ] === null ||
				this.kept.get( suffix )?.checksum !== checksums[ i ]
		);
	}

	/**
	 * The live table of a kept suffix.
	 * @param suffix
	 */
	tableOf( suffix: string ): string {
		const kept = this.kept.get( suffix );
		if ( ! kept ) {
			throw new Error( `${ suffix } was not kept.` );
		}
		return kept.table;
	}

	private waitingTables(): string[] {
		return [ ...this.verdicts ]
			.filter( ( [ , verdict ] ) => verdict === 'waiting' )
			.map( ( [ suffix ] ) => suffix );
	}

	private decide( suffix: string, verdict: 'kept' | 'load' ): void {
		this.verdicts.set( suffix, verdict );
		this.tell( suffix, verdict );
	}

	private tell( suffix: string, verdict: Verdict ): void {
		if ( verdict === 'kept' || verdict === 'abandoned' ) {
			this.listener?.keep( suffix );
		} else if ( verdict === 'load' ) {
			this.listener?.load( suffix );
		}
	}
}
