/**
 * WordPress < 6.6 has no `react-jsx-runtime` script, which bundles built by current @wordpress/scripts
 * depend on. This maps the automatic JSX runtime onto the host's React.createElement. Registered only
 * when the host lacks the handle.
 * @param {Object} React the host's React (window.React)
 */
( function ( React ) {
	function jsx( type, props, key ) {
		const config = Object.assign( {}, props );
		if ( key !== undefined ) {
			config.key = key;
		}
		return React.createElement( type, config );
	}
	window.ReactJSXRuntime = { jsx, jsxs: jsx, Fragment: React.Fragment };
} )( window.React );
