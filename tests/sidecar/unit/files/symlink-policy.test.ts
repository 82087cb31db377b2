import { judgeSymlinks } from '../../../../sidecar/src/engine/files/symlink-policy';

const verdictOf = (
	links: Array< [ string, string ] >,
	which: string,
	wpContentDir?: string
) =>
	judgeSymlinks(
		links.map( ( [ path, target ] ) => ( { path, target } ) ),
		wpContentDir
	).get( which );

describe( 'judgeSymlinks', () => {
	it.each( [
		[ 'a sibling file', 'uploads/latest.jpg', '2024/01/photo.jpg' ],
		[ 'another top directory', 'themes/hello-link', '../plugins/hello' ],
		[ 'a path with . and empty segments', 'uploads/a', './b//c' ],
		[ 'a dangling target inside', 'uploads/a', '../plugins/not-there' ],
	] )( 'accepts a link to %s', ( _case, linkPath, target ) => {
		expect( verdictOf( [ [ linkPath, target ] ], linkPath ) ).toEqual( {
			ok: true,
		} );
	} );

	it.each( [
		[
			'wp-config.php beside wp-content',
			'uploads/x',
			'../../wp-config.php',
		],
		[ 'wp-content itself', 'uploads/root', '..' ],
		[ 'a directory above the site', 'plugins/a/b', '../../../../etc' ],
	] )( 'refuses a link to %s', ( _case, linkPath, target ) => {
		expect( verdictOf( [ [ linkPath, target ] ], linkPath ) ).toEqual( {
			ok: false,
			reason: 'outside',
		} );
	} );

	it( 'refuses an absolute target unless it points inside the destination wp-content', () => {
		const links: Array< [ string, string ] > = [
			[ 'uploads/in', '/srv/site/wp-content/uploads/a.jpg' ],
			[ 'uploads/out', '/srv/site/wp-config.php' ],
			[ 'uploads/sibling', '/srv/site/wp-content-evil/x' ],
		];
		expect( verdictOf( links, 'uploads/in' ) ).toEqual( {
			ok: false,
			reason: 'absolute',
		} );
		expect(
			verdictOf( links, 'uploads/in', '/srv/site/wp-content' )
		).toEqual( { ok: true } );
		expect(
			verdictOf( links, 'uploads/out', '/srv/site/wp-content' )
		).toEqual( { ok: false, reason: 'absolute' } );
		expect(
			verdictOf( links, 'uploads/sibling', '/srv/site/wp-content' )
		).toEqual( {
			ok: false,
			reason: 'absolute',
		} );
	} );

	it( 'resolves through other recorded links the way the kernel does', () => {
		// Lexically uploads/a/b/c/s/../../../../.. is wp-content; really `s` is x, so it is four levels above.
		const links: Array< [ string, string ] > = [
			[ 'uploads/a/b/c/s', '../../../../x' ],
			[ 'uploads/e', 'a/b/c/s/../../../../..' ],
		];
		expect( verdictOf( links, 'uploads/a/b/c/s' ) ).toEqual( { ok: true } );
		expect( verdictOf( links, 'uploads/e' ) ).toEqual( {
			ok: false,
			reason: 'outside',
		} );
	} );

	it( 'accepts a chain of links that stays inside', () => {
		const links: Array< [ string, string ] > = [
			[ 'uploads/deep', '../plugins/p/q/r' ],
			[ 'themes/t', '../uploads/deep/../x' ],
		];
		expect( verdictOf( links, 'themes/t' ) ).toEqual( { ok: true } );
	} );

	it( 'refuses a link loop instead of recursing forever', () => {
		const links: Array< [ string, string ] > = [
			[ 'uploads/a', 'b/x' ],
			[ 'uploads/b', 'a/y' ],
		];
		expect( verdictOf( links, 'uploads/a' ) ).toEqual( {
			ok: false,
			reason: 'loop',
		} );
	} );
} );
