/**
 * Four jest projects, one per test layer:
 * - unit: pure sidecar code, no servers;
 * - admin: the React bundle's pure pieces (jsdom not needed yet);
 * - integration: the sidecar against the real MariaDB, WordPress and filesystem of the stack;
 * - e2e: real Chromium (Debian's) driving the real wp-admin.
 */
const tsJest = [ 'ts-jest', { tsconfig: 'tsconfig.json' } ];
const common = {
	testEnvironment: 'node',
	transform: { '^.+\\.tsx?$': tsJest },
	moduleFileExtensions: [ 'ts', 'tsx', 'js', 'json' ],
	modulePathIgnorePatterns: [
		'<rootDir>/build/',
		'<rootDir>/.stack',
		'<rootDir>/.stack-test',
	],
};

module.exports = {
	// Per-project testTimeout is not applied by jest 30; the slowest layer's budget applies to all.
	testTimeout: 300000,
	projects: [
		{
			...common,
			displayName: 'unit',
			testMatch: [ '<rootDir>/tests/sidecar/unit/**/*.test.ts' ],
		},
		{
			...common,
			displayName: 'admin',
			testMatch: [ '<rootDir>/tests/admin/**/*.test.ts?(x)' ],
		},
		{
			...common,
			displayName: 'integration',
			testMatch: [ '<rootDir>/tests/sidecar/integration/**/*.test.ts' ],
			testTimeout: 120000,
		},
		{
			...common,
			displayName: 'hardening',
			testMatch: [ '<rootDir>/tests/hardening/**/*.test.ts' ],
			testTimeout: 300000,
		},
		{
			...common,
			displayName: 'e2e',
			testMatch: [ '<rootDir>/tests/e2e/**/*.test.ts' ],
			testTimeout: 180000,
		},
	],
};
