/**
 * The writer's compact entry log (manifest-entry-log.ts) gives back every entry as added and renders
 * manifest.json byte for byte as JSON.stringify of the whole manifest did.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	parseManifest,
	type ManifestEntry,
} from '../../../../sidecar/src/archive/manifest';
import { ManifestEntryLog } from '../../../../sidecar/src/archive/manifest-entry-log';
import { baseManifest } from '../../fixtures/archive/archive-builder';

const SHA = ( n: number ) => n.toString( 16 ).padStart( 64, '0' );

function entries( count: number ): ManifestEntry[] {
	return Array.from( { length: count }, ( _, i ) => ( {
		path: `files/wp-content/uploads/ünï 日本 ${ i }.jpg`,
		size: i === 1 ? 9_007_199_254_740_991 : i * 4099,
		sha256: SHA( i * 7919 ),
		...( i % 3 === 2 ? {} : { compressed: i % 3 === 0 } ),
	} ) );
}

function logOf( list: ManifestEntry[], spoolDir?: string ): ManifestEntryLog {
	const log = new ManifestEntryLog( spoolDir );
	list.forEach( ( entry ) => log.add( entry ) );
	return log;
}

describe( 'ManifestEntryLog', () => {
	it( 'gives back every entry as added, in order, across many blocks', () => {
		const list = entries( 2000 ); // about 180 KB of records: several 64 KiB blocks
		const log = logOf( list );
		expect( log.length ).toBe( 2000 );
		expect( [ ...log ] ).toEqual( list );
	} );

	it.each( [ 0, 1, 2000 ] )(
		'renders manifest.json with %d entries exactly as JSON.stringify of the validated manifest',
		( count ) => {
			const list = entries( count );
			const head = baseManifest();
			head.files = { symlinks: [], directories: [ 'uploads/empty' ] };
			const expected = JSON.stringify(
				parseManifest( { ...head, entries: list } ),
				null,
				'\t'
			);
			const rendered = logOf( list ).renderManifest( head );
			expect( rendered.toString( 'utf8' ) ).toBe( expected );
			expect( rendered.length ).toBe( Buffer.byteLength( expected ) );
		}
	);

	it( 'spooled to an unlinked file, gives back and renders the same as in memory, leaves no file, and refuses a listing once closed', () => {
		const dir = mkdtempSync( path.join( tmpdir(), 'syteops-entry-log-' ) );
		try {
			const list = entries( 2000 );
			const spooled = logOf( list, dir );
			expect( readdirSync( dir ) ).toEqual( [] );
			expect( [ ...spooled ] ).toEqual( list );
			const head = baseManifest();
			expect( spooled.renderManifest( head ) ).toEqual(
				logOf( list ).renderManifest( head )
			);
			spooled.close();
			expect( spooled.length ).toBe( 2000 );
			expect( () => [ ...spooled ] ).toThrow( 'the spool is closed' );
		} finally {
			rmSync( dir, { recursive: true, force: true } );
		}
	} );
} );
