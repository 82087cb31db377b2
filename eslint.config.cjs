/**
 * WordPress's ESLint rules (the @wordpress/scripts default), plus the project's generated and local-only
 * directories kept out: the stacks hold a full WordPress copy that is not ours to lint.
 */
const wordpressDefaults = require( '@wordpress/scripts/config/eslint.config.cjs' );

module.exports = [
	{
		ignores: [
			'.stack/**',
			'.stack-test/**',
			'bench/data/**',
			'test-artifacts/**',
			'coverage/**',
		],
	},
	...wordpressDefaults,
];
