import path from 'node:path';

import {
	resolveInside,
	validateEntryPath,
} from '../../../../sidecar/src/archive/entry-path';

const rejected: Array< [ string, string ] > = [
	[ '../etc/passwd', 'syteops_archive_entry_traversal' ],
	[ 'files/../../x', 'syteops_archive_entry_traversal' ],
	[ '/etc/passwd', 'syteops_archive_entry_absolute_path' ],
	[ 'C:/Windows/x', 'syteops_archive_entry_drive_letter' ],
	[ 'c:x', 'syteops_archive_entry_drive_letter' ],
	[ 'files\\x.php', 'syteops_archive_entry_backslash' ],
	[ 'files/a\u0000.php', 'syteops_archive_entry_control_char' ],
	[ 'files/a\nb', 'syteops_archive_entry_control_char' ],
	[ 'files//a', 'syteops_archive_entry_empty_segment' ],
	[ 'files/./a', 'syteops_archive_entry_empty_segment' ],
	[ 'files/dir/', 'syteops_archive_entry_empty_segment' ],
	[ '', 'syteops_archive_entry_empty_segment' ],
	[ 'a/'.repeat( 600 ) + 'b', 'syteops_archive_entry_name_too_long' ],
	[ 'é'.repeat( 513 ), 'syteops_archive_entry_name_too_long' ], // 513 characters, 1,026 bytes
	[ '..', 'syteops_archive_entry_traversal' ],
	[ 'files/..', 'syteops_archive_entry_traversal' ],
	[ '.', 'syteops_archive_entry_empty_segment' ],
	[ './a', 'syteops_archive_entry_empty_segment' ],
	[ 'a/.', 'syteops_archive_entry_empty_segment' ],
];

describe( 'validateEntryPath', () => {
	it.each( rejected )( 'rejects %j with %s', ( name, code ) => {
		expect( () => validateEntryPath( name ) ).toThrow(
			expect.objectContaining( { code } )
		);
	} );

	it.each( [
		'manifest.json',
		'db/wp_posts.rows.ndjson',
		'files/wp-content/uploads/é/ü.jpg',
		'a..b/c..',
		'.htaccess',
		'files/wp-content/.well-known/x',
		'files/a.. /.b',
		'é'.repeat( 400 ), // 800 bytes: under the limit though 3 bytes a character would not be
	] )( 'accepts the ordinary name %j', ( name ) => {
		expect( () => validateEntryPath( name ) ).not.toThrow();
	} );
} );

describe( 'resolveInside', () => {
	const root = path.resolve( '/x/storage' );

	it( 'resolves a safe name to a path under the root', () => {
		expect( resolveInside( root, 'files/a.txt' ) ).toBe(
			path.join( root, 'files/a.txt' )
		);
	} );

	it( 'does not mistake a sibling with the same prefix for a child', () => {
		expect( () => resolveInside( root, '../storage-evil/x' ) ).toThrow(
			expect.objectContaining( {
				code: 'syteops_archive_entry_traversal',
			} )
		);
		expect( resolveInside( root, 'storage-evil/x' ) ).toBe(
			path.join( root, 'storage-evil/x' )
		);
		expect(
			resolveInside( root, 'storage-evil/x' ).startsWith(
				root + path.sep
			)
		).toBe( true );
	} );
} );
